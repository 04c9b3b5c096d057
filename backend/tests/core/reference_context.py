"""The context builder as first written (O(history) per step), kept as the oracle for the incremental one.

Thread -> model messages (factor 3: own your context window).

Each tool call is rendered with its outcome right after it (a result, an
error, a person's answer or decision), in the Chat Completions shape. Old tool
output is compacted with a visible marker; if the context is still over its
token budget, whole old steps are replaced by one note saying how many were
left out. Nothing disappears without a marker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from twelve_factor.core.events import (
    ApprovalDecisionEvent,
    Event,
    HumanAnswerEvent,
    HumanQuestionEvent,
    StatusEvent,
    Thread,
    ToolCallEvent,
    ToolErrorEvent,
    ToolResultEvent,
    UserInputEvent,
)
from twelve_factor.core.models.base import ChatMessage, MessageToolCall

# Rough but dependable: about four characters per token for English and JSON.
# An exact tokenizer would need the model's vocabulary, which the openai
# client cannot know for every OpenAI-compatible server.
CHARS_PER_TOKEN = 4
MESSAGE_OVERHEAD_TOKENS = 4


def estimate_tokens(messages: list[ChatMessage]) -> int:
    """Approximate token count of a list of messages."""
    total = 0
    for message in messages:
        text = (message.content or "") + "".join(call.name + call.arguments for call in message.tool_calls)
        total += MESSAGE_OVERHEAD_TOKENS + len(text) // CHARS_PER_TOKEN
    return total


def compact_json(value: Any) -> str:
    """JSON without spaces, for tool output in the context."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


@dataclass(frozen=True)
class _Block:
    """Messages that must stay together (a call and its outcome)."""

    messages: list[ChatMessage]
    droppable: bool


@dataclass(frozen=True)
class ContextBuilder:
    """Builds the messages for one model step within `token_budget` tokens."""

    token_budget: int = 6000
    keep_full_outputs: int = 4
    compacted_output_chars: int = 200

    def build(self, thread: Thread, system_prompt: str) -> list[ChatMessage]:
        """The system prompt followed by the thread, compacted to fit the budget."""
        system = ChatMessage(role="system", content=system_prompt)
        blocks = self._blocks(thread.events)
        blocks = self._compact_old_outputs(blocks)
        return [system, *self._fit(system, blocks)]

    def _blocks(self, events: tuple[Event, ...]) -> list[_Block]:
        outcomes = _outcomes_by_call(events)
        blocks: list[_Block] = []
        for event in events:
            match event:
                case UserInputEvent(data=data):
                    blocks.append(_Block([ChatMessage(role="user", content=data.content)], droppable=False))
                case ToolCallEvent(data=data):
                    call = MessageToolCall(id=data.call_id, name=data.name, arguments=compact_json(data.arguments))
                    outcome = outcomes.get(data.call_id, "not executed: the run stopped before this call ran")
                    blocks.append(
                        _Block(
                            [
                                ChatMessage(role="assistant", tool_calls=(call,)),
                                ChatMessage(role="tool", tool_call_id=data.call_id, content=outcome),
                            ],
                            droppable=True,
                        )
                    )
                case HumanQuestionEvent(data=data) if data.call_id not in outcomes.calls:
                    note = f"The run stopped and asked a person: {data.question}"
                    blocks.append(_Block([ChatMessage(role="user", content=note)], droppable=True))
                case HumanAnswerEvent(data=data) if data.call_id not in outcomes.calls:
                    note = f"The person answered: {data.answer}"
                    blocks.append(_Block([ChatMessage(role="user", content=note)], droppable=False))
                case StatusEvent(data=data) if data.status == "resumed":
                    note = "A person resumed the run; continue the task."
                    blocks.append(_Block([ChatMessage(role="user", content=note)], droppable=True))
                case _:
                    pass
        return blocks

    def _compact_old_outputs(self, blocks: list[_Block]) -> list[_Block]:
        tool_blocks = [index for index, block in enumerate(blocks) if block.droppable and len(block.messages) == 2]
        old = set(tool_blocks[: max(0, len(tool_blocks) - self.keep_full_outputs)])
        compacted: list[_Block] = []
        for index, block in enumerate(blocks):
            if index in old:
                call, outcome = block.messages
                content = outcome.content or ""
                if len(content) > self.compacted_output_chars:
                    omitted = len(content) - self.compacted_output_chars
                    short = f"{content[: self.compacted_output_chars]}… [compacted: {omitted} characters omitted]"
                    outcome = outcome.model_copy(update={"content": short})
                block = _Block([call, outcome], droppable=True)
            compacted.append(block)
        return compacted

    def _fit(self, system: ChatMessage, blocks: list[_Block]) -> list[ChatMessage]:
        # Drop the oldest droppable blocks, but always keep the last two, so
        # the model sees what just happened.
        droppable = [index for index, block in enumerate(blocks[:-2]) if block.droppable]
        dropped: set[int] = set()

        def render() -> list[ChatMessage]:
            messages: list[ChatMessage] = []
            note_added = False
            for index, block in enumerate(blocks):
                if index in dropped:
                    if not note_added:
                        note = f"[{len(dropped)} earlier steps omitted to fit the context budget]"
                        messages.append(ChatMessage(role="user", content=note))
                        note_added = True
                    continue
                messages.extend(block.messages)
            return messages

        messages = render()
        for index in droppable:
            if estimate_tokens([system, *messages]) <= self.token_budget:
                break
            dropped.add(index)
            messages = render()
        return messages


class _Outcomes(dict[str, str]):
    """call_id -> the text the model sees as that call's outcome."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: set[str] = set()


def _outcomes_by_call(events: tuple[Event, ...]) -> _Outcomes:
    outcomes = _Outcomes()
    for event in events:
        match event:
            case ToolCallEvent(data=data):
                outcomes.calls.add(data.call_id)
            case ToolResultEvent(data=data):
                outcomes[data.call_id] = compact_json(data.output)
            case ToolErrorEvent(data=data):
                outcomes[data.call_id] = compact_json({"error": data.kind, "message": data.message})
            case HumanAnswerEvent(data=data):
                outcomes[data.call_id] = compact_json({"human_answer": data.answer})
            case ApprovalDecisionEvent(data=data) if not data.approved:
                outcomes[data.call_id] = compact_json(
                    {"rejected_by_human": True, "comment": data.comment or "no reason given"}
                )
            case StatusEvent(data=data) if data.status == "failed":
                # A call the run refused to execute (stuck detection) still
                # needs an outcome for the model, or the chat format breaks.
                for call_id in outcomes.calls - outcomes.keys():
                    outcomes[call_id] = compact_json({"not_executed": data.reason})
            case _:
                pass
    return outcomes
