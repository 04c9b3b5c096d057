"""Derived state is a pure function of the events (factor 5), checked by hypothesis.

A live run records its state after every step; replaying any prefix of the
stored events, after a JSON round trip as the database does, must give that
same state.
"""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st

from twelve_factor.core.actions import answer_question, decide_approval, resume_run
from twelve_factor.core.events import Thread, event_to_dict, parse_event
from twelve_factor.core.models.scripted import ScriptedCall
from twelve_factor.core.state import RunState, derive_state

from .helpers import Recorder, drive, scripted_agent

numbers = st.integers(min_value=-5, max_value=5)
call_strategy = st.one_of(
    st.builds(lambda a, b: ScriptedCall(name="sum_numbers", arguments={"a": a, "b": b}), numbers, numbers),
    st.builds(lambda a, b: ScriptedCall(name="divide_numbers", arguments={"a": a, "b": b}), numbers, numbers),
    st.builds(lambda x: ScriptedCall(name="square_root", arguments={"x": x}), numbers),
    st.builds(lambda b: ScriptedCall(name="power", arguments={"base": 2, "exponent": b}), numbers),
    st.just(ScriptedCall(name="ask_human", arguments={"question": "why?"})),
    st.just(ScriptedCall(name="no_such_tool", arguments={})),
    st.just(ScriptedCall(name="sum_numbers", arguments={"a": "x"})),
    st.just(ScriptedCall(name="final_answer", arguments={"answer": "done"})),
)


async def live_run(script: list[ScriptedCall], max_steps: int) -> tuple[Thread, list[tuple[int, RunState]]]:
    """Run the script to its end, answering, approving and resuming as a person would."""
    agent = scripted_agent(script, approval_required=["power"], max_steps=max_steps)
    recorder = Recorder()
    thread = agent.start("a generated task")
    for _ in range(4 * len(script) + 4):
        thread = await drive(agent, thread, recorder)
        state = derive_state(thread)
        if state.status == "waiting_human_input":
            new_events = answer_question(thread, "carry on", agent.clock())
        elif state.status == "waiting_approval":
            new_events = decide_approval(thread, state.steps % 2 == 0, agent.clock(), comment="alternating")
        elif state.status in ("max_steps_reached", "failed") and state.steps < len(script):
            new_events = resume_run(thread, agent.clock())
        else:
            break
        thread = thread.extend(new_events)
        recorder.states.append((len(thread.events), derive_state(thread)))
    return thread, recorder.states


@settings(max_examples=60, deadline=None)
@given(script=st.lists(call_strategy, min_size=1, max_size=12), max_steps=st.integers(min_value=1, max_value=6))
def test_replaying_any_prefix_gives_the_live_state(script: list[ScriptedCall], max_steps: int) -> None:
    thread, live_states = asyncio.run(live_run(script, max_steps))
    stored = [event_to_dict(event) for event in thread.events]
    for length, live_state in live_states:
        replayed = Thread(run_id=thread.run_id, events=tuple(parse_event(raw) for raw in stored[:length]))
        assert derive_state(replayed) == live_state
    assert derive_state(thread.prefix(1)).status == "running"
