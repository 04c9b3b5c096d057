"""Derived run state: a pure fold over the thread's events (factor 5).

Nothing here is stored on its own. The server's `runs` row is a cache of
`derive_state(thread)`, recomputed whenever events are appended.
"""

from __future__ import annotations

import copy
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict

from twelve_factor.core.events import (
    ApprovalDecisionEvent,
    ApprovalRequest,
    ApprovalRequestEvent,
    Event,
    FinalAnswerEvent,
    HumanAnswerEvent,
    HumanQuestion,
    HumanQuestionEvent,
    StatusEvent,
    Thread,
    ToolCall,
    ToolCallEvent,
    ToolErrorEvent,
    ToolResultEvent,
    UserInputEvent,
)
from twelve_factor.core.prefix_cache import PrefixCache

RunStatus = Literal[
    "running",
    "paused",
    "waiting_human_input",
    "waiting_approval",
    "complete",
    "failed",
    "max_steps_reached",
    "cancelled",
]
RUN_STATUSES: tuple[RunStatus, ...] = (
    "running",
    "paused",
    "waiting_human_input",
    "waiting_approval",
    "complete",
    "failed",
    "max_steps_reached",
    "cancelled",
)
# A person can resume these; `complete` and `cancelled` are final.
RESUMABLE_STATUSES: frozenset[RunStatus] = frozenset({"paused", "failed", "max_steps_reached"})
FINAL_STATUSES: frozenset[RunStatus] = frozenset({"complete", "cancelled"})


class RunState(BaseModel):
    """Everything a caller needs to know about a run, derived from its events."""

    model_config = ConfigDict(frozen=True)

    run_id: str
    status: RunStatus
    task: str
    steps: int
    steps_in_budget: int
    max_steps: int
    final_answer: str | None
    error: str | None
    pending_question: HumanQuestion | None
    pending_approval: ApprovalRequest | None
    approved_call: ApprovalRequest | None
    consecutive_errors: int
    repeated_calls: int
    last_signature: str | None
    prompt_tokens: int
    completion_tokens: int
    last_seq: int


def call_signature(call: ToolCall) -> str:
    """A canonical key for "the same call with the same arguments"."""
    return call.name + json.dumps(call.arguments, sort_keys=True, default=str)


class _Fold:
    """Mutable accumulator used only inside `derive_state`."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id
        self.status: RunStatus = "running"
        self.task = ""
        self.steps = 0
        self.steps_in_budget = 0
        self.max_steps = 1
        self.final_answer: str | None = None
        self.error: str | None = None
        self.pending_question: HumanQuestion | None = None
        self.pending_approval: ApprovalRequest | None = None
        self.approved_call: ApprovalRequest | None = None
        self.consecutive_errors = 0
        self.repeated_calls = 0
        self.last_signature: str | None = None
        self.prompt_tokens = 0
        self.completion_tokens = 0

    def reset_streaks(self) -> None:
        # A person stepping in (answer, decision, resume) gives the model new
        # information, so error and repetition streaks start again.
        self.consecutive_errors = 0
        self.repeated_calls = 0
        self.last_signature = None

    def apply(self, event: Event) -> None:
        match event:
            case UserInputEvent(data=data):
                self.task = data.content
                self.max_steps = data.max_steps
                self.status = "running"
            case ToolCallEvent(data=data):
                self.steps += 1
                self.steps_in_budget += 1
                signature = call_signature(data)
                self.repeated_calls = self.repeated_calls + 1 if signature == self.last_signature else 1
                self.last_signature = signature
                if data.usage is not None:
                    self.prompt_tokens += data.usage.prompt_tokens
                    self.completion_tokens += data.usage.completion_tokens
            case ToolResultEvent(data=data):
                self.consecutive_errors = 0
                self.error = None
                self._clear_approved(data.call_id)
            case ToolErrorEvent(data=data):
                self.consecutive_errors += 1
                self.error = f"{data.name}: {data.message}"
                self._clear_approved(data.call_id)
            case HumanQuestionEvent(data=data):
                self.pending_question = data
                self.status = "waiting_human_input"
            case HumanAnswerEvent():
                self.pending_question = None
                self.status = "running"
                self.error = None
                self.reset_streaks()
            case ApprovalRequestEvent(data=data):
                self.pending_approval = data
                self.status = "waiting_approval"
            case ApprovalDecisionEvent(data=data):
                if data.approved:
                    self.approved_call = self.pending_approval
                self.pending_approval = None
                self.status = "running"
                self.reset_streaks()
            case FinalAnswerEvent(data=data):
                self.final_answer = data.answer
                self.status = "complete"
            case StatusEvent(data=data):
                self._apply_status(data.status, data.reason, data.max_steps)

    def _clear_approved(self, call_id: str) -> None:
        if self.approved_call is not None and self.approved_call.call_id == call_id:
            self.approved_call = None

    def _apply_status(self, status: str, reason: str | None, max_steps: int | None) -> None:
        if status == "resumed":
            # Resuming grants a fresh step budget.
            self.status = "running"
            self.steps_in_budget = 0
            self.max_steps = max_steps or self.max_steps
            self.error = None
            self.reset_streaks()
        elif status == "paused":
            self.status = "paused"
        elif status == "max_steps_reached":
            self.status = "max_steps_reached"
            self.error = reason
        elif status == "failed":
            self.status = "failed"
            self.error = reason
        elif status == "cancelled":
            self.status = "cancelled"
            self.error = reason
            self.pending_question = None
            self.pending_approval = None


# derive_state is pure, so a runner extending a thread step by step pays for
# the new events only (see prefix_cache).
_FOLDS: PrefixCache[_Fold] = PrefixCache()


def derive_state(thread: Thread) -> RunState:
    """Fold a thread's events into its state. Pure: same events, same state."""
    if not thread.events or not isinstance(thread.events[0], UserInputEvent):
        raise ValueError(f"thread {thread.run_id} must start with a user_input event")
    cached = _FOLDS.prefix_of(thread)
    fold, start = (copy.copy(cached[0]), cached[1]) if cached else (_Fold(thread.run_id), 0)
    for event in thread.events[start:]:
        fold.apply(event)
    _FOLDS.remember(thread, fold)
    return RunState(
        run_id=fold.run_id,
        status=fold.status,
        task=fold.task,
        steps=fold.steps,
        steps_in_budget=fold.steps_in_budget,
        max_steps=fold.max_steps,
        final_answer=fold.final_answer,
        error=fold.error,
        pending_question=fold.pending_question,
        pending_approval=fold.pending_approval,
        approved_call=fold.approved_call,
        consecutive_errors=fold.consecutive_errors,
        repeated_calls=fold.repeated_calls,
        last_signature=fold.last_signature,
        prompt_tokens=fold.prompt_tokens,
        completion_tokens=fold.completion_tokens,
        last_seq=thread.events[-1].seq,
    )
