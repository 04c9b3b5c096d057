"""The eval runner: cases load, matching is exact where it should be, `tfa eval` gates on --min-pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from twelve_factor.core.agent import Agent
from twelve_factor.core.models.base import ModelReply, ModelRequest
from twelve_factor.core.models.scripted import ScriptedModel
from twelve_factor.core.state import derive_state
from twelve_factor.evals.cases import DEFAULT_CASES, EvalCase, Expectation, load_cases
from twelve_factor.evals.runner import format_table, pass_rate, run_cases

REPO = Path(__file__).resolve().parents[3]


def test_the_suite_has_every_kind_of_case_and_a_smoke_subset() -> None:
    cases = load_cases()
    assert len(cases) >= 30
    assert len({case.id for case in cases}) == len(cases)
    assert 3 <= len(load_cases(smoke_only=True)) <= 10
    expected_tools = {tool for case in cases for tool in case.expect.tool}
    assert {"ask_human", "final_answer", "sum_numbers", "square_root"} <= expected_tools
    assert any(step.error for case in cases for step in case.history), "recovery after an error is covered"
    for case in cases:
        assert derive_state(case.thread()).status == "running", case.id


def test_expectations_match_numbers_order_and_text() -> None:
    add = Expectation.model_validate({"tool": "sum_numbers", "arguments": {"a": 12, "b": 3}, "unordered": True})
    assert add.check("sum_numbers", {"a": 3.0, "b": 12.0000000001})
    assert not add.check("sum_numbers", {"a": 3, "b": 13})
    assert not add.check("multiply_numbers", {"a": 12, "b": 3})
    ordered = Expectation.model_validate({"tool": "subtract_numbers", "arguments": {"a": 10, "b": 4}})
    assert not ordered.check("subtract_numbers", {"a": 4, "b": 10})
    final = Expectation.model_validate({"tool": ["final_answer"], "contains": {"answer": "twelve"}})
    assert final.check("final_answer", {"answer": "It is TWELVE."})
    assert not final.check("final_answer", {"answer": "It is 12."})
    assert not final.check("final_answer", None)


def oracle(cases: list[EvalCase]) -> ScriptedModel:
    """A double that answers each case with exactly what it expects."""
    by_thread = {case.thread().run_id: case for case in cases}

    def answer(request: ModelRequest) -> ModelReply:
        expect = by_thread[request.thread.run_id].expect
        arguments = dict(expect.arguments) or {name: f"the {text}" for name, text in expect.contains.items()}
        if not arguments and expect.tool[0] == "ask_human":
            arguments = {"question": "what do you mean?"}
        if not arguments and expect.tool[0] == "final_answer":
            arguments = {"answer": "done"}
        return ModelReply(name=expect.tool[0], arguments=arguments)

    return ScriptedModel(answer)


async def test_a_model_that_meets_every_expectation_passes_every_case() -> None:
    cases = load_cases()
    results = await run_cases(Agent(oracle(cases)), cases)
    assert [result.case.id for result in results if not result.passed] == []
    assert pass_rate(results) == 1.0
    assert format_table(results).splitlines()[-1].startswith(f"passed {len(cases)}/{len(cases)} (100%)")


async def test_a_model_that_always_multiplies_fails_most_cases() -> None:
    cases = load_cases()
    always = ScriptedModel(lambda request: ModelReply(name="multiply_numbers", arguments={"a": 3, "b": 4}))
    results = await run_cases(Agent(always), cases)
    assert 0 < pass_rate(results) < 0.2


def test_tfa_eval_exits_non_zero_below_min_pass() -> None:
    tfa = str(Path(sys.executable).with_name("tfa"))
    model = f"scripted:{REPO / 'examples' / 'math.json'}"
    common = [tfa, "eval", "--model", model, "--smoke", "--cases", str(DEFAULT_CASES)]
    low = subprocess.run([*common, "--min-pass", "0.9"], capture_output=True, text=True, timeout=120)
    assert low.returncode == 1
    assert "passed 2/7" in low.stdout
    assert "below --min-pass 90%" in low.stderr
    ok = subprocess.run([*common, "--min-pass", "0.2"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
