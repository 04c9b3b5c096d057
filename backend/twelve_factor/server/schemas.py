"""The wire shapes of the API: request bodies, the State of the original spec, events, run lists.

`context` keeps the original item shapes (`{"role","content"}`,
`function_call`, `function_call_output`) so clients written for the
original keep working; everything else is derived from the thread.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from twelve_factor.core.events import (
    ApprovalDecisionEvent,
    Event,
    FinalAnswerEvent,
    HumanAnswerEvent,
    HumanQuestionEvent,
    Thread,
    ToolCallEvent,
    ToolErrorEvent,
    ToolResultEvent,
    UserInputEvent,
    event_to_dict,
)
from twelve_factor.core.state import RunState, RunStatus, derive_state
from twelve_factor.store import RunRecord

MAX_TEXT_CHARS = 100_000


def _storable(text: str) -> str:
    # PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded;
    # both are typing accidents, so say so instead of failing in the database.
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("must be valid Unicode text") from exc
    return text


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS), AfterValidator(_storable), AfterValidator(_not_blank)]
ShortText = Annotated[str, Field(max_length=10_000), AfterValidator(_storable)]
RunId = Annotated[str, Field(min_length=1, max_length=64, description="the run's id, as launch returned it")]
StepBudget = Annotated[int, Field(ge=1, le=1000, description="step budget; default TFA_MAX_STEPS")]


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LaunchRequest(_Request):
    input_prompt: Text = Field(description="the task, in plain words")
    max_steps: StepBudget | None = None


class RunRequest(_Request):
    id: RunId


class ResumeRequest(RunRequest):
    max_steps: StepBudget | None = None


class ProvideInputRequest(RunRequest):
    answer: Text


class ApproveRequest(RunRequest):
    approved: bool
    comment: ShortText | None = None
    call_id: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="the call being decided; refused if another call is pending"
    )


class CancelRequest(RunRequest):
    reason: ShortText | None = None


class Message(BaseModel):
    """A plain message: the task, or a question and answer outside any tool call."""

    role: Literal["user", "assistant"]
    content: str


class FunctionCall(BaseModel):
    """A tool call, with `arguments` as a JSON string as in the original."""

    type: Literal["function_call"] = "function_call"
    name: str
    arguments: str
    call_id: str


class FunctionCallOutput(BaseModel):
    """A call's outcome, with `output` as a JSON string as in the original."""

    type: Literal["function_call_output"] = "function_call_output"
    call_id: str
    output: str


ContextItem = Message | FunctionCall | FunctionCallOutput


class PendingQuestion(BaseModel):
    call_id: str
    question: str


class PendingApproval(BaseModel):
    call_id: str
    name: str
    arguments: dict[str, Any]


class EventOut(BaseModel):
    """One thread event: `{seq, type, data, created_at}`."""

    seq: int
    type: str
    data: dict[str, Any]
    created_at: datetime


class State(BaseModel):
    """A run as the original spec's clients know it, plus what the UI needs."""

    id: str
    status: RunStatus
    steps: int
    steps_in_budget: int
    max_steps: int
    context: list[ContextItem]
    pending_tool_calls: list[FunctionCall]
    error: str | None
    final_answer: str | None
    input_prompt: str
    model: str
    pending_question: PendingQuestion | None
    pending_approval: PendingApproval | None
    prompt_tokens: int
    completion_tokens: int
    last_seq: int
    created_at: datetime
    updated_at: datetime


class RunSummary(BaseModel):
    """A run in the history list."""

    id: str
    status: RunStatus
    input_prompt: str
    steps: int
    max_steps: int
    final_answer: str | None
    error: str | None
    model: str
    created_at: datetime
    updated_at: datetime


class RunList(BaseModel):
    items: list[RunSummary]
    next_cursor: str | None


class EventList(BaseModel):
    events: list[EventOut]


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    model: str
    version: str


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def context_items(thread: Thread) -> list[ContextItem]:
    """The thread in the original's context shapes; every tool call is followed by its outcome once known."""
    calls: dict[str, FunctionCall] = {}
    items: list[ContextItem] = []
    for event in thread.events:
        match event:
            case UserInputEvent(data=data):
                items.append(Message(role="user", content=data.content))
            case ToolCallEvent(data=data):
                call = FunctionCall(name=data.name, arguments=_json(data.arguments), call_id=data.call_id)
                calls[data.call_id] = call
                items.append(call)
            case ToolResultEvent(data=data):
                items.append(FunctionCallOutput(call_id=data.call_id, output=_json(data.output)))
            case ToolErrorEvent(data=data):
                output = _json({"error": data.kind, "message": data.message})
                items.append(FunctionCallOutput(call_id=data.call_id, output=output))
            case HumanQuestionEvent(data=data) if data.call_id not in calls:
                items.append(Message(role="assistant", content=data.question))
            case HumanAnswerEvent(data=data):
                if data.call_id in calls:
                    items.append(FunctionCallOutput(call_id=data.call_id, output=_json(data.answer)))
                else:
                    items.append(Message(role="user", content=data.answer))
            case ApprovalDecisionEvent(data=data) if not data.approved:
                output = _json({"rejected_by_human": True, "comment": data.comment})
                items.append(FunctionCallOutput(call_id=data.call_id, output=output))
            case FinalAnswerEvent(data=data):
                items.append(FunctionCallOutput(call_id=data.call_id, output=_json(data.answer)))
            case _:
                pass
    return items


def _pending_calls(thread: Thread, state: RunState) -> list[FunctionCall]:
    wanted = state.pending_question or state.pending_approval
    if wanted is None:
        return []
    for event in reversed(thread.events):
        if isinstance(event, ToolCallEvent) and event.data.call_id == wanted.call_id:
            return [FunctionCall(name=event.data.name, arguments=_json(event.data.arguments), call_id=event.data.call_id)]
    return []


def build_state(thread: Thread, record: RunRecord) -> State:
    """The State of a run from its events (the truth) and its row (model, timestamps)."""
    state = derive_state(thread)
    question = state.pending_question
    approval = state.pending_approval
    return State(
        id=thread.run_id,
        status=state.status,
        steps=state.steps,
        steps_in_budget=state.steps_in_budget,
        max_steps=state.max_steps,
        context=context_items(thread),
        pending_tool_calls=_pending_calls(thread, state),
        error=state.error,
        final_answer=state.final_answer,
        input_prompt=state.task,
        model=record.model,
        pending_question=PendingQuestion(**question.model_dump()) if question else None,
        pending_approval=PendingApproval(**approval.model_dump()) if approval else None,
        prompt_tokens=state.prompt_tokens,
        completion_tokens=state.completion_tokens,
        last_seq=state.last_seq,
        created_at=record.created_at,
        updated_at=max(record.updated_at, thread.events[-1].created_at),
    )


def event_out(event: Event) -> EventOut:
    """An event in its wire shape."""
    return EventOut.model_validate(event_to_dict(event))


def run_summary(record: RunRecord) -> RunSummary:
    """A row of the run list."""
    return RunSummary(
        id=record.id,
        status=record.status,
        input_prompt=record.input_prompt,
        steps=record.steps,
        max_steps=record.max_steps,
        final_answer=record.final_answer,
        error=record.error,
        model=record.model,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )
