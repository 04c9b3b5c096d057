"""How the embedded model sees a run: its own prompt, thread format and output schema.

A 0.5B model follows a compact, repetitive format far better than the
general Chat Completions context: each of its calls is an assistant message
of plain JSON, and each outcome a user message that restates the task and
says what to do next. Measured with `tfa eval` (see the README).
"""

from __future__ import annotations

import json
from typing import Any

from twelve_factor.core.events import (
    ApprovalDecisionEvent,
    Event,
    HumanAnswerEvent,
    HumanQuestionEvent,
    Thread,
    ToolCallEvent,
    ToolErrorEvent,
    ToolResultEvent,
    UserInputEvent,
)
from twelve_factor.core.prompts import render_prompt
from twelve_factor.core.tools.registry import ToolSpec

# The model's window is small; older steps give way to a note (never silently).
MAX_STEPS_SHOWN = 12
FIX_CALL = "Fix the call: use one of the listed tools with exactly its arguments."


def step_schema(tools: tuple[ToolSpec, ...]) -> dict[str, Any]:
    """The union of tool calls: one branch per tool, `tool` first so the name decides the arguments.

    llama.cpp's grammar emits properties in declaration order, so the model
    commits to a tool name before it writes arguments that must fit it.
    """
    return {
        "anyOf": [
            {
                "type": "object",
                "properties": {"tool": {"const": spec.name}, "arguments": _arguments_schema(spec)},
                "required": ["tool", "arguments"],
                "additionalProperties": False,
            }
            for spec in tools
        ]
    }


def system_prompt(tools: tuple[ToolSpec, ...], instructions: str | None = None) -> str:
    """The embedded model's system prompt (prompts/local_system.j2)."""
    described = [{"signature": _signature(spec), "description": spec.description} for spec in tools]
    return render_prompt("local_system", tools=described, instructions=instructions)


def thread_messages(thread: Thread, tools: tuple[ToolSpec, ...]) -> list[dict[str, str]]:
    """The thread as chat messages for the model's own chat template."""
    task = next((event.data.content for event in thread.events if isinstance(event, UserInputEvent)), "")
    calls = {event.data.call_id: event.data for event in thread.events if isinstance(event, ToolCallEvent)}
    turns: list[list[dict[str, str]]] = []
    for event in thread.events:
        turn = _turn(event, task, calls)
        if turn:
            turns.append(turn)
    head, steps = turns[:1], turns[1:]
    if len(steps) > MAX_STEPS_SHOWN:
        omitted = len(steps) - MAX_STEPS_SHOWN
        note = [{"role": "user", "content": f"({omitted} earlier steps omitted.) TASK: {task}"}]
        steps = [note, *steps[-MAX_STEPS_SHOWN:]]
    messages = [{"role": "system", "content": system_prompt(tools)}]
    for turn in [*head, *steps]:
        messages.extend(turn)
    return _merge_consecutive(messages)


def _turn(event: Event, task: str, calls: dict[str, Any]) -> list[dict[str, str]]:
    match event:
        case UserInputEvent(data=data):
            return [{"role": "user", "content": f"TASK: {data.content}"}]
        case ToolCallEvent(data=data):
            return [{"role": "assistant", "content": json.dumps({"tool": data.name, "arguments": data.arguments})}]
        case ToolResultEvent(data=data):
            value = _number(data.output)
            call = calls.get(data.call_id)
            arguments = _format_arguments(call.arguments) if call else ""
            return [
                {
                    "role": "user",
                    "content": f"RESULT: {data.name}({arguments}) = {value}\nTASK: {task}\n"
                    f"If that result finishes the TASK, call final_answer with {value}. "
                    "Otherwise call the tool for the next step of the TASK.",
                }
            ]
        case ToolErrorEvent(data=data):
            advice = "Call ask_human to explain the problem." if data.kind == "tool_failed" else FIX_CALL
            return [{"role": "user", "content": f"ERROR from {data.name}: {data.message}\nTASK: {task}\n{advice}"}]
        case HumanQuestionEvent(data=data) if data.call_id not in calls:
            return [{"role": "user", "content": f"NOTE: the run stopped and asked the user: {data.question}"}]
        case HumanAnswerEvent(data=data):
            return [{"role": "user", "content": f"USER: {data.answer}\nTASK: {task}"}]
        case ApprovalDecisionEvent(data=data) if not data.approved:
            comment = data.comment or "no reason given"
            return [{"role": "user", "content": f"REJECTED by the user: {comment}. Do not repeat that call."}]
    return []


def _merge_consecutive(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    # Chat templates expect alternating turns; join same-role neighbours.
    merged: list[dict[str, str]] = []
    for message in messages:
        if merged and merged[-1]["role"] == message["role"] and message["role"] != "system":
            merged[-1] = {"role": message["role"], "content": merged[-1]["content"] + "\n" + message["content"]}
        else:
            merged.append(message)
    return merged


def _arguments_schema(spec: ToolSpec) -> dict[str, Any]:
    properties = {
        name: {key: value for key, value in field.items() if key in ("type", "enum", "items")}
        for name, field in spec.parameters.get("properties", {}).items()
    }
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _signature(spec: ToolSpec) -> str:
    fields = spec.parameters.get("properties", {})
    return f"{spec.name}(" + ", ".join(f"{name}: {field.get('type', 'any')}" for name, field in fields.items()) + ")"


def _format_arguments(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{name}={json.dumps(_number(value))}" for name, value in arguments.items())


def _number(value: Any) -> Any:
    # "12" reads better than "12.0" to a small model, and it copies what it reads.
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 else value
