"""What the routes do: each action is a core action appended to the store, then the runner is told.

Routes stay thin; the rules about statuses live in `core.actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from twelve_factor.core.actions import answer_question, cancel_run, decide_approval, resume_run
from twelve_factor.core.agent import Agent
from twelve_factor.core.errors import RunStateError
from twelve_factor.core.events import Event, Thread
from twelve_factor.core.state import RunStatus, derive_state
from twelve_factor.server.errors import BadRequest, RunConflict
from twelve_factor.server.notifier import Notifier
from twelve_factor.server.runner import Runner
from twelve_factor.server.schemas import build_state, event_out, run_summary
from twelve_factor.server.threads import ThreadCache
from twelve_factor.store import RunStore, StaleThread
from twelve_factor.wire import EventOut, RunList, State

# Statuses in which a resume clashes with the run's own progress (409 as in
# the original spec) rather than being impossible for good (400).
BUSY_STATUSES: frozenset[RunStatus] = frozenset({"running", "waiting_human_input", "waiting_approval"})
EVENTS_PAGE = 1000
# A running run appends a step every few milliseconds; an action that loses
# the race to it reads the run again, this many times at most.
ACT_ATTEMPTS = 5


class RunService:
    """The API's operations on runs."""

    def __init__(
        self,
        store: RunStore,
        agent: Agent,
        runner: Runner,
        notifier: Notifier,
        clock: Callable[[], datetime],
        threads: ThreadCache,
    ) -> None:
        self.store = store
        self.threads = threads
        self.agent = agent
        self.runner = runner
        self.notifier = notifier
        self.clock = clock

    async def launch(self, task: str, max_steps: int | None) -> State:
        """Create a run and hand it to the runner; returns at once."""
        thread = self.agent.start(task, max_steps=max_steps)
        # Created already claimed by this process: no second write to claim it.
        lease = self.runner.new_lease(thread.run_id)
        record = await self.store.create(thread, derive_state(thread), self.agent.model.name, lease=lease)
        self.threads.put(thread, record)
        self.runner.execute(lease, record)
        return build_state(thread, record)

    async def state(self, run_id: str) -> State:
        """The run's current State."""
        thread, record = await self.threads.load(run_id)
        return build_state(thread, record)

    async def resume(self, run_id: str, max_steps: int | None) -> State:
        """Grant a fresh step budget; 409 while the run is busy, 400 once it has ended."""

        def action(thread: Thread) -> list[Event]:
            status = derive_state(thread).status
            if status in BUSY_STATUSES:
                raise RunConflict(
                    f"run {run_id} is {status}; it can be resumed once it is paused, failed or out of steps"
                )
            return resume_run(thread, self.clock(), max_steps=max_steps)

        return await self._act(run_id, action)

    async def provide_input(self, run_id: str, answer: str) -> State:
        """Answer the pending question; the run continues."""
        return await self._act(run_id, lambda thread: answer_question(thread, answer, self.clock()))

    async def approve(self, run_id: str, approved: bool, comment: str | None, call_id: str | None) -> State:
        """Approve or reject the pending call; the run continues either way."""
        return await self._act(
            run_id, lambda thread: decide_approval(thread, approved, self.clock(), comment=comment, call_id=call_id)
        )

    async def cancel(self, run_id: str, reason: str | None) -> State:
        """End the run for good; an executor stops at its next step boundary."""
        return await self._act(run_id, lambda thread: cancel_run(thread, self.clock(), reason=reason))

    async def pause(self, run_id: str) -> State:
        """Ask the executor to pause at its next step boundary; the State may still say running."""
        record = await self.store.get(run_id)
        if record.status != "running" or not await self.store.request_pause(run_id, self.clock()):
            status = (await self.store.get(run_id)).status
            raise RunStateError(f"run {run_id} is {status}; only a running run can be paused")
        self.notifier.notify(run_id)
        return await self.state(run_id)

    async def list_runs(self, status: RunStatus | None, limit: int, cursor: str | None) -> RunList:
        """A page of runs, newest first."""
        try:
            page = await self.store.list_runs(status=status, limit=limit, cursor=cursor)
        except ValueError as exc:
            raise BadRequest(str(exc)) from exc
        return RunList(items=[run_summary(record) for record in page.items], next_cursor=page.next_cursor)

    async def events(self, run_id: str, after: int) -> list[EventOut]:
        """Up to a page of the run's events after seq `after`."""
        await self.store.get(run_id)  # 404 for an unknown run rather than an empty list
        return [event_out(event) for event in await self.store.events_after(run_id, after, EVENTS_PAGE)]

    async def _act(self, run_id: str, action: Callable[[Thread], list[Event]]) -> State:
        for attempt in range(ACT_ATTEMPTS):
            thread, record = await self.threads.load(run_id, fresh=attempt > 0)
            new_events = action(thread)
            thread = thread.extend(new_events)
            state = derive_state(thread)
            try:
                # Guarded by the last seq we read: of two concurrent writers only
                # one appends. The other decides again on the newer thread (a
                # cancel still applies; a second resume now finds the run running).
                record = await self.store.append(run_id, new_events, state)
            except StaleThread:
                if attempt == ACT_ATTEMPTS - 1:
                    raise
                continue
            break
        self.threads.put(thread, record)
        self.notifier.notify(run_id, stopped=state.status != "running")
        if state.status == "running":
            self.runner.kick(run_id)
        return build_state(thread, record)
