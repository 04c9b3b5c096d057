"""The whole loop with the scripted double: every path a run can take."""

from __future__ import annotations

import json

from twelve_factor.core.actions import answer_question, decide_approval, resume_run
from twelve_factor.core.events import ApprovalDecisionEvent, StatusEvent, ToolErrorEvent, ToolResultEvent
from twelve_factor.core.models.base import ModelReply, ModelRequest
from twelve_factor.core.state import derive_state
from twelve_factor.core.tools import MATH_TOOLS, tool

from .helpers import calls, drive, scripted_agent

deleted: list[str] = []


@tool(requires_approval=True)
def delete_records(table: str) -> str:
    """Delete every record of a table (a person must approve)."""
    deleted.append(table)
    return f"deleted {table}"


class Recording:
    """A scripted function that remembers every request it was given."""

    def __init__(self, *replies: ModelReply) -> None:
        self.replies = replies
        self.requests: list[ModelRequest] = []

    def __call__(self, request: ModelRequest) -> ModelReply:
        self.requests.append(request)
        return self.replies[len(self.requests) - 1]

    def tool_outputs(self, request_index: int = -1) -> list[dict[str, object]]:
        messages = self.requests[request_index].messages
        return [json.loads(message.content or "null") for message in messages if message.role == "tool"]


def reply(name: str, **arguments: object) -> ModelReply:
    return ModelReply(name=name, arguments=dict(arguments))


async def test_multi_step_math_task_ends_in_final_answer() -> None:
    agent = scripted_agent(
        calls(
            ("multiply_numbers", {"a": 3, "b": 4}),
            ("sum_numbers", {"a": 12, "b": 12}),
            ("final_answer", {"answer": "The result is 24."}),
        )
    )
    thread = await drive(agent, agent.start("multiply 3 and 4, then add 12"))
    state = derive_state(thread)
    assert state.status == "complete"
    assert state.final_answer == "The result is 24."
    assert state.steps == 3
    assert [event.data.output for event in thread.events if isinstance(event, ToolResultEvent)] == [12.0, 24.0]
    assert [event.seq for event in thread.events] == list(range(len(thread.events)))


async def test_results_reach_the_model_as_context() -> None:
    script = Recording(reply("multiply_numbers", a=3, b=4), reply("final_answer", answer="12"))
    agent = scripted_agent(script)
    await drive(agent, agent.start("what is 3 times 4?"))
    first, second = script.requests
    assert [message.role for message in first.messages] == ["system", "user"]
    assert first.messages[1].content == "what is 3 times 4?"
    assert script.tool_outputs() == [12.0]
    assert {spec.name for spec in second.tools} >= {"ask_human", "final_answer", "multiply_numbers"}


async def test_ask_human_waits_then_the_answer_reaches_the_model() -> None:
    script = Recording(reply("ask_human", question="Which number should I add?"), reply("final_answer", answer="done"))
    agent = scripted_agent(script)
    thread = await drive(agent, agent.start("add something"))
    state = derive_state(thread)
    assert state.status == "waiting_human_input"
    assert state.pending_question is not None
    assert state.pending_question.question == "Which number should I add?"

    thread = thread.extend(answer_question(thread, "add 5", agent.clock()))
    thread = await drive(agent, thread)
    assert derive_state(thread).status == "complete"
    assert script.tool_outputs() == [{"human_answer": "add 5"}]


async def test_approval_granted_runs_the_exact_call() -> None:
    deleted.clear()
    agent = scripted_agent(
        calls(("delete_records", {"table": "tmp"}), ("final_answer", {"answer": "ok"})),
        (*MATH_TOOLS, delete_records),
    )
    thread = await drive(agent, agent.start("clean tmp"))
    state = derive_state(thread)
    assert state.status == "waiting_approval"
    assert state.pending_approval is not None
    assert (state.pending_approval.name, state.pending_approval.arguments) == ("delete_records", {"table": "tmp"})
    assert deleted == [], "nothing runs before a person approves"

    thread = thread.extend(decide_approval(thread, True, agent.clock()))
    thread = await drive(agent, thread)
    assert derive_state(thread).status == "complete"
    assert deleted == ["tmp"]


async def test_rejection_reaches_the_model_as_context_and_the_call_never_runs() -> None:
    deleted.clear()
    script = Recording(reply("delete_records", table="users"), reply("final_answer", answer="left it alone"))
    agent = scripted_agent(script, (*MATH_TOOLS, delete_records))
    thread = await drive(agent, agent.start("clean users"))
    thread = thread.extend(decide_approval(thread, False, agent.clock(), comment="never touch users"))
    thread = await drive(agent, thread)
    assert derive_state(thread).status == "complete"
    assert deleted == []
    assert script.tool_outputs() == [{"rejected_by_human": True, "comment": "never touch users"}]
    assert any(isinstance(event, ApprovalDecisionEvent) and not event.data.approved for event in thread.events)


async def test_agent_level_approval_policy_covers_plain_tools() -> None:
    agent = scripted_agent(calls(("power", {"base": 2, "exponent": 10})), approval_required=["power"])
    thread = await drive(agent, agent.start("2 to the 10th"))
    assert derive_state(thread).status == "waiting_approval"
    assert next(spec for spec in agent.tool_specs if spec.name == "power").requires_approval


async def test_unknown_tool_becomes_an_error_the_model_sees() -> None:
    script = Recording(reply("teleport", to="mars"), reply("final_answer", answer="sorry"))
    agent = scripted_agent(script)
    thread = await drive(agent, agent.start("go to mars"))
    errors = [event.data for event in thread.events if isinstance(event, ToolErrorEvent)]
    assert [(error.kind, error.name) for error in errors] == [("unknown_tool", "teleport")]
    assert "no tool named 'teleport'" in errors[0].message
    (output,) = script.tool_outputs()
    assert output["error"] == "unknown_tool"
    assert derive_state(thread).status == "complete"


async def test_invalid_arguments_give_the_validation_message() -> None:
    script = Recording(reply("sum_numbers", a="three"), reply("final_answer", answer="?"))
    agent = scripted_agent(script)
    thread = await drive(agent, agent.start("add"))
    (error,) = [event.data for event in thread.events if isinstance(event, ToolErrorEvent)]
    assert error.kind == "invalid_arguments"
    assert "a: Input should be a valid number" in error.message
    assert "b: Field required" in error.message


async def test_tool_exception_becomes_a_compact_error() -> None:
    agent = scripted_agent(calls(("divide_numbers", {"a": 1, "b": 0}), ("final_answer", {"answer": "undefined"})))
    thread = await drive(agent, agent.start("1/0"))
    (error,) = [event.data for event in thread.events if isinstance(event, ToolErrorEvent)]
    assert (error.kind, error.message) == ("tool_failed", "cannot divide by zero: b must not be 0")
    assert derive_state(thread).status == "complete"


async def test_unexpected_tool_bug_is_reported_not_raised() -> None:
    @tool
    def broken(x: int) -> int:
        """Always fails with a bug."""
        raise KeyError("missing")

    agent = scripted_agent(calls(("broken", {"x": 1}), ("final_answer", {"answer": "x"})), (broken,))
    thread = await drive(agent, agent.start("use broken"))
    (error,) = [event.data for event in thread.events if isinstance(event, ToolErrorEvent)]
    assert error.message == "KeyError: 'missing'"


async def test_text_instead_of_a_tool_call_is_an_error_for_the_model() -> None:
    text_reply = ModelReply(name=None, arguments=None, raw="I think it is 12")
    script = Recording(text_reply, reply("final_answer", answer="12"))
    agent = scripted_agent(script)
    thread = await drive(agent, agent.start("3*4"))
    (error,) = [event.data for event in thread.events if isinstance(event, ToolErrorEvent)]
    assert error.kind == "invalid_model_output"
    assert "I think it is 12" in error.message


async def test_three_errors_in_a_row_stop_and_ask_a_person_with_a_summary() -> None:
    agent = scripted_agent(
        calls(
            ("divide_numbers", {"a": 1, "b": 0}),
            ("square_root", {"x": -4}),
            ("nope", {}),
            ("final_answer", {"answer": "recovered"}),
        )
    )
    thread = await drive(agent, agent.start("break things"))
    state = derive_state(thread)
    assert state.status == "waiting_human_input"
    assert state.pending_question is not None
    question = state.pending_question.question
    assert "3 errors in a row" in question
    for fragment in ("cannot divide by zero", "square root of a negative number", "no tool named 'nope'"):
        assert fragment in question

    thread = thread.extend(answer_question(thread, "just give up politely", agent.clock()))
    thread = await drive(agent, thread)
    assert derive_state(thread).final_answer == "recovered"


async def test_errors_separated_by_a_success_do_not_escalate() -> None:
    agent = scripted_agent(
        calls(
            ("divide_numbers", {"a": 1, "b": 0}),
            ("square_root", {"x": -1}),
            ("sum_numbers", {"a": 1, "b": 1}),
            ("divide_numbers", {"a": 2, "b": 0}),
            ("final_answer", {"answer": "2"}),
        )
    )
    thread = await drive(agent, agent.start("mixed"))
    assert derive_state(thread).status == "complete"


async def test_escalation_threshold_is_configurable() -> None:
    agent = scripted_agent(calls(("nope", {})), max_consecutive_errors=1)
    thread = await drive(agent, agent.start("x"))
    assert derive_state(thread).status == "waiting_human_input"


async def test_the_same_call_three_times_in_a_row_fails_as_stuck() -> None:
    agent = scripted_agent(calls(*[("sum_numbers", {"a": 1, "b": 2})] * 5))
    thread = await drive(agent, agent.start("loop"))
    state = derive_state(thread)
    assert state.status == "failed"
    assert state.error is not None
    assert "stuck: sum_numbers was called 3 times in a row" in state.error
    executed = [event for event in thread.events if isinstance(event, ToolResultEvent)]
    assert len(executed) == 2, "the third identical call is not executed"


async def test_same_tool_with_new_arguments_is_not_stuck() -> None:
    agent = scripted_agent(
        calls(
            ("sum_numbers", {"a": 1, "b": 1}),
            ("sum_numbers", {"a": 2, "b": 1}),
            ("sum_numbers", {"a": 3, "b": 1}),
            ("final_answer", {"answer": "4"}),
        )
    )
    thread = await drive(agent, agent.start("count"))
    assert derive_state(thread).status == "complete"


async def test_stuck_limit_is_configurable_and_a_stuck_run_can_resume() -> None:
    agent = scripted_agent(
        calls(
            ("power", {"base": 2, "exponent": 2}),
            ("power", {"base": 2, "exponent": 2}),
            ("power", {"base": 2, "exponent": 2}),
            ("final_answer", {"answer": "4"}),
        ),
        max_repeated_calls=2,
    )
    thread = await drive(agent, agent.start("2^2"))
    assert derive_state(thread).status == "failed"
    thread = thread.extend(resume_run(thread, agent.clock()))
    thread = await drive(agent, thread)
    state = derive_state(thread)
    assert (state.status, state.final_answer) == ("complete", "4"), "resuming starts a new repetition streak"


async def test_max_steps_then_resume_grants_a_fresh_budget() -> None:
    script = calls(*[("sum_numbers", {"a": index, "b": 1}) for index in range(5)], ("final_answer", {"answer": "5"}))
    agent = scripted_agent(script, max_steps=2)
    thread = await drive(agent, agent.start("count to five"))
    state = derive_state(thread)
    assert (state.status, state.steps, state.steps_in_budget) == ("max_steps_reached", 2, 2)

    thread = thread.extend(resume_run(thread, agent.clock()))
    assert derive_state(thread).steps_in_budget == 0
    thread = await drive(agent, thread)
    assert derive_state(thread).status == "max_steps_reached"
    thread = thread.extend(resume_run(thread, agent.clock(), max_steps=5))
    thread = await drive(agent, thread)
    state = derive_state(thread)
    assert (state.status, state.steps) == ("complete", 6)
    limits = [event for event in thread.events if isinstance(event, StatusEvent)]
    assert [event.data.status for event in limits] == [
        "max_steps_reached",
        "resumed",
        "max_steps_reached",
        "resumed",
    ]


async def test_step_budget_per_launch_overrides_the_agent_default() -> None:
    agent = scripted_agent(calls(*[("sum_numbers", {"a": index, "b": 1}) for index in range(5)]), max_steps=10)
    thread = await drive(agent, agent.start("count", max_steps=1))
    assert derive_state(thread).steps == 1


async def test_a_failing_model_fails_the_run_with_its_message() -> None:
    agent = scripted_agent(calls())
    thread = await drive(agent, agent.start("anything"))
    state = derive_state(thread)
    assert state.status == "failed"
    assert state.error == "the model failed: the scripted model has only 0 calls; call 1 was asked for"


async def test_repeated_unparseable_replies_escalate_as_errors_not_as_stuck() -> None:
    garbage = ModelReply(name=None, arguments=None, raw="functions.multiply_numbers:")
    agent = scripted_agent(Recording(garbage, garbage, garbage))
    thread = await drive(agent, agent.start("3*4"))
    state = derive_state(thread)
    assert state.status == "waiting_human_input"
    assert state.pending_question is not None and "3 errors in a row" in state.pending_question.question
