"""The embedded model, for real: weights, structured output, the loop, the evals' smoke subset."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from twelve_factor.core.agent import Agent
from twelve_factor.core.errors import ConfigError
from twelve_factor.core.events import ToolCallEvent, ToolErrorEvent
from twelve_factor.core.loop import run_until_blocked
from twelve_factor.core.models.base import ModelRequest
from twelve_factor.core.models.local import LocalModel
from twelve_factor.core.models.local_weights import GGUF_NAME, GGUF_SHA256, GGUF_SIZE, ensure_gguf, sha256_of
from twelve_factor.core.state import derive_state
from twelve_factor.evals.cases import load_cases
from twelve_factor.evals.runner import format_table, pass_rate, run_cases

# The smoke subset guards the prompt, schema and thread format against regressions;
# the full suite's figure is in the README (`tfa eval --model local`).
SMOKE_MIN_PASS = 0.7


def test_the_assembled_weights_have_the_pinned_size_and_hash(gguf: Path) -> None:
    assert gguf.stat().st_size == GGUF_SIZE
    assert sha256_of(gguf) == GGUF_SHA256


def test_a_corrupt_cached_model_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / GGUF_NAME).write_bytes(b"GGUF" + b"\0" * 100)
    with pytest.raises(ConfigError, match=f"has 104 bytes, not {GGUF_SIZE}; delete it"):
        ensure_gguf(tmp_path)


def test_a_missing_model_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no model file at"):
        LocalModel(tmp_path / "nope.gguf")


async def test_an_agent_completes_a_task_on_the_embedded_model(local_model: LocalModel) -> None:
    agent = Agent(local_model, max_steps=5)
    thread = await run_until_blocked(agent, agent.start("What is 3 times 4?"))
    state = derive_state(thread)
    calls = [event.data for event in thread.events if isinstance(event, ToolCallEvent)]
    assert calls[0].name == "multiply_numbers"
    assert sorted(calls[0].arguments.values()) == [3, 4]
    assert state.status == "complete"
    assert state.final_answer is not None and "12" in state.final_answer
    assert calls[0].usage is not None and calls[0].usage.prompt_tokens > 0


async def test_every_reply_is_a_valid_call_even_for_nonsense(local_model: LocalModel) -> None:
    agent = Agent(local_model, max_steps=1)
    thread = await run_until_blocked(agent, agent.start("zzq ploof 77 ???"))
    assert not [event for event in thread.events if isinstance(event, ToolErrorEvent)]
    call = next(event.data for event in thread.events if isinstance(event, ToolCallEvent))
    assert call.name in {spec.name for spec in agent.tool_specs}


async def test_inference_does_not_block_the_event_loop(local_model: LocalModel) -> None:
    agent = Agent(local_model)
    thread = agent.start("What is the square root of 81?")
    request = ModelRequest(
        messages=tuple(agent.context.build(thread, agent.system_prompt)), tools=agent.tool_specs, thread=thread
    )
    ticks = 0
    done = asyncio.Event()

    async def heartbeat() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.01)  # a periodic task, not synchronisation

    beat = asyncio.create_task(heartbeat())
    started = time.perf_counter()
    first, second = await asyncio.gather(local_model.complete(request), local_model.complete(request))
    elapsed = time.perf_counter() - started
    done.set()
    await beat
    assert first.name == second.name == "square_root"
    assert ticks > elapsed / 0.01 / 4, "the loop kept running while two requests waited their turn"


async def test_the_smoke_evals_pass_on_the_embedded_model(local_model: LocalModel) -> None:
    results = await run_cases(Agent(local_model), load_cases(smoke_only=True))
    print(format_table(results))
    assert pass_rate(results) >= SMOKE_MIN_PASS, format_table(results)
