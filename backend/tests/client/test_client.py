"""The typed client, `tfa client launch` and the original example client against a live server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import LiveServer, ServerFactory, wait_until
from twelve_factor.client import AsyncClient, BadRequest, Client, Conflict, InvalidInput, NotFound, Unauthorized
from twelve_factor.client.sse import SseParser
from twelve_factor.core.events import FinalAnswerEvent, ToolCallEvent
from twelve_factor.wire import State

TFA = Path(sys.executable).with_name("tfa")


def test_sync_client_covers_every_endpoint(server: LiveServer) -> None:
    with Client(server.url) as api:
        assert api.health().status == "ok"
        assert "power" in {tool.name for tool in api.tools()}
        state = api.launch("ask me to multiply", max_steps=5)
        assert state.status == "running" and state.max_steps == 5
        waiting = wait_until(lambda: (s := api.state(state.id)).status == "waiting_human_input" and s)
        assert waiting.pending_question is not None
        api.provide_input(state.id, "3 and 4")
        done = wait_until(lambda: (s := api.state(state.id)).status == "complete" and s)
        assert done.final_answer == "12"
        events = api.events(state.id)
        assert isinstance(events[-1], FinalAnswerEvent)
        assert [event.seq for event in api.events(state.id, after=2)] == list(range(3, done.last_seq + 1))
        assert api.runs(status="complete").items[0].id == state.id

        long = api.launch("a long run")
        api.pause(long.id)
        wait_until(lambda: api.state(long.id).status == "paused")
        api.resume(long.id, max_steps=1)
        wait_until(lambda: api.state(long.id).status == "max_steps_reached")
        assert api.cancel(long.id, reason="enough").status == "cancelled"

        approval = api.launch("power")
        wait_until(lambda: api.state(approval.id).status == "waiting_approval")
        assert api.approve(approval.id, True, call_id="call_1").status == "running"


def test_errors_are_typed_and_carry_the_servers_message(server: LiveServer) -> None:
    with Client(server.url) as api:
        with pytest.raises(NotFound, match="nope"):
            api.state("nope")
        with pytest.raises(InvalidInput, match="input_prompt"):
            api.launch("")
        done = api.launch("multiply")
        wait_until(lambda: api.state(done.id).status == "complete")
        with pytest.raises(BadRequest, match="complete") as caught:
            api.resume(done.id)
        assert caught.value.status_code == 400
        waiting = api.launch("ask me")
        wait_until(lambda: api.state(waiting.id).status == "waiting_human_input")
        with pytest.raises(Conflict):
            api.resume(waiting.id)


def test_follow_yields_events_and_states_until_the_run_ends(server: LiveServer) -> None:
    with Client(server.url) as api:
        state = api.launch("multiply")
        items = list(api.follow(state.id))
    events = [item for item in items if not isinstance(item, State)]
    assert [event.seq for event in events] == list(range(len(events)))
    assert isinstance(items[-1], State) and items[-1].status == "complete"
    assert sum(isinstance(event, ToolCallEvent) for event in events) == 3


async def test_async_client_follows_and_acts(server: LiveServer) -> None:
    async with AsyncClient(server.url) as api:
        state = await api.launch("ask me anything")
        answered = False
        async for item in api.follow(state.id):
            if isinstance(item, State) and item.status == "waiting_human_input" and not answered:
                await api.provide_input(state.id, "3 and 4")
                answered = True
        final = await api.state(state.id)
        assert final.final_answer == "12"
        later = [item async for item in api.follow(state.id, after=final.last_seq - 1)]
        assert [getattr(item, "seq", None) for item in later] == [final.last_seq, None]


def test_token_is_sent_by_the_client(make_server: ServerFactory) -> None:
    server = make_server(tfa_api_token="t0ken")
    with Client(server.url) as anonymous, pytest.raises(Unauthorized):
        anonymous.runs()
    with Client(server.url, token="t0ken") as api:
        state = api.launch("multiply")
        assert list(api.follow(state.id))[-1].status == "complete"  # type: ignore[union-attr]


def test_sse_parser_handles_comments_multiline_data_and_ids() -> None:
    parser = SseParser()
    lines = [": ping", "id: 7", "event: thread_event", "data: {", "data: }", "", "", "data: x", ""]
    messages = [message for line in lines if (message := parser.feed(line))]
    assert [(m.event, m.data, m.id) for m in messages] == [("thread_event", "{\n}", "7"), ("message", "x", None)]


def _run(args: list[str], server: LiveServer, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TFA_URL": server.url}
    return subprocess.run(args, input=stdin, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_tfa_client_launch_follows_live_and_answers_at_the_prompt(server: LiveServer) -> None:
    result = _run([str(TFA), "client", "launch", "ask me what to multiply"], server, "3 and 4\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "question: which numbers should I multiply?" in lines
    assert "step: multiply_numbers(a=3, b=4)" in lines
    assert lines[-1] == "final answer: 12"


def test_tfa_client_launch_approves_at_the_prompt(server: LiveServer) -> None:
    result = _run([str(TFA), "client", "launch", "power", "--url", server.url], server, "y\n")
    assert result.returncode == 0, result.stderr
    assert "needs approval: power(base=2.0, exponent=10.0)" in result.stdout
    assert "  -> 1024.0" in result.stdout


def test_tfa_client_launch_exit_code_when_the_person_stops(server: LiveServer) -> None:
    result = _run([str(TFA), "client", "launch", "ask me"], server, "")
    assert result.returncode == 3
    assert "no answer" in result.stdout


def test_the_original_example_client_flow(server: LiveServer) -> None:
    result = _run([sys.executable, "-m", "twelve_factor.client", "ask me what to multiply"], server, "3 and 4\n")
    assert result.returncode == 0, result.stderr
    assert "agent asks: which numbers should I multiply?" in result.stdout
    assert result.stdout.rstrip().endswith("final answer: 12")
