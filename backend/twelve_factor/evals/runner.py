"""Run eval cases against a model and report a table and the pass rate."""

from __future__ import annotations

import time
from dataclasses import dataclass

from twelve_factor.core.agent import Agent
from twelve_factor.core.errors import ModelError
from twelve_factor.core.models.base import ModelRequest
from twelve_factor.evals.cases import EvalCase


@dataclass(frozen=True)
class EvalResult:
    """One case's outcome."""

    case: EvalCase
    got: str
    passed: bool
    seconds: float


async def run_case(agent: Agent, case: EvalCase) -> EvalResult:
    """Ask the agent's model for the next step of the case's thread, exactly as a live step would."""
    thread = case.thread()
    request = ModelRequest(
        messages=tuple(agent.context.build(thread, agent.system_prompt)), tools=agent.tool_specs, thread=thread
    )
    started = time.perf_counter()
    try:
        reply = await agent.model.complete(request)
    except ModelError as exc:
        return EvalResult(case, f"model error: {exc}", False, time.perf_counter() - started)
    seconds = time.perf_counter() - started
    if reply.name is None or reply.arguments is None:
        got = f"not a tool call: {(reply.raw or '')[:60]}"
    else:
        got = f"{reply.name} " + ", ".join(f"{name}={value}" for name, value in reply.arguments.items())
    return EvalResult(case, got, case.expect.check(reply.name, reply.arguments), seconds)


async def run_cases(agent: Agent, cases: list[EvalCase]) -> list[EvalResult]:
    """Run cases one after another (a local model serves one request at a time anyway)."""
    return [await run_case(agent, case) for case in cases]


def pass_rate(results: list[EvalResult]) -> float:
    """Share of cases that passed, 0..1."""
    return sum(result.passed for result in results) / len(results) if results else 0.0


def format_table(results: list[EvalResult]) -> str:
    """A plain-text table: case, expected, got, pass, seconds; then totals."""
    rows = [("case", "expected", "got", "pass", "s")]
    rows += [
        (r.case.id, r.case.expect.describe(), r.got, "yes" if r.passed else "NO", f"{r.seconds:.2f}") for r in results
    ]
    widths = [min(max(len(row[column]) for row in rows), 48) for column in range(5)]
    lines = ["  ".join(cell[:48].ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    passed = sum(r.passed for r in results)
    mean = sum(r.seconds for r in results) / len(results) if results else 0.0
    lines.append(f"passed {passed}/{len(results)} ({pass_rate(results):.0%}); {mean:.2f} s per step on average")
    return "\n".join(lines)
