"""The HTTP API over real HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from tests.conftest import LiveServer, ServerFactory, wait_until


def post(server: LiveServer, path: str, body: Any) -> httpx.Response:
    return httpx.post(server.url + path, json=body, timeout=10)


def get(server: LiveServer, path: str, **params: Any) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=10)


def launch(server: LiveServer, task: str, **extra: Any) -> dict[str, Any]:
    response = post(server, "/agent/launch", {"input_prompt": task, **extra})
    assert response.status_code == 200, response.text
    state: dict[str, Any] = response.json()
    return state


def wait_for_status(server: LiveServer, run_id: str, *statuses: str) -> dict[str, Any]:
    def current() -> dict[str, Any] | None:
        state: dict[str, Any] = get(server, f"/agent/state/{run_id}").json()
        return state if state["status"] in statuses else None

    result: dict[str, Any] = wait_until(current, what=f"run {run_id} to be {' or '.join(statuses)}")
    return result


def events_of(server: LiveServer, run_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = get(server, f"/agent/runs/{run_id}/events").json()["events"]
    return events


def test_launch_runs_to_completion_with_the_original_state_shape(server: LiveServer) -> None:
    state = launch(server, "multiply 3 and 4, then add 12")
    assert state["status"] == "running"
    assert state["context"] == [{"role": "user", "content": "multiply 3 and 4, then add 12"}]
    done = wait_for_status(server, state["id"], "complete")
    assert done["final_answer"] == "24"
    assert done["steps"] == 3
    assert done["context"][1] == {
        "type": "function_call",
        "name": "multiply_numbers",
        "arguments": json.dumps({"a": 3, "b": 4}),
        "call_id": "call_1",
    }
    assert done["context"][2] == {"type": "function_call_output", "call_id": "call_1", "output": "12.0"}
    assert done["pending_tool_calls"] == []
    assert done["model"] == "scripted:script.json"
    seqs = [event["seq"] for event in events_of(server, state["id"])]
    assert seqs == list(range(done["last_seq"] + 1))


def test_the_original_client_flow_answers_a_question(server: LiveServer) -> None:
    state = launch(server, "ask me what to multiply")
    state = wait_for_status(server, state["id"], "waiting_human_input")
    calls = [item for item in state["context"] if item.get("type") == "function_call" and item["name"] == "ask_human"]
    question = json.loads(calls[-1]["arguments"])["question"]
    assert question == "which numbers should I multiply?"
    assert state["pending_tool_calls"] == [calls[-1]]
    answered = post(server, "/agent/provide_input", {"id": state["id"], "answer": "3 and 4"})
    assert answered.status_code == 200
    done = wait_for_status(server, state["id"], "complete")
    assert done["final_answer"] == "12"
    assert {"type": "function_call_output", "call_id": calls[-1]["call_id"], "output": '"3 and 4"'} in done["context"]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({}, "input_prompt"),
        ({"input_prompt": ""}, "input_prompt"),
        ({"input_prompt": "   "}, "input_prompt"),
        ({"input_prompt": "x" * 100_001}, "input_prompt"),
        ({"input_prompt": 42}, "input_prompt"),
        ({"input_prompt": "nul \x00 inside"}, "input_prompt"),
        ({"input_prompt": "ok", "max_steps": 0}, "max_steps"),
        ({"input_prompt": "ok", "max_steps": 1001}, "max_steps"),
        ({"input_prompt": "ok", "max_steps": "many"}, "max_steps"),
    ],
)
def test_launch_refuses_bad_input_with_a_message(server: LiveServer, body: dict[str, Any], where: str) -> None:
    response = post(server, "/agent/launch", body)
    assert response.status_code == 422
    details = response.json()["detail"]
    assert any(where in item["loc"] and item["msg"] for item in details)


def test_malformed_json_and_oversized_bodies_are_4xx(server: LiveServer) -> None:
    headers = {"content-type": "application/json"}
    broken = httpx.post(server.url + "/agent/launch", content=b'{"input_prompt": ', headers=headers)
    assert broken.status_code == 422
    assert broken.json()["detail"][0]["msg"]
    huge = httpx.post(server.url + "/agent/launch", content=b"x" * 5_000_000, headers=headers)
    assert huge.status_code == 413
    assert "too large" in huge.json()["detail"]


def test_unknown_ids_are_404(server: LiveServer) -> None:
    assert get(server, "/agent/state/nope").status_code == 404
    assert get(server, "/agent/runs/nope/events").status_code == 404
    assert get(server, "/agent/runs/nope/stream").status_code == 404
    for path, body in [
        ("/agent/resume", {"id": "nope"}),
        ("/agent/provide_input", {"id": "nope", "answer": "a"}),
        ("/agent/pause", {"id": "nope"}),
        ("/agent/approve", {"id": "nope", "approved": True}),
        ("/agent/cancel", {"id": "nope"}),
    ]:
        response = post(server, path, body)
        assert response.status_code == 404, path
        assert "nope" in response.json()["detail"]


def test_actions_that_do_not_fit_the_status_are_400_or_409(server: LiveServer) -> None:
    slow = launch(server, "a long run")
    run_id = slow["id"]
    resumed = post(server, "/agent/resume", {"id": run_id})
    assert resumed.status_code == 409
    assert "running" in resumed.json()["detail"]
    assert post(server, "/agent/provide_input", {"id": run_id, "answer": "x"}).status_code == 400
    assert post(server, "/agent/approve", {"id": run_id, "approved": True}).status_code == 400

    done = launch(server, "multiply")
    wait_for_status(server, done["id"], "complete")
    for path in ("/agent/resume", "/agent/pause", "/agent/cancel"):
        response = post(server, path, {"id": done["id"]})
        assert response.status_code == 400, path
        assert "complete" in response.json()["detail"]

    waiting = launch(server, "ask me something")
    wait_for_status(server, waiting["id"], "waiting_human_input")
    assert post(server, "/agent/resume", {"id": waiting["id"]}).status_code == 409
    assert post(server, "/agent/pause", {"id": waiting["id"]}).status_code == 400
    post(server, "/agent/cancel", {"id": run_id})


def test_approval_approve_runs_the_exact_call(server: LiveServer) -> None:
    state = launch(server, "raise 2 to the power 10")
    state = wait_for_status(server, state["id"], "waiting_approval")
    assert state["pending_approval"] == {"call_id": "call_1", "name": "power", "arguments": {"base": 2, "exponent": 10}}
    wrong = post(server, "/agent/approve", {"id": state["id"], "approved": True, "call_id": "call_9"})
    assert wrong.status_code == 400
    ok = post(server, "/agent/approve", {"id": state["id"], "approved": True, "call_id": "call_1"})
    assert ok.status_code == 200
    done = wait_for_status(server, state["id"], "complete")
    results = [e for e in events_of(server, state["id"]) if e["type"] == "tool_result"]
    assert [r["data"]["output"] for r in results] == [1024.0]
    assert done["final_answer"] == "done"


def test_approval_reject_tells_the_model_instead_of_running(server: LiveServer) -> None:
    state = launch(server, "power please")
    wait_for_status(server, state["id"], "waiting_approval")
    post(server, "/agent/approve", {"id": state["id"], "approved": False, "comment": "too big"})
    done = wait_for_status(server, state["id"], "complete")
    assert not [e for e in events_of(server, state["id"]) if e["type"] == "tool_result"]
    assert any("too big" in item.get("output", "") for item in done["context"])


def test_cancel_stops_a_running_run_at_the_next_boundary(server: LiveServer) -> None:
    state = launch(server, "a long run")
    wait_until(lambda: get(server, f"/agent/state/{state['id']}").json()["steps"] >= 2, what="two steps")
    cancelled = post(server, "/agent/cancel", {"id": state["id"], "reason": "changed my mind"})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["error"] == "changed my mind"
    # The executor's next append is refused (the run moved on), so the
    # cancellation stays the last event; the stream ends on it.
    messages = _read_stream(server, state["id"])
    assert messages[-1][2]["status"] == "cancelled"
    events = events_of(server, state["id"])
    assert events[-1]["data"] == {"status": "cancelled", "reason": "changed my mind", "max_steps": None}


def test_pause_takes_effect_at_a_step_boundary_and_resume_continues(server: LiveServer) -> None:
    state = launch(server, "a long run")
    wait_until(lambda: get(server, f"/agent/state/{state['id']}").json()["steps"] >= 1, what="a first step")
    paused = post(server, "/agent/pause", {"id": state["id"]})
    assert paused.status_code == 200
    assert paused.json()["status"] in ("running", "paused")
    stopped = wait_for_status(server, state["id"], "paused")
    events = events_of(server, state["id"])
    assert events[-1]["data"] == {"status": "paused", "reason": None, "max_steps": None}
    assert events[-2]["type"] in ("tool_result", "tool_error")  # the step finished before the pause
    resumed = post(server, "/agent/resume", {"id": state["id"], "max_steps": 3})
    assert resumed.status_code == 200
    again = wait_for_status(server, state["id"], "max_steps_reached")
    assert again["steps"] == stopped["steps"] + 3
    assert again["steps_in_budget"] == 3


def test_max_steps_then_resume_completes(server: LiveServer) -> None:
    state = launch(server, "multiply", max_steps=2)
    stopped = wait_for_status(server, state["id"], "max_steps_reached")
    assert stopped["steps"] == 2
    assert "2 steps" in stopped["error"]
    post(server, "/agent/resume", {"id": state["id"]})
    assert wait_for_status(server, state["id"], "complete")["final_answer"] == "24"


def test_twenty_concurrent_resumes_start_the_run_once(server: LiveServer) -> None:
    state = launch(server, "multiply", max_steps=1)
    wait_for_status(server, state["id"], "max_steps_reached")

    async def resume_all() -> list[int]:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
            replies = await asyncio.gather(
                *[client.post("/agent/resume", json={"id": state["id"], "max_steps": 5}) for _ in range(20)]
            )
        return [reply.status_code for reply in replies]

    codes = asyncio.run(resume_all())
    assert sorted(codes) == [200] + [409] * 19
    wait_for_status(server, state["id"], "complete")
    events = events_of(server, state["id"])
    assert [e["data"]["status"] for e in events if e["type"] == "status"] == ["max_steps_reached", "resumed"]
    call_ids = [e["data"]["call_id"] for e in events if e["type"] == "tool_call"]
    assert len(call_ids) == len(set(call_ids)) == 3


def test_run_list_is_paginated_newest_first_and_filtered(server: LiveServer) -> None:
    ids = [launch(server, f"multiply #{index}")["id"] for index in range(5)]
    waiting = launch(server, "ask me")["id"]
    for run_id in ids:
        wait_for_status(server, run_id, "complete")
    wait_for_status(server, waiting, "waiting_human_input")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = get(server, "/agent/runs", **params).json()
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [waiting, *reversed(ids)]
    only = get(server, "/agent/runs", status="waiting_human_input").json()
    assert [item["id"] for item in only["items"]] == [waiting]
    assert only["items"][0]["input_prompt"] == "ask me"
    assert get(server, "/agent/runs", cursor="garbage").status_code == 400
    assert get(server, "/agent/runs", status="sleeping").status_code == 422
    assert get(server, "/agent/runs", limit=101).status_code == 422


def test_events_after_a_seq(server: LiveServer) -> None:
    state = launch(server, "multiply")
    done = wait_for_status(server, state["id"], "complete")
    later = get(server, f"/agent/runs/{state['id']}/events", after=3).json()["events"]
    assert [event["seq"] for event in later] == list(range(4, done["last_seq"] + 1))
    assert later[0].keys() == {"seq", "type", "data", "created_at"}


def _read_stream(
    server: LiveServer, run_id: str, headers: dict[str, str] | None = None
) -> list[tuple[str, str | None, Any]]:
    messages: list[tuple[str, str | None, Any]] = []
    event, ident, data = "message", None, []
    with httpx.stream("GET", f"{server.url}/agent/runs/{run_id}/stream", headers=headers, timeout=15) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith(":"):
                continue
            if not line:
                if data:
                    messages.append((event, ident, json.loads("\n".join(data))))
                event, ident, data = "message", None, []
                continue
            name, _, value = line.partition(": ")
            if name == "event":
                event = value
            elif name == "id":
                ident = value
            elif name == "data":
                data.append(value)
    return messages


def test_stream_follows_a_run_live_and_ends_after_it_completes(server: LiveServer) -> None:
    state = launch(server, "multiply")
    messages = _read_stream(server, state["id"])
    thread_events = [data for kind, _, data in messages if kind == "thread_event"]
    assert [event["seq"] for event in thread_events] == list(range(len(thread_events)))
    assert [ident for kind, ident, _ in messages if kind == "thread_event"] == [str(e["seq"]) for e in thread_events]
    kind, ident, last = messages[-1]
    assert (kind, ident) == ("state", None)
    assert last["status"] == "complete"
    assert last["last_seq"] == thread_events[-1]["seq"]


def test_stream_resumes_after_last_event_id(server: LiveServer) -> None:
    state = launch(server, "multiply")
    done = wait_for_status(server, state["id"], "complete")
    messages = _read_stream(server, state["id"], headers={"Last-Event-ID": "3"})
    seqs = [data["seq"] for kind, _, data in messages if kind == "thread_event"]
    assert seqs == list(range(4, done["last_seq"] + 1))
    assert messages[-1][0] == "state"


def test_tools_and_health(server: LiveServer) -> None:
    tools = {tool["name"]: tool for tool in get(server, "/tools").json()}
    assert {"ask_human", "final_answer", "sum_numbers", "power"} <= tools.keys()
    assert tools["power"]["requires_approval"] is True
    assert tools["sum_numbers"]["parameters"]["required"] == ["a", "b"]
    health = get(server, "/healthz").json()
    assert health["status"] == "ok"
    assert health["database"] in ("sqlite", "postgresql")
    assert health["model"] == "scripted:script.json"
    assert get(server, "/openapi.json").json()["info"]["title"] == "Twelve-Factor Agents"


def test_api_token_is_required_when_set(make_server: ServerFactory) -> None:
    server = make_server(tfa_api_token="s3cret")
    assert get(server, "/healthz").status_code == 200
    refused = post(server, "/agent/launch", {"input_prompt": "multiply"})
    assert refused.status_code == 401
    assert "token" in refused.json()["detail"]
    wrong = httpx.get(server.url + "/agent/runs", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    auth = {"Authorization": "Bearer s3cret"}
    launched = httpx.post(server.url + "/agent/launch", json={"input_prompt": "multiply"}, headers=auth)
    assert launched.status_code == 200
    run_id = launched.json()["id"]
    assert httpx.get(f"{server.url}/agent/runs/{run_id}/stream").status_code == 401
    with httpx.stream("GET", f"{server.url}/agent/runs/{run_id}/stream", params={"token": "s3cret"}) as response:
        assert response.status_code == 200


def test_cors_allows_only_the_ui_origin(server: LiveServer) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = httpx.options(server.url + "/agent/launch", headers={"Origin": "http://localhost:3000", **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:3000"
    other = httpx.options(server.url + "/agent/launch", headers={"Origin": "http://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    simple = httpx.get(server.url + "/healthz", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in simple.headers
