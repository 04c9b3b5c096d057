"""Benchmark (a): one long run over HTTP, resuming at each step limit; prints ms per step.

    .venv/bin/python bench/long_run.py [--steps 100 400] [--database-url postgresql://...]

The scripted model has no latency, so the figure is the server's own cost
per step (reducer, context, persistence, notification), which must not grow
with the length of the history.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from serve import tfa_serve

from twelve_factor.client import Client
from twelve_factor.wire import State


def script(steps: int) -> dict[str, Any]:
    return {
        "latency_ms": 0,
        "calls": [
            {"name": "sum_numbers", "arguments": {"a": 1, "b": 2}},
            {"name": "multiply_numbers", "arguments": {"a": 2, "b": 3}},
        ],
        "repeat": steps // 2,
        "then": [{"name": "final_answer", "arguments": {"answer": "done"}}],
    }


def measure(url: str, steps: int) -> tuple[float, int]:
    """Seconds from launch to complete, and how many resumes it took."""
    resumes = 0
    handled = -1
    with Client(url) as api:
        started = time.perf_counter()
        run = api.launch(f"count to {steps}")
        for item in api.follow(run.id):
            if isinstance(item, State) and item.status == "max_steps_reached" and item.last_seq > handled:
                handled = item.last_seq
                api.resume(run.id)
                resumes += 1
        elapsed = time.perf_counter() - started
        final = api.state(run.id)
    assert final.status == "complete", final.status
    assert final.steps == steps + 1, final.steps
    return elapsed, resumes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--max-steps", default="10", help="TFA_MAX_STEPS: the budget between resumes")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    figures: dict[int, float] = {}
    for steps in args.steps:
        with tfa_serve(script(steps), args.database_url, TFA_MAX_STEPS=args.max_steps) as url:
            elapsed, resumes = measure(url, steps)
        figures[steps] = elapsed * 1000 / steps
        print(f"long run: {steps} tool steps, {resumes} resumes: {elapsed:.2f} s, {figures[steps]:.2f} ms/step")
    if len(figures) >= 2:
        low, high = min(figures), max(figures)
        print(f"ratio {high}-step / {low}-step: {figures[high] / figures[low]:.2f}x")


if __name__ == "__main__":
    main()
