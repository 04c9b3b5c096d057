"""Runs as the API shows them: the State, its `context` in the original's shapes, run summaries, events.

Everything is derived from the thread; the `runs` row adds only the model
name and timestamps.
"""

from __future__ import annotations

import json
from typing import Any

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
from twelve_factor.core.state import RunState, derive_state
from twelve_factor.store import RunRecord
from twelve_factor.wire import (
    ContextItem,
    EventOut,
    FunctionCall,
    FunctionCallOutput,
    Message,
    PendingApproval,
    PendingQuestion,
    RunSummary,
    State,
)


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
            return [
                FunctionCall(name=event.data.name, arguments=_json(event.data.arguments), call_id=event.data.call_id)
            ]
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
