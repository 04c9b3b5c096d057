"""The control loop (factor 8): step a run until it needs a person or ends."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from twelve_factor.core.actions import pause_run
from twelve_factor.core.agent import Agent
from twelve_factor.core.events import Event, Thread
from twelve_factor.core.state import derive_state

EventsListener = Callable[[Thread, list[Event]], Awaitable[None]]

# A safety net against a reducer bug looping forever; the step budget is the
# real limit and is far below this.
MAX_ITERATIONS = 100_000


async def run_until_blocked(
    agent: Agent,
    thread: Thread,
    *,
    on_events: EventsListener | None = None,
    pause_requested: Callable[[], bool] | None = None,
) -> Thread:
    """Step while the run is `running`; report each step's events to `on_events`.

    `pause_requested` is checked at each step boundary, which is where a
    pause takes effect.
    """
    for _ in range(MAX_ITERATIONS):
        if derive_state(thread).status != "running":
            return thread
        if pause_requested is not None and pause_requested():
            events = pause_run(thread, agent.clock())
        else:
            events = await agent.step(thread)
        thread = thread.extend(events)
        if on_events is not None:
            await on_events(thread, events)
    raise RuntimeError(f"run {thread.run_id} did not stop after {MAX_ITERATIONS} steps")
