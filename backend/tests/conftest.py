"""Shared fixtures: real databases (a SQLite file, a PostgreSQL schema) and the API on a real port."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import uvicorn

from twelve_factor.server.app import create_app
from twelve_factor.settings import Settings

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
DEADLINE_S = 15.0

# The stories the scripted double acts out, chosen by a word in the task.
SCRIPT: dict[str, Any] = {
    "latency_ms": 20,
    "calls": [
        {"name": "multiply_numbers", "arguments": {"a": 3, "b": 4}},
        {"name": "sum_numbers", "arguments": {"a": 12, "b": 12}},
        {"name": "final_answer", "arguments": {"answer": "24"}},
    ],
    "scenarios": [
        {
            "match": "ask me",
            "calls": [
                {"name": "ask_human", "arguments": {"question": "which numbers should I multiply?"}},
                {"name": "multiply_numbers", "arguments": {"a": 3, "b": 4}},
                {"name": "final_answer", "arguments": {"answer": "12"}},
            ],
        },
        {
            "match": "power",
            "calls": [
                {"name": "power", "arguments": {"base": 2, "exponent": 10}},
                {"name": "final_answer", "arguments": {"answer": "done"}},
            ],
        },
        {
            "match": "long run",
            "calls": [
                {"name": "sum_numbers", "arguments": {"a": 1, "b": 2}},
                {"name": "multiply_numbers", "arguments": {"a": 2, "b": 3}},
            ],
            "repeat": 100,
            "then": [{"name": "final_answer", "arguments": {"answer": "long done"}}],
        },
    ],
}


def wait_until(condition: Callable[[], Any], *, timeout: float = DEADLINE_S, what: str = "condition") -> Any:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)  # polling interval, not synchronisation


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def script_file(tmp_path: Path) -> Path:
    path = tmp_path / "script.json"
    path.write_text(json.dumps(SCRIPT))
    return path


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL schema of its own for one test, dropped afterwards."""
    schema = f"tfa_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests run on both databases."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'runs.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


class LiveServer:
    """`create_app` served by uvicorn on a free loopback port, in a thread of this process."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        wait_until(lambda: self._server.started or not self._thread.is_alive(), what="the server to start")
        if not self._server.started:
            raise RuntimeError("the server did not start; see the log above")
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=DEADLINE_S)


ServerFactory = Callable[..., LiveServer]


@pytest.fixture
def make_server(database_url: str, script_file: Path) -> Iterator[ServerFactory]:
    """Start servers with settings overrides; all are stopped after the test."""
    started: list[LiveServer] = []

    def start(**overrides: Any) -> LiveServer:
        values: dict[str, Any] = {
            "database_url": database_url,
            "tfa_model": f"scripted:{script_file}",
            "tfa_poll_seconds": 0.2,
            "tfa_require_approval": "power",
        }
        values.update(overrides)
        server = LiveServer(Settings(**values)).__enter__()
        started.append(server)
        return server

    yield start
    for server in reversed(started):
        server.__exit__()


@pytest.fixture
def server(make_server: ServerFactory) -> LiveServer:
    """The API with default test settings on the parametrised database."""
    return make_server()
