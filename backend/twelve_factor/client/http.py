"""Typed HTTP clients of the API: `Client` (blocking) and `AsyncClient`.

As in httpx, the twins differ only where I/O happens: each endpoint is
described once as a `Call` (method, path, body, how to read the answer) and
errors are mapped once (`errors.error_for`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx
from pydantic import TypeAdapter

from twelve_factor.client.errors import ClientError, TransportError, error_for
from twelve_factor.client.sse import SseMessage, SseParser
from twelve_factor.core.events import Event, parse_event
from twelve_factor.core.state import RunStatus
from twelve_factor.core.tools import ToolSpec
from twelve_factor.wire import EventList, Health, RunList, State

T = TypeVar("T")
StreamItem = Event | State
DEFAULT_URL = "http://127.0.0.1:8000"
# The server sends a heartbeat every 15 s, so a stream silent for a minute is dead.
STREAM_TIMEOUT = httpx.Timeout(10.0, read=60.0)
STREAM_RECONNECTS = 3
_TOOLS = TypeAdapter(list[ToolSpec])


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request to the API and how to read its JSON answer."""

    method: str
    path: str
    parse: Callable[[Any], T]
    body: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)


def _events(payload: Any) -> list[Event]:
    return [parse_event(item.model_dump(mode="json")) for item in EventList.model_validate(payload).events]


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


class Calls:
    """Every endpoint as a `Call`; shared by `Client` and `AsyncClient`."""

    @staticmethod
    def launch(input_prompt: str, max_steps: int | None = None) -> Call[State]:
        body = _drop_none({"input_prompt": input_prompt, "max_steps": max_steps})
        return Call("POST", "/agent/launch", State.model_validate, body)

    @staticmethod
    def state(run_id: str) -> Call[State]:
        return Call("GET", f"/agent/state/{run_id}", State.model_validate)

    @staticmethod
    def resume(run_id: str, max_steps: int | None = None) -> Call[State]:
        return Call("POST", "/agent/resume", State.model_validate, _drop_none({"id": run_id, "max_steps": max_steps}))

    @staticmethod
    def provide_input(run_id: str, answer: str) -> Call[State]:
        return Call("POST", "/agent/provide_input", State.model_validate, {"id": run_id, "answer": answer})

    @staticmethod
    def pause(run_id: str) -> Call[State]:
        return Call("POST", "/agent/pause", State.model_validate, {"id": run_id})

    @staticmethod
    def approve(run_id: str, approved: bool, comment: str | None = None, call_id: str | None = None) -> Call[State]:
        body = _drop_none({"id": run_id, "approved": approved, "comment": comment, "call_id": call_id})
        return Call("POST", "/agent/approve", State.model_validate, body)

    @staticmethod
    def cancel(run_id: str, reason: str | None = None) -> Call[State]:
        return Call("POST", "/agent/cancel", State.model_validate, _drop_none({"id": run_id, "reason": reason}))

    @staticmethod
    def runs(status: RunStatus | None = None, limit: int = 20, cursor: str | None = None) -> Call[RunList]:
        params = _drop_none({"status": status, "limit": limit, "cursor": cursor})
        return Call("GET", "/agent/runs", RunList.model_validate, params=params)

    @staticmethod
    def events(run_id: str, after: int = -1) -> Call[list[Event]]:
        return Call("GET", f"/agent/runs/{run_id}/events", _events, params={"after": after})

    @staticmethod
    def tools() -> Call[list[ToolSpec]]:
        return Call("GET", "/tools", _TOOLS.validate_python)

    @staticmethod
    def health() -> Call[Health]:
        return Call("GET", "/healthz", Health.model_validate)


def stream_path(run_id: str) -> str:
    """Where a run's event stream is served."""
    return f"/agent/runs/{run_id}/stream"


def _headers(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def _read(call: Call[T], response: httpx.Response) -> T:
    try:
        payload = response.json()
    except json.JSONDecodeError:
        payload = response.text
    if response.is_error:
        raise error_for(response.status_code, payload)
    return call.parse(payload)


def _check_stream(response: httpx.Response, body: bytes) -> None:
    if response.is_error:
        try:
            payload = json.loads(body)
        except json.JSONDecodeError:
            payload = body.decode(errors="replace")
        raise error_for(response.status_code, payload)


def _stream_item(message: SseMessage) -> StreamItem | None:
    if message.event == "thread_event":
        return parse_event(json.loads(message.data))
    if message.event == "state":
        return State.model_validate_json(message.data)
    return None


class _Follow:
    """Where a followed stream is, so a reconnect resumes after the last event (`Last-Event-ID`)."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.reconnects = 0
        self.parser = SseParser()

    def connect(self, response: httpx.Response, error_body: bytes) -> None:
        """Check a new connection's answer and start parsing afresh."""
        _check_stream(response, error_body)
        self.parser = SseParser()

    def take(self, line: str) -> StreamItem | None:
        """The item a line completes, if any."""
        message = self.parser.feed(line)
        return self.seen(_stream_item(message)) if message else None

    def headers(self) -> dict[str, str]:
        return {"Last-Event-ID": str(self.after)} if self.after >= 0 else {}

    def seen(self, item: StreamItem | None) -> StreamItem | None:
        if item is not None and not isinstance(item, State):
            self.after = item.seq
            self.reconnects = 0
        return item

    def retry(self, exc: httpx.TransportError) -> None:
        self.reconnects += 1
        if self.reconnects > STREAM_RECONNECTS:
            raise TransportError(f"the event stream broke {self.reconnects} times: {exc}") from exc


class Client:
    """Blocking client: `with Client(url, token=...) as api: api.launch("task")`."""

    def __init__(self, base_url: str = DEFAULT_URL, *, token: str | None = None, timeout: float = 30.0) -> None:
        self._http = httpx.Client(base_url=base_url, headers=_headers(token), timeout=timeout)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def send(self, call: Call[T]) -> T:
        """Perform one call; raises `ApiError` subclasses with the server's message."""
        try:
            response = self._http.request(call.method, call.path, json=call.body, params=call.params)
        except httpx.TransportError as exc:
            raise TransportError(f"cannot reach {self._http.base_url}: {exc}") from exc
        return _read(call, response)

    def launch(self, input_prompt: str, max_steps: int | None = None) -> State:
        """Start a run; it executes on the server."""
        return self.send(Calls.launch(input_prompt, max_steps))

    def state(self, run_id: str) -> State:
        """The run's current State."""
        return self.send(Calls.state(run_id))

    def resume(self, run_id: str, max_steps: int | None = None) -> State:
        """Continue a paused, failed or max_steps_reached run."""
        return self.send(Calls.resume(run_id, max_steps))

    def provide_input(self, run_id: str, answer: str) -> State:
        """Answer the pending question."""
        return self.send(Calls.provide_input(run_id, answer))

    def pause(self, run_id: str) -> State:
        """Pause at the next step boundary."""
        return self.send(Calls.pause(run_id))

    def approve(self, run_id: str, approved: bool, comment: str | None = None, call_id: str | None = None) -> State:
        """Approve or reject the pending call."""
        return self.send(Calls.approve(run_id, approved, comment, call_id))

    def cancel(self, run_id: str, reason: str | None = None) -> State:
        """End the run for good."""
        return self.send(Calls.cancel(run_id, reason))

    def runs(self, status: RunStatus | None = None, limit: int = 20, cursor: str | None = None) -> RunList:
        """A page of runs, newest first."""
        return self.send(Calls.runs(status, limit, cursor))

    def events(self, run_id: str, after: int = -1) -> list[Event]:
        """The run's events after seq `after` (up to 1000)."""
        return self.send(Calls.events(run_id, after))

    def tools(self) -> list[ToolSpec]:
        """The tool catalogue."""
        return self.send(Calls.tools())

    def health(self) -> Health:
        """The server's health."""
        return self.send(Calls.health())

    def follow(self, run_id: str, after: int = -1) -> Iterator[StreamItem]:
        """The run's events as they happen, each batch followed by its State; ends when the run ends.

        A broken connection is resumed after the last event seen.
        """
        position = _Follow(after)
        while True:
            try:
                with self._http.stream(
                    "GET", stream_path(run_id), headers=position.headers(), timeout=STREAM_TIMEOUT
                ) as response:
                    position.connect(response, response.read() if response.is_error else b"")
                    for line in response.iter_lines():
                        if (item := position.take(line)) is not None:
                            yield item
                return
            except httpx.TransportError as exc:
                position.retry(exc)


class AsyncClient:
    """Asynchronous client: `async with AsyncClient(url) as api: await api.launch("task")`."""

    def __init__(self, base_url: str = DEFAULT_URL, *, token: str | None = None, timeout: float = 30.0) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, headers=_headers(token), timeout=timeout)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def send(self, call: Call[T]) -> T:
        """Perform one call; raises `ApiError` subclasses with the server's message."""
        try:
            response = await self._http.request(call.method, call.path, json=call.body, params=call.params)
        except httpx.TransportError as exc:
            raise TransportError(f"cannot reach {self._http.base_url}: {exc}") from exc
        return _read(call, response)

    async def launch(self, input_prompt: str, max_steps: int | None = None) -> State:
        """Start a run; it executes on the server."""
        return await self.send(Calls.launch(input_prompt, max_steps))

    async def state(self, run_id: str) -> State:
        """The run's current State."""
        return await self.send(Calls.state(run_id))

    async def resume(self, run_id: str, max_steps: int | None = None) -> State:
        """Continue a paused, failed or max_steps_reached run."""
        return await self.send(Calls.resume(run_id, max_steps))

    async def provide_input(self, run_id: str, answer: str) -> State:
        """Answer the pending question."""
        return await self.send(Calls.provide_input(run_id, answer))

    async def pause(self, run_id: str) -> State:
        """Pause at the next step boundary."""
        return await self.send(Calls.pause(run_id))

    async def approve(
        self, run_id: str, approved: bool, comment: str | None = None, call_id: str | None = None
    ) -> State:
        """Approve or reject the pending call."""
        return await self.send(Calls.approve(run_id, approved, comment, call_id))

    async def cancel(self, run_id: str, reason: str | None = None) -> State:
        """End the run for good."""
        return await self.send(Calls.cancel(run_id, reason))

    async def runs(self, status: RunStatus | None = None, limit: int = 20, cursor: str | None = None) -> RunList:
        """A page of runs, newest first."""
        return await self.send(Calls.runs(status, limit, cursor))

    async def events(self, run_id: str, after: int = -1) -> list[Event]:
        """The run's events after seq `after` (up to 1000)."""
        return await self.send(Calls.events(run_id, after))

    async def tools(self) -> list[ToolSpec]:
        """The tool catalogue."""
        return await self.send(Calls.tools())

    async def health(self) -> Health:
        """The server's health."""
        return await self.send(Calls.health())

    async def follow(self, run_id: str, after: int = -1) -> AsyncIterator[StreamItem]:
        """The run's events as they happen, each batch followed by its State; ends when the run ends."""
        position = _Follow(after)
        while True:
            try:
                async with self._http.stream(
                    "GET", stream_path(run_id), headers=position.headers(), timeout=STREAM_TIMEOUT
                ) as response:
                    position.connect(response, await response.aread() if response.is_error else b"")
                    async for line in response.aiter_lines():
                        if (item := position.take(line)) is not None:
                            yield item
                return
            except httpx.TransportError as exc:
                position.retry(exc)


__all__ = ["AsyncClient", "Call", "Calls", "Client", "ClientError", "StreamItem"]
