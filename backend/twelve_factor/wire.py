"""The API's wire shapes, shared by the server and the HTTP client (which must not import the server).

`context` keeps the original spec's item shapes (`{"role","content"}`,
`function_call`, `function_call_output`) so clients written for the
original keep working.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from twelve_factor.core.state import RunStatus

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


Text = Annotated[
    str, Field(min_length=1, max_length=MAX_TEXT_CHARS), AfterValidator(_storable), AfterValidator(_not_blank)
]
ShortText = Annotated[str, Field(max_length=10_000), AfterValidator(_storable)]
RunId = Annotated[str, Field(min_length=1, max_length=64, description="the run's id, as launch returned it")]
# Strict: JSON `true` or "5" is not a step budget (pydantic's lax mode would take them).
StepBudget = Annotated[int, Field(strict=True, ge=1, le=1000, description="step budget; default TFA_MAX_STEPS")]


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
    approved: Annotated[bool, Field(strict=True)]
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
