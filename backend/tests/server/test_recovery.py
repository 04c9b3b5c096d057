"""Crash recovery: `tfa serve` killed with SIGKILL mid-run; a restarted server (or a `tfa worker`) finishes the run."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import free_port, wait_until
from twelve_factor.store import open_store

STEPS = 8
SLOW_SCRIPT = {
    "latency_ms": 150,
    "calls": [
        {"name": "sum_numbers", "arguments": {"a": 1, "b": 2}},
        {"name": "multiply_numbers", "arguments": {"a": 2, "b": 3}},
    ],
    "repeat": STEPS // 2,
    "then": [{"name": "final_answer", "arguments": {"answer": "done"}}],
}
TFA = Path(sys.executable).with_name("tfa")


class Process:
    """`tfa serve` or `tfa worker` as a real subprocess."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("ab") as out:
            self.popen = subprocess.Popen([str(TFA), *args], env=env, stdout=out, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    script = tmp_path / "slow.json"
    script.write_text(json.dumps(SLOW_SCRIPT))
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "TFA_MODEL": f"scripted:{script}",
        "TFA_LEASE_SECONDS": "1",
        "TFA_POLL_SECONDS": "0.2",
        "TFA_MAX_STEPS": "20",
    }


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


def serve(env: dict[str, str], tmp_path: Path, processes: list[Process]) -> str:
    port = free_port()
    process = Process(["serve", "--port", str(port)], env, tmp_path / "serve.log")
    processes.append(process)
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        if process.popen.poll() is not None:
            raise AssertionError(f"tfa serve exited: {process.log.read_text()}")
        try:
            return httpx.get(url + "/healthz").status_code == 200
        except httpx.TransportError:
            return False

    wait_until(healthy, what="tfa serve to answer")
    return url


def state(url: str, run_id: str) -> dict[str, Any]:
    result: dict[str, Any] = httpx.get(f"{url}/agent/state/{run_id}").json()
    return result


def assert_every_step_once(events: list[dict[str, Any]]) -> None:
    assert [event["seq"] for event in events] == list(range(len(events)))
    calls = [event["data"]["call_id"] for event in events if event["type"] == "tool_call"]
    results = [event["data"]["call_id"] for event in events if event["type"] == "tool_result"]
    assert len(calls) == len(set(calls)) == STEPS + 1
    assert results == calls[:-1]


def test_a_killed_server_restarts_and_finishes_the_run(
    env: dict[str, str], tmp_path: Path, processes: list[Process]
) -> None:
    url = serve(env, tmp_path, processes)
    run_id = httpx.post(url + "/agent/launch", json={"input_prompt": "count"}).json()["id"]
    wait_until(lambda: state(url, run_id)["steps"] >= 2, what="two steps")
    processes[0].kill()

    url = serve(env, tmp_path, processes)
    done = wait_until(lambda: (s := state(url, run_id))["status"] == "complete" and s, what="the run to complete")
    assert done["final_answer"] == "done"
    assert_every_step_once(httpx.get(f"{url}/agent/runs/{run_id}/events").json()["events"])


def test_a_worker_takes_over_the_runs_of_a_killed_server(
    env: dict[str, str], database_url: str, tmp_path: Path, processes: list[Process]
) -> None:
    url = serve(env, tmp_path, processes)
    run_id = httpx.post(url + "/agent/launch", json={"input_prompt": "count"}).json()["id"]
    wait_until(lambda: state(url, run_id)["steps"] >= 1, what="a first step")
    processes[0].kill()
    processes.append(Process(["worker"], env, tmp_path / "worker.log"))

    async def read() -> tuple[str, list[dict[str, Any]]]:
        store = await open_store(database_url)
        try:
            record = await store.get(run_id)
            thread = await store.load_thread(run_id)
        finally:
            await store.close()
        return record.status, [event.model_dump(mode="json") for event in thread.events]

    wait_until(lambda: asyncio.run(read())[0] == "complete", what="the worker to complete the run")
    assert_every_step_once(asyncio.run(read())[1])
