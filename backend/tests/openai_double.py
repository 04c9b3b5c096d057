"""`ScriptedOpenAIServer`: a test double of an OpenAI-compatible server, over real HTTP.

It serves /v1/chat/completions on 127.0.0.1 from a queue of canned responses
and records every request, so the real `openai` SDK (retries, headers,
parsing) is exercised without patching anything.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class CannedResponse:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


def tool_call_response(name: str, arguments: dict[str, Any] | str, *, prompt_tokens: int = 11) -> CannedResponse:
    """A 200 whose single choice calls `name`."""
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "call_abc", "type": "function", "function": {"name": name, "arguments": raw}}],
    }
    return _completion(message, "tool_calls", prompt_tokens)


def text_response(text: str) -> CannedResponse:
    """A 200 whose single choice is plain text."""
    return _completion({"role": "assistant", "content": text}, "stop", 5)


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> CannedResponse:
    """An error in OpenAI's error shape."""
    return CannedResponse(status, {"error": {"message": message, "type": "test", "code": None}}, headers or {})


def _completion(message: dict[str, Any], finish_reason: str, prompt_tokens: int) -> CannedResponse:
    return CannedResponse(
        200,
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": "test-model",
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": 7, "total_tokens": prompt_tokens + 7},
        },
    )


class ScriptedOpenAIServer:
    """Plays `responses` in order; records request bodies and headers."""

    def __init__(self) -> None:
        self.responses: list[CannedResponse] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"

    async def _complete(self, request: Request) -> JSONResponse:
        self.requests.append(await request.json())
        self.headers.append(dict(request.headers))
        if not self.responses:
            return JSONResponse(error_response(500, "the double has no response left").body, status_code=500)
        canned = self.responses.pop(0)
        if canned.delay_s:
            await asyncio.sleep(canned.delay_s)  # simulates a slow server, not synchronisation
        return JSONResponse(canned.body, status_code=canned.status, headers=canned.headers)

    @contextmanager
    def running(self) -> Iterator[ScriptedOpenAIServer]:
        app = Starlette(routes=[Route("/v1/chat/completions", self._complete, methods=["POST"])])
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the OpenAI double did not start within 10 s")
            time.sleep(0.01)  # polling the started flag with a deadline
        try:
            yield self
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
