"""The event thread: a run is an append-only list of events (factor 5).

Every event is `{seq, type, data, created_at}` on the wire; each kind has its
own pydantic model so `data` is typed. Nothing else about a run is stored: its
status, step counts and pending calls are derived from these events
(`state.derive_state`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


def utc_now() -> datetime:
    """The default clock: timezone-aware UTC."""
    return datetime.now(UTC)


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TokenUsage(_Data):
    """Tokens the model spent on one step, as the model client reported them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class UserInput(_Data):
    """The task a person gave the run; `max_steps` is the budget per launch or resume."""

    content: str
    max_steps: int = Field(ge=1)


class ToolCall(_Data):
    """One structured step the model chose: a tool name and its arguments."""

    call_id: str
    name: str
    arguments: dict[str, Any]
    usage: TokenUsage | None = None
    model: str | None = None
    duration_ms: float | None = None


class ToolResult(_Data):
    """What a tool returned for a call."""

    call_id: str
    name: str
    output: Any
    duration_ms: float | None = None


ToolErrorKind = Literal["unknown_tool", "invalid_arguments", "tool_failed", "invalid_model_output"]


class ToolErrorData(_Data):
    """A failed call, kept compact so the model can learn from it (factor 9)."""

    call_id: str
    name: str
    kind: ToolErrorKind
    message: str
    duration_ms: float | None = None


class HumanQuestion(_Data):
    """The run asks a person something and waits (`ask_human` or error escalation)."""

    call_id: str
    question: str


class HumanAnswer(_Data):
    """A person's answer to the pending question."""

    call_id: str
    answer: str


class ApprovalRequest(_Data):
    """A call to a tool that requires approval, waiting for a person (factor 7)."""

    call_id: str
    name: str
    arguments: dict[str, Any]


class ApprovalDecision(_Data):
    """A person's approval or rejection of one exact call."""

    call_id: str
    approved: bool
    comment: str | None = None


class FinalAnswerData(_Data):
    """The run's answer; the run is complete."""

    call_id: str
    answer: str


StatusKind = Literal["paused", "resumed", "max_steps_reached", "failed", "cancelled"]


class StatusChange(_Data):
    """A control-flow change that is not a tool step: pause, resume, limits, failure."""

    status: StatusKind
    reason: str | None = None
    max_steps: int | None = Field(default=None, ge=1)


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True)

    seq: int = Field(ge=0)
    created_at: datetime


class UserInputEvent(_Event):
    type: Literal["user_input"] = "user_input"
    data: UserInput


class ToolCallEvent(_Event):
    type: Literal["tool_call"] = "tool_call"
    data: ToolCall


class ToolResultEvent(_Event):
    type: Literal["tool_result"] = "tool_result"
    data: ToolResult


class ToolErrorEvent(_Event):
    type: Literal["tool_error"] = "tool_error"
    data: ToolErrorData


class HumanQuestionEvent(_Event):
    type: Literal["human_question"] = "human_question"
    data: HumanQuestion


class HumanAnswerEvent(_Event):
    type: Literal["human_answer"] = "human_answer"
    data: HumanAnswer


class ApprovalRequestEvent(_Event):
    type: Literal["approval_request"] = "approval_request"
    data: ApprovalRequest


class ApprovalDecisionEvent(_Event):
    type: Literal["approval_decision"] = "approval_decision"
    data: ApprovalDecision


class FinalAnswerEvent(_Event):
    type: Literal["final_answer"] = "final_answer"
    data: FinalAnswerData


class StatusEvent(_Event):
    type: Literal["status"] = "status"
    data: StatusChange


Event = Annotated[
    UserInputEvent
    | ToolCallEvent
    | ToolResultEvent
    | ToolErrorEvent
    | HumanQuestionEvent
    | HumanAnswerEvent
    | ApprovalRequestEvent
    | ApprovalDecisionEvent
    | FinalAnswerEvent
    | StatusEvent,
    Field(discriminator="type"),
]
EventData = (
    UserInput
    | ToolCall
    | ToolResult
    | ToolErrorData
    | HumanQuestion
    | HumanAnswer
    | ApprovalRequest
    | ApprovalDecision
    | FinalAnswerData
    | StatusChange
)
EVENT_TYPES: tuple[str, ...] = (
    "user_input",
    "tool_call",
    "tool_result",
    "tool_error",
    "human_question",
    "human_answer",
    "approval_request",
    "approval_decision",
    "final_answer",
    "status",
)

_EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
_EVENT_CLASS_BY_DATA: dict[type[_Data], type[_Event]] = {
    UserInput: UserInputEvent,
    ToolCall: ToolCallEvent,
    ToolResult: ToolResultEvent,
    ToolErrorData: ToolErrorEvent,
    HumanQuestion: HumanQuestionEvent,
    HumanAnswer: HumanAnswerEvent,
    ApprovalRequest: ApprovalRequestEvent,
    ApprovalDecision: ApprovalDecisionEvent,
    FinalAnswerData: FinalAnswerEvent,
    StatusChange: StatusEvent,
}


def make_event(seq: int, data: EventData, created_at: datetime) -> Event:
    """Wrap typed data in the event of its kind."""
    event_class = _EVENT_CLASS_BY_DATA[type(data)]
    return cast(Event, event_class(seq=seq, created_at=created_at, data=data))


def parse_event(raw: dict[str, Any]) -> Event:
    """Validate one stored or received event (`{seq, type, data, created_at}`)."""
    return _EVENT_ADAPTER.validate_python(raw)


def event_to_dict(event: Event) -> dict[str, Any]:
    """The wire and storage form of an event (JSON-safe)."""
    return event.model_dump(mode="json")


class Thread(BaseModel):
    """A run id and its ordered events. Immutable: `extend` returns a new thread."""

    model_config = ConfigDict(frozen=True)

    run_id: str
    events: tuple[Event, ...] = ()

    @property
    def next_seq(self) -> int:
        """The seq the next appended event must carry."""
        return len(self.events)

    def extend(self, new_events: Iterable[Event]) -> Thread:
        """A new thread with `new_events` appended; their seqs must continue this one's."""
        added = tuple(new_events)
        for offset, event in enumerate(added):
            expected = self.next_seq + offset
            if event.seq != expected:
                raise ValueError(f"event seq {event.seq} does not follow the thread (expected {expected})")
        return Thread(run_id=self.run_id, events=self.events + added)

    def prefix(self, length: int) -> Thread:
        """The thread as it was after its first `length` events."""
        return Thread(run_id=self.run_id, events=self.events[:length])


def number_events(start_seq: int, data: Sequence[EventData], created_at: datetime) -> list[Event]:
    """Turn the data of consecutive new events into events numbered from `start_seq`."""
    return [make_event(start_seq + offset, item, created_at) for offset, item in enumerate(data)]
