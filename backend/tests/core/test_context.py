"""The context builder: message shapes, compaction markers, the token budget."""

from __future__ import annotations

from twelve_factor.core.actions import answer_question
from twelve_factor.core.context import ContextBuilder, estimate_tokens
from twelve_factor.core.events import StatusChange, Thread, ToolCall, ToolResult, UserInput, number_events

from .helpers import StepClock, calls, drive, scripted_agent


def long_thread(steps: int, output: str) -> Thread:
    clock = StepClock()
    data: list[object] = [UserInput(content="summarise the logs", max_steps=100)]
    for index in range(steps):
        call_id = f"call_{index}"
        data.append(ToolCall(call_id=call_id, name="read_log", arguments={"page": index}))
        data.append(ToolResult(call_id=call_id, name="read_log", output=f"{index}:{output}"))
    return Thread(run_id="r", events=tuple(number_events(0, data, clock())))  # type: ignore[arg-type]


def test_each_call_is_followed_by_its_outcome() -> None:
    messages = ContextBuilder().build(long_thread(2, "ok"), "SYSTEM")
    assert [message.role for message in messages] == ["system", "user", "assistant", "tool", "assistant", "tool"]
    assert messages[2].tool_calls[0].arguments == '{"page":0}'
    assert messages[3].tool_call_id == messages[2].tool_calls[0].id == "call_0"
    assert messages[3].content == '"0:ok"'


def test_old_outputs_are_compacted_with_a_marker_and_recent_ones_kept_whole() -> None:
    builder = ContextBuilder(token_budget=100_000, keep_full_outputs=2, compacted_output_chars=50)
    messages = builder.build(long_thread(5, "x" * 1000), "SYSTEM")
    outputs = [message.content or "" for message in messages if message.role == "tool"]
    assert all("[compacted: 954 characters omitted]" in text for text in outputs[:3])
    assert all("compacted" not in text and len(text) == 1004 for text in outputs[3:])


def test_over_budget_drops_old_steps_behind_one_note_and_keeps_the_task() -> None:
    builder = ContextBuilder(token_budget=700, keep_full_outputs=100)
    thread = long_thread(30, "y" * 200)
    messages = builder.build(thread, "SYSTEM")
    assert estimate_tokens(messages) <= 700
    assert messages[1].content == "summarise the logs"
    notes = [message.content for message in messages if message.role == "user" and "omitted" in (message.content or "")]
    assert len(notes) == 1
    assert notes[0] is not None and notes[0].startswith("[") and "earlier steps omitted" in notes[0]
    assert messages[-1].content is not None and messages[-1].content.startswith('"29:')


def test_a_call_refused_as_stuck_still_gets_an_outcome_after_resume() -> None:
    clock = StepClock()
    data = [
        UserInput(content="loop", max_steps=10),
        ToolCall(call_id="call_1", name="sum_numbers", arguments={"a": 1, "b": 1}),
        StatusChange(status="failed", reason="stuck: sum_numbers repeated"),
        StatusChange(status="resumed"),
    ]
    messages = ContextBuilder().build(Thread(run_id="r", events=tuple(number_events(0, data, clock()))), "S")
    assert messages[3].role == "tool"
    assert "stuck: sum_numbers repeated" in (messages[3].content or "")
    assert messages[4].content == "A person resumed the run; continue the task."


async def test_escalation_question_and_answer_appear_as_user_notes() -> None:
    agent = scripted_agent(calls(("nope", {}), ("nope2", {}), ("nope3", {})))
    thread = await drive(agent, agent.start("x"))
    thread = thread.extend(answer_question(thread, "stop guessing", agent.clock()))
    messages = agent.context.build(thread, agent.system_prompt)
    user_notes = [message.content or "" for message in messages if message.role == "user"]
    assert user_notes[1].startswith("The run stopped and asked a person: The agent hit 3 errors in a row")
    assert user_notes[2] == "The person answered: stop guessing"
