"""The incremental context builder gives exactly the messages of the original, on every prefix of random threads."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.reference_context import ContextBuilder as ReferenceBuilder
from twelve_factor.core.context import ContextBuilder
from twelve_factor.core.events import (
    ApprovalDecision,
    ApprovalRequest,
    EventData,
    HumanAnswer,
    HumanQuestion,
    StatusChange,
    Thread,
    ToolCall,
    ToolErrorData,
    ToolResult,
    UserInput,
    number_events,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
outputs = st.one_of(st.integers(), st.text(max_size=400), st.lists(st.integers(), max_size=80))


@st.composite
def steps(draw: st.DrawFn, seq: int) -> list[EventData]:
    """The events of one plausible step starting at `seq`."""
    call_id = f"call_{seq}"
    call = ToolCall(call_id=call_id, name=draw(st.sampled_from(["sum", "ask_human", "power"])), arguments={"a": seq})
    kind = draw(st.sampled_from(["result", "error", "ask", "approve", "reject", "escalate", "resume", "fail", "open"]))
    if kind == "result":
        return [call, ToolResult(call_id=call_id, name=call.name, output=draw(outputs))]
    if kind == "error":
        return [
            call,
            ToolErrorData(call_id=call_id, name=call.name, kind="tool_failed", message=draw(st.text(max_size=300))),
        ]
    if kind == "ask":
        return [
            call,
            HumanQuestion(call_id=call_id, question="q?"),
            HumanAnswer(call_id=call_id, answer=draw(st.text(max_size=50))),
        ]
    if kind in ("approve", "reject"):
        request = ApprovalRequest(call_id=call_id, name=call.name, arguments=call.arguments)
        decision = ApprovalDecision(
            call_id=call_id, approved=kind == "approve", comment=draw(st.none() | st.text(max_size=20))
        )
        after: list[EventData] = [ToolResult(call_id=call_id, name=call.name, output=1)] if kind == "approve" else []
        return [call, request, decision, *after]
    if kind == "escalate":
        escalation = f"escalation_{seq}"
        return [HumanQuestion(call_id=escalation, question="how?"), HumanAnswer(call_id=escalation, answer="like so")]
    if kind == "resume":
        return [StatusChange(status="paused"), StatusChange(status="resumed")]
    if kind == "fail":
        return [call, StatusChange(status="failed", reason="stuck")]
    return [call]  # a call whose outcome never came (the run stopped)


@st.composite
def threads(draw: st.DrawFn) -> list[Thread]:
    """A thread and all its step-by-step prefixes, built by `extend` as a runner does."""
    thread = Thread(
        run_id=draw(st.sampled_from(["r1", "r2"])),
        events=number_events(0, [UserInput(content="task", max_steps=5)], T0),
    )
    prefixes = [thread]
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        thread = thread.extend(number_events(thread.next_seq, draw(steps(thread.next_seq)), T0))
        prefixes.append(thread)
    return prefixes


@settings(max_examples=150, deadline=None)
@given(
    threads(),
    st.integers(min_value=50, max_value=3000),
    st.integers(min_value=0, max_value=5),
    st.integers(min_value=5, max_value=200),
)
def test_incremental_builds_equal_the_reference(prefixes: list[Thread], budget: int, keep: int, chars: int) -> None:
    reference = ReferenceBuilder(token_budget=budget, keep_full_outputs=keep, compacted_output_chars=chars)
    builder = ContextBuilder(token_budget=budget, keep_full_outputs=keep, compacted_output_chars=chars)
    for thread in prefixes:
        assert builder.build(thread, "system") == reference.build(thread, "system")
    # A shorter or reloaded thread of the same run is rebuilt, not continued.
    assert builder.build(prefixes[0], "system") == reference.build(prefixes[0], "system")
    reloaded = Thread(run_id=prefixes[-1].run_id, events=tuple(e.model_copy() for e in prefixes[-1].events))
    assert builder.build(reloaded, "system") == reference.build(reloaded, "system")
