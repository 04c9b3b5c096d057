"""Thread -> model messages (factor 3: own your context window).

Each tool call is rendered with its outcome right after it (a result, an
error, a person's answer or decision), in the Chat Completions shape. Old tool
output is compacted with a visible marker; if the context is still over its
token budget, whole old steps are replaced by one note saying how many were
left out. Nothing disappears without a marker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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
from twelve_factor.core.prefix_cache import PrefixCache

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
    """Messages that must stay together (a call and its outcome), with their token estimate."""

    messages: list[ChatMessage]
    droppable: bool
    tokens: int
    compacted_tokens: int
    is_tool: bool = False


class _Blocks:
    """The thread's blocks, built incrementally as events arrive (a left fold, like `derive_state`).

    A call's block shows the outcome known so far and is rebuilt when its
    outcome arrives, so the result equals building from the whole thread.
    """

    def __init__(self, compacted_output_chars: int) -> None:
        self.chars = compacted_output_chars
        self.blocks: list[_Block] = []
        self.tool_blocks: list[int] = []
        self.block_of_call: dict[str, int] = {}
        self.outcomes = _Outcomes()

    def copy(self) -> _Blocks:
        twin = _Blocks(self.chars)
        twin.blocks = list(self.blocks)
        twin.tool_blocks = list(self.tool_blocks)
        twin.block_of_call = dict(self.block_of_call)
        twin.outcomes = self.outcomes.copy()
        return twin

    def feed(self, events: tuple[Event, ...]) -> None:
        for event in events:
            changed = self.outcomes.apply(event)
            self._add(event)
            for call_id in changed:
                index = self.block_of_call.get(call_id)
                if index is not None:
                    self.blocks[index] = self._tool_block(self.blocks[index].messages[0])

    def _add(self, event: Event) -> None:
        match event:
            case UserInputEvent(data=data):
                self._append([ChatMessage(role="user", content=data.content)], droppable=False)
            case ToolCallEvent(data=data):
                call = MessageToolCall(id=data.call_id, name=data.name, arguments=compact_json(data.arguments))
                self.block_of_call[data.call_id] = len(self.blocks)
                self.tool_blocks.append(len(self.blocks))
                self.blocks.append(self._tool_block(ChatMessage(role="assistant", tool_calls=(call,))))
            case HumanQuestionEvent(data=data) if data.call_id not in self.outcomes.calls:
                note = f"The run stopped and asked a person: {data.question}"
                self._append([ChatMessage(role="user", content=note)], droppable=True)
            case HumanAnswerEvent(data=data) if data.call_id not in self.outcomes.calls:
                note = f"The person answered: {data.answer}"
                self._append([ChatMessage(role="user", content=note)], droppable=False)
            case StatusEvent(data=data) if data.status == "resumed":
                note = "A person resumed the run; continue the task."
                self._append([ChatMessage(role="user", content=note)], droppable=True)
            case _:
                pass

    def _append(self, messages: list[ChatMessage], *, droppable: bool) -> None:
        tokens = estimate_tokens(messages)
        self.blocks.append(_Block(messages, droppable, tokens, tokens))

    def _tool_block(self, call: ChatMessage) -> _Block:
        call_id = call.tool_calls[0].id
        outcome = self.outcomes.get(call_id, "not executed: the run stopped before this call ran")
        messages = [call, ChatMessage(role="tool", tool_call_id=call_id, content=outcome)]
        tokens = estimate_tokens(messages)
        compacted = tokens
        if len(outcome) > self.chars:
            compacted = tokens - len(outcome) // CHARS_PER_TOKEN + len(self.compact(outcome)) // CHARS_PER_TOKEN
        return _Block(messages, True, tokens, compacted, is_tool=True)

    def compact(self, content: str) -> str:
        if len(content) <= self.chars:
            return content
        omitted = len(content) - self.chars
        return f"{content[: self.chars]}… [compacted: {omitted} characters omitted]"


@dataclass(frozen=True)
class ContextBuilder:
    """Builds the messages for one model step within `token_budget` tokens.

    Building continues from the blocks of the thread's previous build (see
    prefix_cache), so a runner that extends a thread step by step pays for
    the new events plus a pass over small integers, not for re-rendering the
    whole history.
    """

    token_budget: int = 6000
    keep_full_outputs: int = 4
    compacted_output_chars: int = 200
    _recent: PrefixCache[_Blocks] = field(
        default_factory=PrefixCache, init=False, repr=False, compare=False, hash=False
    )

    def build(self, thread: Thread, system_prompt: str) -> list[ChatMessage]:
        """The system prompt followed by the thread, compacted to fit the budget."""
        system = ChatMessage(role="system", content=system_prompt)
        if not thread.events:
            return [system]
        built = self._blocks_of(thread)
        blocks = built.blocks
        tool_blocks = built.tool_blocks
        full = set(tool_blocks[max(0, len(tool_blocks) - self.keep_full_outputs) :])
        # Old tool outputs are compacted; then the oldest droppable blocks are
        # left out (never the last two) until the estimate fits the budget.
        tokens = [
            block.compacted_tokens if block.is_tool and index not in full else block.tokens
            for index, block in enumerate(blocks)
        ]
        droppable = [index for index, block in enumerate(blocks[:-2]) if block.droppable]
        kept = estimate_tokens([system]) + sum(tokens)
        dropped = 0
        for index in droppable:
            note_tokens = _omitted_note_tokens(dropped) if dropped else 0
            if kept + note_tokens <= self.token_budget:
                break
            kept -= tokens[index]
            dropped += 1
        return [system, *self._render(built, full, set(droppable[:dropped]))]

    def _render(self, built: _Blocks, full: set[int], dropped: set[int]) -> list[ChatMessage]:
        messages: list[ChatMessage] = []
        note_added = False
        for index, block in enumerate(built.blocks):
            if index in dropped:
                if not note_added:
                    messages.append(_omitted_note(len(dropped)))
                    note_added = True
                continue
            if block.is_tool and index not in full:
                call, outcome = block.messages
                content = outcome.content or ""
                if len(content) > self.compacted_output_chars:
                    outcome = outcome.model_copy(update={"content": built.compact(content)})
                messages.extend((call, outcome))
            else:
                messages.extend(block.messages)
        return messages

    def _blocks_of(self, thread: Thread) -> _Blocks:
        cached = self._recent.prefix_of(thread)
        if cached is not None:
            built = cached[0].copy()
            built.feed(thread.events[cached[1] :])
        else:
            built = _Blocks(self.compacted_output_chars)
            built.feed(thread.events)
        self._recent.remember(thread, built)
        return built


def _omitted_note_text(count: int) -> str:
    return f"[{count} earlier steps omitted to fit the context budget]"


def _omitted_note(count: int) -> ChatMessage:
    return ChatMessage(role="user", content=_omitted_note_text(count))


def _omitted_note_tokens(count: int) -> int:
    # estimate_tokens of the note, without building a message per candidate count.
    return MESSAGE_OVERHEAD_TOKENS + len(_omitted_note_text(count)) // CHARS_PER_TOKEN


class _Outcomes(dict[str, str]):
    """call_id -> the text the model sees as that call's outcome; `calls` are the calls seen so far."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: set[str] = set()

    def copy(self) -> _Outcomes:
        twin = _Outcomes()
        twin.update(self)
        twin.calls = set(self.calls)
        return twin

    def apply(self, event: Event) -> list[str]:
        """Take one event in order; returns the calls whose outcome it set."""
        match event:
            case ToolCallEvent(data=data):
                self.calls.add(data.call_id)
            case ToolResultEvent(data=data):
                self[data.call_id] = compact_json(data.output)
                return [data.call_id]
            case ToolErrorEvent(data=data):
                self[data.call_id] = compact_json({"error": data.kind, "message": data.message})
                return [data.call_id]
            case HumanAnswerEvent(data=data):
                self[data.call_id] = compact_json({"human_answer": data.answer})
                return [data.call_id]
            case ApprovalDecisionEvent(data=data) if not data.approved:
                self[data.call_id] = compact_json(
                    {"rejected_by_human": True, "comment": data.comment or "no reason given"}
                )
                return [data.call_id]
            case StatusEvent(data=data) if data.status == "failed":
                # A call the run refused to execute (stuck detection) still
                # needs an outcome for the model, or the chat format breaks.
                waiting = sorted(self.calls - self.keys())
                for call_id in waiting:
                    self[call_id] = compact_json({"not_executed": data.reason})
                return waiting
            case _:
                pass
        return []
