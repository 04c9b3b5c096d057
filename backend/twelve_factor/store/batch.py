"""Group commit: concurrent writes of one process share a transaction.

With hundreds of runs finishing a model call at the same moment, committing
each step on its own makes the database's single writer (SQLite) the
bottleneck, and with an async driver every statement is a hop to another
thread and back. Writes queue here; one task runs everything queued so far
in one transaction and commits once. Jobs are synchronous functions, so a
whole batch runs in one go: on SQLite in one worker thread with the
synchronous driver, on PostgreSQL through `run_sync` on the async driver.

A job must leave the database untouched when it raises a `StoreError`
(every job checks before it modifies), so such a refusal does not spoil the
batch. Any other error rolls the batch back and each job is retried alone,
so one bad write cannot fail the others.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from twelve_factor.store.base import StoreError

logger = logging.getLogger(__name__)

T = TypeVar("T")
Outcome = tuple[Any, BaseException | None]
# Runs a synchronous function inside one transaction and returns its result.
Transaction = Callable[[Callable[[sa.Connection], Any]], Awaitable[Any]]


class Batch:
    """What a job writes with: the shared connection, and inserts deferred to the end of the batch."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self._inserts: dict[sa.Table, list[dict[str, Any]]] = {}

    def insert_later(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Insert `rows` with the batch's other rows of `table`: one statement for all jobs."""
        self._inserts.setdefault(table, []).extend(rows)

    def finish(self) -> None:
        """Run the deferred inserts, parents first (runs before their events), whatever order jobs came in."""
        for table in sa.sql.util.sort_tables(self._inserts):
            self.conn.execute(table.insert(), self._inserts[table])
        self._inserts.clear()


Job = Callable[[Batch], Any]


def _run_jobs(jobs: list[Job], conn: sa.Connection) -> list[Outcome]:
    shared = Batch(conn)
    outcomes: list[Outcome] = []
    for job in jobs:
        try:
            outcomes.append((job(shared), None))
        except StoreError as exc:
            outcomes.append((None, exc))
    shared.finish()
    return outcomes


class WriteBatcher:
    """Runs write jobs in shared transactions, one batch at a time."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction
        self._pending: list[tuple[Job, asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def run(self, job: Callable[[Batch], T]) -> T:
        """Run `job` in the next batch's transaction; returns once that transaction committed."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending.append((job, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        result: T = await asyncio.shield(future)
        return result

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            jobs = [job for job, _ in batch]
            try:
                outcomes: list[Outcome] = await self._transaction(functools.partial(_run_jobs, jobs))
            except Exception:
                if len(batch) > 1:
                    logger.warning("a batch of %d writes failed; retrying each alone", len(batch), exc_info=True)
                await self._one_by_one(batch)
                continue
            for (_, future), (result, error) in zip(batch, outcomes, strict=True):
                _settle(future, result, error)

    async def _one_by_one(self, batch: list[tuple[Job, asyncio.Future[Any]]]) -> None:
        for job, future in batch:
            try:
                [(result, error)] = await self._transaction(functools.partial(_run_jobs, [job]))
            except Exception as exc:
                _settle(future, None, exc)
            else:
                _settle(future, result, error)


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
