"""Runs as the API shows them: the State, its `context` in the original's shapes, run summaries, events.

Everything is derived from the thread; the `runs` row adds only the model
name and timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
from twelve_factor.core.prefix_cache import PrefixCache
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


class ContextView:
    """The thread in the original's context shapes, built incrementally as events arrive.

    Every tool call is followed by its outcome once known. A stream keeps
    one view and feeds it each new batch, so a State costs O(new events).
    """

    def __init__(self) -> None:
        self.items: list[ContextItem] = []
        self._calls: set[str] = set()

    def copy(self) -> ContextView:
        """An independent view with the same items, to be fed further."""
        twin = ContextView()
        twin.items = list(self.items)
        twin._calls = set(self._calls)
        return twin

    @classmethod
    def of(cls, thread: Thread) -> ContextView:
        """The view of a whole thread, continued from the view of its last known prefix."""
        cached = _VIEWS.prefix_of(thread)
        view = cached[0].copy().feed(thread.events[cached[1] :]) if cached else cls().feed(thread.events)
        _VIEWS.remember(thread, view)
        return view

    def feed(self, events: Iterable[Event]) -> ContextView:
        """Add the items of `events`; returns self."""
        for event in events:
            item = self._item(event)
            if item is not None:
                self.items.append(item)
        return self

    def _item(self, event: Event) -> ContextItem | None:
        match event:
            case UserInputEvent(data=data):
                return Message(role="user", content=data.content)
            case ToolCallEvent(data=data):
                self._calls.add(data.call_id)
                return FunctionCall(name=data.name, arguments=_json(data.arguments), call_id=data.call_id)
            case ToolResultEvent(data=data):
                return FunctionCallOutput(call_id=data.call_id, output=_json(data.output))
            case ToolErrorEvent(data=data):
                return FunctionCallOutput(
                    call_id=data.call_id, output=_json({"error": data.kind, "message": data.message})
                )
            case HumanQuestionEvent(data=data) if data.call_id not in self._calls:
                return Message(role="assistant", content=data.question)
            case HumanAnswerEvent(data=data) if data.call_id in self._calls:
                return FunctionCallOutput(call_id=data.call_id, output=_json(data.answer))
            case HumanAnswerEvent(data=data):
                return Message(role="user", content=data.answer)
            case ApprovalDecisionEvent(data=data) if not data.approved:
                output = _json({"rejected_by_human": True, "comment": data.comment})
                return FunctionCallOutput(call_id=data.call_id, output=output)
            case FinalAnswerEvent(data=data):
                return FunctionCallOutput(call_id=data.call_id, output=_json(data.answer))
        return None


# Views of live threads: a State answered after every action of a long run
# costs O(new events) to derive, not O(history) (see core.prefix_cache).
_VIEWS: PrefixCache[ContextView] = PrefixCache()


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


def build_state(thread: Thread, record: RunRecord, context: ContextView | None = None) -> State:
    """The State of a run from its events (the truth) and its row (model, timestamps).

    `context`, when given, must be a view fed with exactly the thread's events.
    """
    state = derive_state(thread)
    question = state.pending_question
    approval = state.pending_approval
    return State(
        id=thread.run_id,
        status=state.status,
        steps=state.steps,
        steps_in_budget=state.steps_in_budget,
        max_steps=state.max_steps,
        context=list((context or ContextView.of(thread)).items),
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
