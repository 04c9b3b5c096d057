"""Benchmark (b): many runs launched at once, each waiting on a slow model; prints the makespan and GET latency.

    .venv/bin/python bench/fan_out.py [--runs 200] [--latency-ms 500] [--database-url postgresql://...]

Each run makes 3 tool steps and a final answer, each model call taking
`latency-ms`, so the ideal makespan is 4 x latency (2.0 s). Meanwhile a few
clients poll GET /agent/state of random runs; their p99 shows whether the
API stays responsive with hundreds of runs in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import datetime
from typing import Any

import httpx
from serve import tfa_serve

POLLERS = 4


def script(latency_ms: float) -> dict[str, Any]:
    return {
        "latency_ms": latency_ms,
        "calls": [
            {"name": "multiply_numbers", "arguments": {"a": 3, "b": 4}},
            {"name": "sum_numbers", "arguments": {"a": 12, "b": 12}},
            {"name": "subtract_numbers", "arguments": {"a": 24, "b": 4}},
            {"name": "final_answer", "arguments": {"answer": "20"}},
        ],
    }


async def poll(http: httpx.AsyncClient, ids: list[str], stop: asyncio.Event, latencies: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        response = await http.get(f"/agent/state/{random.choice(ids)}")
        latencies.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()


async def all_complete(http: httpx.AsyncClient, count: int) -> list[dict[str, Any]]:
    """Wait until no run is running (a light query), then read the completed runs."""
    while (await http.get("/agent/runs", params={"status": "running", "limit": 1})).json()["items"]:
        await asyncio.sleep(0.05)  # polling interval of the benchmark's completion check
    done: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"status": "complete", "limit": 100, **({"cursor": cursor} if cursor else {})}
        page = (await http.get("/agent/runs", params=params)).json()
        done += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    if len(done) != count:
        raise RuntimeError(f"{count - len(done)} runs did not complete")
    return done


async def measure(url: str, runs: int) -> tuple[float, list[float]]:
    limits = httpx.Limits(max_connections=runs + POLLERS + 2, max_keepalive_connections=runs + POLLERS + 2)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        started_wall = datetime.now().astimezone()
        launches = await asyncio.gather(
            *[http.post("/agent/launch", json={"input_prompt": f"fan-out {index}"}) for index in range(runs)]
        )
        ids = [response.raise_for_status().json()["id"] for response in launches]
        stop = asyncio.Event()
        latencies: list[float] = []
        pollers = [asyncio.create_task(poll(http, ids, stop, latencies)) for _ in range(POLLERS)]
        done = await all_complete(http, runs)
        stop.set()
        await asyncio.gather(*pollers)
    created = [datetime.fromisoformat(item["created_at"]) for item in done]
    ended = [datetime.fromisoformat(item["updated_at"]) for item in done]
    durations = sorted((end - start).total_seconds() for start, end in zip(created, ended, strict=True))
    print(
        f"  launches reached the server over {(max(created) - min(created)).total_seconds():.2f} s; "
        f"one run took {durations[len(durations) // 2]:.2f} s (median) to {durations[-1]:.2f} s (slowest)"
    )
    return (max(ended) - started_wall).total_seconds(), latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--latency-ms", type=float, default=500)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tfa_serve(script(args.latency_ms), args.database_url) as url:
        makespan, latencies = asyncio.run(measure(url, args.runs))
    ideal = 4 * args.latency_ms / 1000
    p50 = statistics.median(latencies)
    p99 = statistics.quantiles(latencies, n=100)[98] if len(latencies) >= 100 else max(latencies)
    print(f"fan-out: {args.runs} runs x 4 model calls of {args.latency_ms:g} ms: all complete in {makespan:.2f} s (ideal {ideal:.1f} s)")
    print(f"GET /agent/state during it: {len(latencies)} requests, p50 {p50:.1f} ms, p99 {p99:.1f} ms")


if __name__ == "__main__":
    main()
