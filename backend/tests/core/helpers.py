"""Helpers for core tests: a fixed clock and a driver that records every step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from twelve_factor.core.agent import Agent
from twelve_factor.core.events import Event, Thread
from twelve_factor.core.loop import run_until_blocked
from twelve_factor.core.models.scripted import ScriptedCall, ScriptedModel, ScriptFunction
from twelve_factor.core.state import RunState, derive_state
from twelve_factor.core.tools import MATH_TOOLS, Tool


class StepClock:
    """A deterministic clock: each reading is one second after the previous one."""

    def __init__(self) -> None:
        self._now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self._now += timedelta(seconds=1)
        return self._now


def calls(*items: tuple[str, dict[str, Any]]) -> list[ScriptedCall]:
    """A script from (name, arguments) pairs."""
    return [ScriptedCall(name=name, arguments=arguments) for name, arguments in items]


def scripted_agent(
    script: list[ScriptedCall] | ScriptFunction, tools: tuple[Tool, ...] = MATH_TOOLS, **options: Any
) -> Agent:
    """An agent on the scripted double with a deterministic clock."""
    return Agent(ScriptedModel(script), tools, clock=StepClock(), **options)


class Recorder:
    """Collects the states seen after every step of a live run."""

    def __init__(self) -> None:
        self.states: list[tuple[int, RunState]] = []

    async def __call__(self, thread: Thread, events: list[Event]) -> None:
        self.states.append((len(thread.events), derive_state(thread)))


async def drive(agent: Agent, thread: Thread, recorder: Recorder | None = None) -> Thread:
    """Run until the run needs a person or ends."""
    return await run_until_blocked(agent, thread, on_events=recorder)
