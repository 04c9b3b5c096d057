"""The `openai` client against a real OpenAI-compatible peer: `python -m llama_cpp.server`.

The server runs the embedded GGUF with the model's own chat template, which
renders the tools and the tool results in Qwen's native format. (Its
`chatml-function-calling` format cannot run an agent in llama-cpp-python
0.3.36: with `tool_choice="auto"` a "message" first choice is continued with
the function-name grammar, and tool results are dropped from the prompt.)
The server leaves the model's tool call in the message text; the client reads
it from there (`call_in_text`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from twelve_factor.core.agent import Agent
from twelve_factor.core.events import ToolCallEvent, ToolResultEvent
from twelve_factor.core.loop import run_until_blocked
from twelve_factor.core.models.openai import OpenAIModel
from twelve_factor.core.state import derive_state

ALIAS = "local-qwen"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def peer_url(gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = (tmp_path_factory.mktemp("peer") / "server.log").open("w")
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(gguf), "--model_alias", ALIAS,
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--verbose", "False",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {process.returncode}; see {log.name}")
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("llama_cpp.server did not answer /v1/models within 120 s")
            time.sleep(0.1)  # polling readiness with a deadline
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


async def test_an_agent_completes_through_the_openai_client_and_a_real_peer(peer_url: str) -> None:
    model = OpenAIModel(ALIAS, api_key="sk-local", base_url=peer_url, tool_choice="auto", temperature=0)
    agent = Agent(model, max_steps=4)
    thread = await run_until_blocked(agent, agent.start("What is 3 times 4?"))
    state = derive_state(thread)
    first_call = next(event.data for event in thread.events if isinstance(event, ToolCallEvent))
    assert (first_call.name, first_call.arguments) == ("multiply_numbers", {"a": 3, "b": 4})
    assert first_call.usage is not None and first_call.usage.prompt_tokens > 0
    assert [event.data.output for event in thread.events if isinstance(event, ToolResultEvent)] == [12.0]
    assert state.status == "complete"
    assert state.final_answer is not None and "12" in state.final_answer
