"""`tfa run` as a person uses it: a real subprocess, answers typed on stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..openai_double import ScriptedOpenAIServer, error_response

# The console script installed next to the interpreter running the tests.
TFA = Path(sys.executable).with_name("tfa")


def run_tfa(args: list[str], stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert TFA.is_file(), "the tfa console script is installed with the package"
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith(("TFA_", "OPENAI_"))}
    return subprocess.run(
        [str(TFA), *args], input=stdin, capture_output=True, text=True, timeout=60, env={**clean_env, **(env or {})}
    )


def script_file(tmp_path: Path, *calls: tuple[str, dict[str, Any]]) -> str:
    path = tmp_path / "script.json"
    path.write_text(json.dumps({"calls": [{"name": name, "arguments": arguments} for name, arguments in calls]}))
    return f"scripted:{path}"


def test_a_multi_step_task_prints_each_step_and_the_answer(tmp_path: Path) -> None:
    model = script_file(
        tmp_path,
        ("multiply_numbers", {"a": 3, "b": 4}),
        ("divide_numbers", {"a": 12, "b": 0}),
        ("sum_numbers", {"a": 12, "b": 12}),
        ("final_answer", {"answer": "24"}),
    )
    result = run_tfa(["run", "--model", model, "multiply 3 and 4, then add 12"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "model: scripted:script.json"
    assert "step: multiply_numbers(a=3, b=4)" in lines
    assert "  -> 12.0" in lines
    assert "  !! tool_failed: cannot divide by zero: b must not be 0" in lines
    assert lines[-1] == "final answer: 24"


def test_questions_and_approvals_are_asked_at_the_prompt(tmp_path: Path) -> None:
    model = script_file(
        tmp_path,
        ("ask_human", {"question": "Which base?"}),
        ("power", {"base": 2, "exponent": 10}),
        ("power", {"base": 2, "exponent": 3}),
        ("final_answer", {"answer": "8"}),
    )
    typed = "base 2\ny\nn\ntoo big, use 3\ny\n"
    result = run_tfa(["run", "--model", model, "a power"], stdin=typed, env={"TFA_REQUIRE_APPROVAL": "power"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "question: Which base?" in result.stdout
    assert "needs approval: power(base=2.0, exponent=10.0)" in result.stdout
    assert "approved" in result.stdout
    assert "rejected: too big, use 3" in result.stdout
    assert "final answer: 8" in result.stdout
    assert result.stdout.count("  -> ") == 1, "only the approved call ran"


def test_step_limit_asks_to_continue_and_stops_non_zero_when_declined(tmp_path: Path) -> None:
    model = script_file(tmp_path, *[("sum_numbers", {"a": index, "b": 1}) for index in range(4)])
    result = run_tfa(["run", "--model", model, "--max-steps", "2", "count"], stdin="y\nn\n")
    assert result.returncode == 3
    assert result.stdout.count("status: max_steps_reached") == 2
    assert result.stdout.count("step: sum_numbers") == 4


def test_a_failed_run_exits_non_zero(tmp_path: Path) -> None:
    model = script_file(tmp_path, *[("sum_numbers", {"a": 1, "b": 1})] * 3)
    result = run_tfa(["run", "--model", model, "loop"], stdin="n\n")
    assert result.returncode == 1
    assert "stuck: sum_numbers was called 3 times in a row" in result.stdout


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["run", "--model", "openai", "x"], {}, "error: the openai model needs OPENAI_API_KEY"),
        (["run", "--model", "banana", "x"], {}, "error: unknown model 'banana'"),
        (["run", "--model", "scripted:/nonexistent.json", "x"], {}, "error: cannot read the scripted model's file"),
    ],
)
def test_configuration_problems_are_one_line_not_a_traceback(
    args: list[str], env: dict[str, str], message: str
) -> None:
    result = run_tfa(args, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_a_wrong_key_is_one_clear_line() -> None:
    with ScriptedOpenAIServer().running() as peer:
        peer.responses = [error_response(401, "Incorrect API key provided")]
        env = {"OPENAI_API_KEY": "sk-wrong", "OPENAI_BASE_URL": peer.base_url}
        result = run_tfa(["run", "--model", "openai:gpt-test", "what is 3 times 4?"], env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"run failed: the model failed: {peer.base_url} rejected the API key (401); check OPENAI_API_KEY"
    )
