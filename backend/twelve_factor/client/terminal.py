"""Print a run's events and ask a person at the terminal.

Shared by `tfa run` (in-process) and the HTTP client's `tfa client launch`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from twelve_factor.core.events import (
    ApprovalDecisionEvent,
    ApprovalRequestEvent,
    Event,
    FinalAnswerEvent,
    HumanAnswerEvent,
    HumanQuestionEvent,
    StatusEvent,
    ToolCallEvent,
    ToolErrorEvent,
    ToolResultEvent,
    UserInputEvent,
)

# Exit codes of `tfa run` and `tfa client launch`.
EXIT_COMPLETE = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_STOPPED = 3  # max_steps_reached, paused or waiting, and the person did not continue


def format_arguments(arguments: dict[str, Any]) -> str:
    """`a=3, b=4` for a call's arguments."""
    return ", ".join(f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in arguments.items())


def describe_event(event: Event) -> str | None:
    """One line for a person, or None for events that need no line."""
    match event:
        case UserInputEvent(data=data):
            return f"task: {data.content}  (step budget {data.max_steps})"
        case ToolCallEvent(data=data):
            return f"step: {data.name}({format_arguments(data.arguments)})"
        case ToolResultEvent(data=data):
            return f"  -> {json.dumps(data.output, ensure_ascii=False)}"
        case ToolErrorEvent(data=data):
            return f"  !! {data.kind}: {data.message}"
        case HumanQuestionEvent(data=data):
            return f"question: {data.question}"
        case HumanAnswerEvent(data=data):
            return f"answer: {data.answer}"
        case ApprovalRequestEvent(data=data):
            return f"needs approval: {data.name}({format_arguments(data.arguments)})"
        case ApprovalDecisionEvent(data=data):
            verdict = "approved" if data.approved else "rejected"
            return f"{verdict}" + (f": {data.comment}" if data.comment else "")
        case FinalAnswerEvent(data=data):
            return f"final answer: {data.answer}"
        case StatusEvent(data=data):
            return f"status: {data.status}" + (f" ({data.reason})" if data.reason else "")
    return None


class Terminal:
    """Reads answers from `read` and writes lines to `out`; EOF means no answer."""

    def __init__(self, out: TextIO, read: Callable[[str], str] = input) -> None:
        self._out = out
        self._read = read

    def say(self, line: str) -> None:
        """Print one line and flush it, so a watcher sees steps as they happen."""
        self._out.write(line + "\n")
        self._out.flush()

    def show(self, events: list[Event]) -> None:
        """Print the lines of new events."""
        for event in events:
            line = describe_event(event)
            if line is not None:
                self.say(line)

    def ask(self, prompt: str) -> str | None:
        """The person's non-empty answer, or None at end of input."""
        for _ in range(100):  # bounded: a person who keeps pressing Enter is told each time
            try:
                answer = self._read(prompt).strip()
            except EOFError:
                return None
            if answer:
                return answer
            self.say("please type an answer (Ctrl+D to stop)")
        return None

    def decide(self) -> tuple[bool, str | None] | None:
        """Approve or reject the pending call: (approved, why not), or None at end of input."""
        approved = self.confirm("approve this call?")
        if approved is None:
            return None
        comment = None if approved else self.ask("why not? (tell the agent what to do instead): ")
        return approved, comment

    def confirm(self, prompt: str) -> bool | None:
        """True for yes, False for no, None at end of input."""
        answer = self.ask(prompt + " [y/n] ")
        if answer is None:
            return None
        return answer.lower() in {"y", "yes"}
