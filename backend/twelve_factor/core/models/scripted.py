"""`ScriptedModel`: a deterministic test double that plays given tool calls.

It is part of the library (like pydantic-ai's TestModel) so users can test
their agents without a network. It is a double: it never looks at the
prompt's meaning, only at the thread.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from twelve_factor.core.errors import ConfigError, ModelError
from twelve_factor.core.events import UserInputEvent
from twelve_factor.core.models.base import ModelReply, ModelRequest
from twelve_factor.core.state import derive_state


class ScriptedCall(BaseModel):
    """One call the double will make."""

    model_config = ConfigDict(frozen=True)

    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Playlist(BaseModel):
    """Calls to play in order: `calls` repeated `repeat` times, then `then` once.

    `repeat` and `then` give long runs without long files, e.g. 400 tool
    steps and a final answer: `{"calls": [...2 calls...], "repeat": 200,
    "then": [{"name": "final_answer", ...}]}`. Alternate at least two
    different calls, or stuck detection stops the run.
    """

    calls: list[ScriptedCall] = Field(default_factory=list)
    repeat: int = Field(default=1, ge=1)
    then: list[ScriptedCall] = Field(default_factory=list)

    def played(self) -> list[ScriptedCall]:
        """Every call, in the order they are played."""
        return self.calls * self.repeat + self.then


class Scenario(Playlist):
    """Calls played for tasks that contain `match` (case-insensitive)."""

    match: str = Field(min_length=1)


class ScriptFile(Playlist):
    """The JSON file behind `TFA_MODEL=scripted:/path/to/script.json`.

    Its own calls are played for every task; with `scenarios`, the first
    scenario whose `match` occurs in the task is played instead, so one
    server can act out several stories (ask a person, need approval, loop
    forever...). `latency_ms` is waited before each call, like a real model.
    """

    scenarios: list[Scenario] = Field(default_factory=list)
    latency_ms: float = Field(default=0, ge=0)

    def calls_for(self, task: str) -> list[ScriptedCall]:
        """The calls to play for `task`."""
        lowered = task.lower()
        for scenario in self.scenarios:
            if scenario.match.lower() in lowered:
                return scenario.played()
        return self.played()


ScriptFunction = Callable[[ModelRequest], ScriptedCall | ModelReply]


class ScriptedModel:
    """Plays `script` in order, or asks `script(request)` for each call.

    The position in a list script is the number of tool calls already in the
    thread, not a counter in memory, so a run resumed after a crash (or by
    another process) continues where it left off, as a real model would.
    """

    def __init__(
        self,
        script: Sequence[ScriptedCall | tuple[str, dict[str, Any]]] | ScriptFunction,
        *,
        latency_s: float = 0.0,
        name: str = "scripted",
    ) -> None:
        self._function: ScriptFunction | None = script if callable(script) else None
        self._calls: list[ScriptedCall] = []
        if not callable(script):
            self._calls = [
                item if isinstance(item, ScriptedCall) else ScriptedCall(name=item[0], arguments=item[1])
                for item in script
            ]
        self._latency_s = latency_s
        self._name = name

    @classmethod
    def from_file(cls, path: str | Path) -> ScriptedModel:
        """Load `{"calls": [{"name", "arguments"}...], "latency_ms": 0}` from a JSON file."""
        location = Path(path)
        try:
            script = ScriptFile.model_validate_json(location.read_text())
        except OSError as exc:
            raise ConfigError(f"cannot read the scripted model's file {location}: {exc.strerror}") from exc
        except ValidationError as exc:
            raise ConfigError(f"the scripted model's file {location} is not a valid script: {exc}") from exc
        if not script.scenarios:
            return cls(script.played(), latency_s=script.latency_ms / 1000, name=f"scripted:{location.name}")

        def by_task(request: ModelRequest) -> ScriptedCall:
            calls = script.calls_for(_task_of(request))
            return _play(calls, request)

        return cls(by_task, latency_s=script.latency_ms / 1000, name=f"scripted:{location.name}")

    @property
    def name(self) -> str:
        return self._name

    async def complete(self, request: ModelRequest) -> ModelReply:
        if self._latency_s:
            await asyncio.sleep(self._latency_s)  # simulated model latency, not synchronisation
        if self._function is not None:
            chosen = self._function(request)
            if isinstance(chosen, ModelReply):
                return chosen
        else:
            chosen = _play(self._calls, request)
        return ModelReply(name=chosen.name, arguments=dict(chosen.arguments), raw=json.dumps(chosen.arguments))


def _task_of(request: ModelRequest) -> str:
    first = request.thread.events[0]
    return first.data.content if isinstance(first, UserInputEvent) else ""


def _play(calls: Sequence[ScriptedCall], request: ModelRequest) -> ScriptedCall:
    position = derive_state(request.thread).steps  # the tool calls so far; incremental, not a re-count
    if position >= len(calls):
        raise ModelError(f"the scripted model has only {len(calls)} calls; call {position + 1} was asked for")
    return calls[position]
