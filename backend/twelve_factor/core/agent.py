"""`Agent.step(thread) -> new events`: the stateless reducer (factor 12).

A step is given the whole thread and returns what happened; the caller
appends and persists. One step makes at most one model call and runs at most
one tool, so every persisted event is a small, resumable unit of work.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from twelve_factor.core.context import ContextBuilder
from twelve_factor.core.errors import ModelError, RunStateError, ToolError
from twelve_factor.core.events import (
    ApprovalRequest,
    Event,
    EventData,
    FinalAnswerData,
    HumanQuestion,
    StatusChange,
    Thread,
    ToolCall,
    ToolErrorData,
    ToolErrorEvent,
    ToolErrorKind,
    ToolResult,
    UserInput,
    make_event,
    number_events,
    utc_now,
)
from twelve_factor.core.models.base import ModelClient, ModelReply, ModelRequest
from twelve_factor.core.prompts import render_prompt
from twelve_factor.core.state import RunState, call_signature, derive_state
from twelve_factor.core.tools import (
    ASK_HUMAN,
    CONTROL_TOOLS,
    FINAL_ANSWER,
    MATH_TOOLS,
    InvalidArguments,
    Tool,
    Toolbox,
    ToolSpec,
)

logger = logging.getLogger(__name__)

DEFAULT_MAX_STEPS = 10
DEFAULT_MAX_CONSECUTIVE_ERRORS = 3
DEFAULT_MAX_REPEATED_CALLS = 3
RAW_QUOTE_CHARS = 200


class Agent:
    """A model, its tools and its policies; turns a thread into its next events."""

    def __init__(
        self,
        model: ModelClient,
        tools: Iterable[Tool] = MATH_TOOLS,
        *,
        max_steps: int = DEFAULT_MAX_STEPS,
        max_consecutive_errors: int = DEFAULT_MAX_CONSECUTIVE_ERRORS,
        max_repeated_calls: int = DEFAULT_MAX_REPEATED_CALLS,
        approval_required: Iterable[str] = (),
        instructions: str | None = None,
        context: ContextBuilder | None = None,
        tool_timeout_s: float = 60.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if max_steps < 1 or max_consecutive_errors < 1 or max_repeated_calls < 2:
            raise ValueError("max_steps and max_consecutive_errors must be at least 1, max_repeated_calls at least 2")
        self.model = model
        self.toolbox = Toolbox([*CONTROL_TOOLS, *tools])
        unknown = set(approval_required) - set(self.toolbox.names)
        if unknown:
            raise ValueError(f"approval_required names unknown tools: {', '.join(sorted(unknown))}")
        self.approval_required = frozenset(approval_required)
        self.max_steps = max_steps
        self.max_consecutive_errors = max_consecutive_errors
        self.max_repeated_calls = max_repeated_calls
        self.instructions = instructions
        self.context = context or ContextBuilder()
        self.tool_timeout_s = tool_timeout_s
        self.clock = clock
        self._specs = tuple(item.spec(requires_approval=self.needs_approval(item)) for item in self.toolbox)
        self._system_prompt = render_prompt("system", tools=self._specs, instructions=instructions)

    @property
    def tool_specs(self) -> tuple[ToolSpec, ...]:
        """The tools the model is offered, control tools first."""
        return self._specs

    @property
    def system_prompt(self) -> str:
        """The rendered system prompt (tools and extra instructions included)."""
        return self._system_prompt

    def needs_approval(self, item: Tool) -> bool:
        """Whether a person must approve each call to `item`."""
        return item.requires_approval or item.name in self.approval_required

    def start(self, task: str, *, max_steps: int | None = None, run_id: str | None = None) -> Thread:
        """A new thread holding only the user's task."""
        if not task.strip():
            raise ValueError("the task is empty; say what the agent should do")
        budget = max_steps if max_steps is not None else self.max_steps
        data = UserInput(content=task, max_steps=budget)
        return Thread(run_id=run_id or str(uuid.uuid4()), events=(make_event(0, data, self.clock()),))

    async def step(self, thread: Thread) -> list[Event]:
        """The events of the run's next step; raises `RunStateError` unless it is running."""
        state = derive_state(thread)
        if state.status != "running":
            raise RunStateError(f"run {thread.run_id} is {state.status}; only a running run can take a step")
        if state.approved_call is not None:
            outcome = await self._run_approved(state.approved_call)
            return number_events(thread.next_seq, [outcome], self.clock())
        if state.steps_in_budget >= state.max_steps:
            reason = f"the run used its {state.max_steps} steps; resume it to grant {state.max_steps} more"
            return number_events(
                thread.next_seq, [StatusChange(status="max_steps_reached", reason=reason)], self.clock()
            )
        return number_events(thread.next_seq, await self._model_step(thread, state), self.clock())

    async def _model_step(self, thread: Thread, state: RunState) -> list[EventData]:
        request = ModelRequest(
            messages=tuple(self.context.build(thread, self._system_prompt)),
            tools=self._specs,
            thread=thread,
        )
        started = time.perf_counter()
        try:
            reply = await self.model.complete(request)
        except ModelError as exc:
            return [StatusChange(status="failed", reason=f"the model failed: {exc}")]
        call = ToolCall(
            call_id=f"call_{thread.next_seq}",
            name=reply.name or "",
            arguments=reply.arguments or {},
            usage=reply.usage,
            model=self.model.name,
            duration_ms=_elapsed_ms(started),
        )
        repeated = state.repeated_calls + 1 if call_signature(call) == state.last_signature else 1
        # Replies that are not calls at all are errors (they escalate), not repetition.
        if reply.name is not None and repeated >= self.max_repeated_calls:
            reason = (
                f"stuck: {call.name} was called {repeated} times in a row with the same arguments "
                f"{_quote(call.arguments)}; resume to let the model try another way"
            )
            return [call, StatusChange(status="failed", reason=reason)]
        outcome = await self._dispatch(call, reply)
        events: list[EventData] = [call, outcome]
        if isinstance(outcome, ToolErrorData) and state.consecutive_errors + 1 >= self.max_consecutive_errors:
            events.append(self._escalation(thread, outcome, call_id=f"escalation_{thread.next_seq + 2}"))
        return events

    async def _dispatch(self, call: ToolCall, reply: ModelReply) -> EventData:
        if reply.name is None:
            return _error(call, "invalid_model_output", f"the reply was not a tool call: {_quote(reply.raw)}")
        if reply.arguments is None:
            return _error(call, "invalid_model_output", f"the arguments were not a JSON object: {_quote(reply.raw)}")
        chosen = self.toolbox.get(call.name)
        if chosen is None:
            available = ", ".join(self.toolbox.names)
            return _error(call, "unknown_tool", f"there is no tool named {call.name!r}; use one of: {available}")
        try:
            arguments = chosen.validate(call.arguments)
        except InvalidArguments as exc:
            return _error(call, "invalid_arguments", str(exc))
        if chosen.name == FINAL_ANSWER:
            return FinalAnswerData(call_id=call.call_id, answer=str(arguments.model_dump()["answer"]))
        if chosen.name == ASK_HUMAN:
            return HumanQuestion(call_id=call.call_id, question=str(arguments.model_dump()["question"]))
        if self.needs_approval(chosen):
            return ApprovalRequest(call_id=call.call_id, name=chosen.name, arguments=arguments.model_dump(mode="json"))
        return await self._execute(chosen, call.call_id, arguments)

    async def _run_approved(self, approved: ApprovalRequest) -> EventData:
        chosen = self.toolbox.get(approved.name)
        if chosen is None:
            message = f"the approved tool {approved.name!r} is no longer available"
            return ToolErrorData(call_id=approved.call_id, name=approved.name, kind="unknown_tool", message=message)
        try:
            arguments = chosen.validate(approved.arguments)
        except InvalidArguments as exc:
            return ToolErrorData(
                call_id=approved.call_id, name=approved.name, kind="invalid_arguments", message=str(exc)
            )
        return await self._execute(chosen, approved.call_id, arguments)

    async def _execute(self, chosen: Tool, call_id: str, arguments: BaseModel) -> EventData:
        started = time.perf_counter()
        try:
            output = await asyncio.wait_for(chosen.run(arguments), timeout=self.tool_timeout_s)
        except ToolError as exc:
            message = str(exc)
        except TimeoutError:
            message = f"timed out after {self.tool_timeout_s:g} s"
        except Exception as exc:  # a tool's bug must not kill the run; the model sees it (factor 9)
            logger.exception("tool %s raised", chosen.name)
            message = f"{type(exc).__name__}: {exc}"
        else:
            return ToolResult(call_id=call_id, name=chosen.name, output=output, duration_ms=_elapsed_ms(started))
        return ToolErrorData(
            call_id=call_id, name=chosen.name, kind="tool_failed", message=message, duration_ms=_elapsed_ms(started)
        )

    def _escalation(self, thread: Thread, latest: ToolErrorData, *, call_id: str) -> HumanQuestion:
        errors = [latest]
        for event in reversed(thread.events):
            if len(errors) >= self.max_consecutive_errors:
                break
            if isinstance(event, ToolErrorEvent):
                errors.append(event.data)
        lines = [
            f"{index}. {error.name or '(no tool)'}: {error.message}" for index, error in enumerate(reversed(errors), 1)
        ]
        question = f"The agent hit {len(errors)} errors in a row:\n" + "\n".join(lines) + "\nHow should it continue?"
        return HumanQuestion(call_id=call_id, question=question)


def _error(call: ToolCall, kind: ToolErrorKind, message: str) -> ToolErrorData:
    return ToolErrorData(call_id=call.call_id, name=call.name, kind=kind, message=message)


def _quote(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= RAW_QUOTE_CHARS else text[:RAW_QUOTE_CHARS] + "…"


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)
