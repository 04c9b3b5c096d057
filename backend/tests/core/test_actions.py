"""What a person may do in each status, and the clear refusals otherwise."""

from __future__ import annotations

import pytest

from twelve_factor.core.actions import answer_question, cancel_run, decide_approval, pause_run, resume_run
from twelve_factor.core.errors import RunStateError
from twelve_factor.core.state import derive_state

from .helpers import calls, drive, scripted_agent


async def test_only_a_waiting_run_can_be_answered() -> None:
    agent = scripted_agent(calls(("final_answer", {"answer": "x"})))
    thread = agent.start("x")
    with pytest.raises(RunStateError, match="is running; only a run waiting for human input can be answered"):
        answer_question(thread, "hi", agent.clock())


async def test_only_a_run_waiting_for_approval_can_be_decided() -> None:
    agent = scripted_agent(calls(("power", {"base": 2, "exponent": 3})), approval_required=["power"])
    thread = agent.start("2^3")
    with pytest.raises(RunStateError, match="only a run waiting for approval"):
        decide_approval(thread, True, agent.clock())
    thread = await drive(agent, thread)
    with pytest.raises(RunStateError, match="waits for approval of call call_1, not call_9"):
        decide_approval(thread, True, agent.clock(), call_id="call_9")
    (decision,) = decide_approval(thread, True, agent.clock(), call_id="call_1")
    assert decision.seq == len(thread.events)


async def test_pause_then_resume_continues_where_it_stopped() -> None:
    agent = scripted_agent(calls(("sum_numbers", {"a": 1, "b": 2}), ("final_answer", {"answer": "3"})))
    thread = agent.start("1+2")
    thread = thread.extend(pause_run(thread, agent.clock()))
    assert derive_state(thread).status == "paused"
    with pytest.raises(RunStateError, match="only a running run can be paused"):
        pause_run(thread, agent.clock())
    thread = await drive(agent, thread)
    assert derive_state(thread).steps == 0, "a paused run takes no step"
    thread = thread.extend(resume_run(thread, agent.clock()))
    thread = await drive(agent, thread)
    assert derive_state(thread).final_answer == "3"


async def test_complete_runs_cannot_be_resumed_paused_or_cancelled() -> None:
    agent = scripted_agent(calls(("final_answer", {"answer": "x"})))
    thread = await drive(agent, agent.start("x"))
    with pytest.raises(RunStateError, match="is complete; only failed, max_steps_reached, paused runs can be resumed"):
        resume_run(thread, agent.clock())
    with pytest.raises(RunStateError, match="already ended"):
        cancel_run(thread, agent.clock())


async def test_cancel_ends_a_waiting_run_for_good() -> None:
    agent = scripted_agent(calls(("ask_human", {"question": "?"})))
    thread = await drive(agent, agent.start("x"))
    thread = thread.extend(cancel_run(thread, agent.clock(), reason="wrong task"))
    state = derive_state(thread)
    assert (state.status, state.error, state.pending_question) == ("cancelled", "wrong task", None)
    with pytest.raises(RunStateError):
        resume_run(thread, agent.clock())


async def test_step_refuses_a_run_that_is_not_running() -> None:
    agent = scripted_agent(calls(("ask_human", {"question": "?"})))
    thread = await drive(agent, agent.start("x"))
    with pytest.raises(RunStateError, match="is waiting_human_input; only a running run can take a step"):
        await agent.step(thread)


def test_an_empty_task_is_refused() -> None:
    agent = scripted_agent(calls())
    with pytest.raises(ValueError, match="the task is empty"):
        agent.start("   ")
