"""What a person can do to a run: answer, approve or reject, pause, resume, cancel.

Each action is a pure function of the thread that returns the events to
append, or raises `RunStateError` when the run's status does not allow it.
The CLI and the server both call these, so the rules live in one place.
"""

from __future__ import annotations

from datetime import datetime

from twelve_factor.core.errors import RunStateError
from twelve_factor.core.events import (
    ApprovalDecision,
    Event,
    HumanAnswer,
    StatusChange,
    Thread,
    number_events,
)
from twelve_factor.core.state import FINAL_STATUSES, RESUMABLE_STATUSES, RunState, derive_state


def _refuse(state: RunState, wanted: str) -> RunStateError:
    return RunStateError(f"run {state.run_id} is {state.status}; {wanted}")


def answer_question(thread: Thread, answer: str, now: datetime) -> list[Event]:
    """The person's answer to the pending question; the run continues."""
    state = derive_state(thread)
    if state.status != "waiting_human_input" or state.pending_question is None:
        raise _refuse(state, "only a run waiting for human input can be answered")
    data = HumanAnswer(call_id=state.pending_question.call_id, answer=answer)
    return number_events(thread.next_seq, [data], now)


def decide_approval(
    thread: Thread, approved: bool, now: datetime, *, comment: str | None = None, call_id: str | None = None
) -> list[Event]:
    """Approve or reject the pending call; `call_id`, when given, must name it."""
    state = derive_state(thread)
    pending = state.pending_approval
    if state.status != "waiting_approval" or pending is None:
        raise _refuse(state, "only a run waiting for approval can be approved or rejected")
    if call_id is not None and call_id != pending.call_id:
        raise RunStateError(f"run {state.run_id} waits for approval of call {pending.call_id}, not {call_id}")
    data = ApprovalDecision(call_id=pending.call_id, approved=approved, comment=comment)
    return number_events(thread.next_seq, [data], now)


def pause_run(thread: Thread, now: datetime) -> list[Event]:
    """Stop a running run at its step boundary."""
    state = derive_state(thread)
    if state.status != "running":
        raise _refuse(state, "only a running run can be paused")
    return number_events(thread.next_seq, [StatusChange(status="paused")], now)


def resume_run(thread: Thread, now: datetime, *, max_steps: int | None = None) -> list[Event]:
    """Continue a paused, failed or max_steps_reached run with a fresh step budget."""
    state = derive_state(thread)
    if state.status not in RESUMABLE_STATUSES:
        allowed = ", ".join(sorted(RESUMABLE_STATUSES))
        raise _refuse(state, f"only {allowed} runs can be resumed")
    return number_events(thread.next_seq, [StatusChange(status="resumed", max_steps=max_steps)], now)


def cancel_run(thread: Thread, now: datetime, *, reason: str | None = None) -> list[Event]:
    """End a run for good; it can no longer be resumed."""
    state = derive_state(thread)
    if state.status in FINAL_STATUSES:
        raise _refuse(state, "it has already ended")
    data = StatusChange(status="cancelled", reason=reason or "cancelled by a person")
    return number_events(thread.next_seq, [data], now)
