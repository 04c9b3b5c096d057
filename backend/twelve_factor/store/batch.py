"""Group commit: concurrent writes of one process share a transaction.

With hundreds of runs finishing a model call at the same moment, committing
each step on its own makes the database's single writer (SQLite) the
bottleneck. Writes queue here; one task runs everything queued so far in
one transaction and commits once.

A job must leave the database untouched when it raises a `StoreError`
(every job checks before it modifies), so such a refusal does not spoil the
batch. Any other error rolls the batch back and each job is retried alone,
so one bad write cannot fail the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from twelve_factor.store.base import StoreError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Batch:
    """What a job writes with: the shared connection, and inserts deferred to the end of the batch."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self._inserts: dict[sa.Table, list[dict[str, Any]]] = {}

    def insert_later(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Insert `rows` with the batch's other rows of `table`: one statement for all jobs."""
        self._inserts.setdefault(table, []).extend(rows)

    async def finish(self) -> None:
        # Parents first (runs before their events), whatever order jobs came in.
        for table in sa.sql.util.sort_tables(self._inserts):
            await self.conn.execute(table.insert(), self._inserts[table])
        self._inserts.clear()


Job = Callable[[Batch], Awaitable[Any]]


class WriteBatcher:
    """Runs write jobs in shared transactions, one batch at a time."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._pending: list[tuple[Job, asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def run(self, job: Callable[[Batch], Awaitable[T]]) -> T:
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
            outcomes: list[tuple[asyncio.Future[Any], Any, BaseException | None]] = []
            try:
                async with self._engine.begin() as conn:
                    shared = Batch(conn)
                    for job, future in batch:
                        try:
                            outcomes.append((future, await job(shared), None))
                        except StoreError as exc:
                            outcomes.append((future, None, exc))
                    await shared.finish()
            except Exception:
                if len(batch) > 1:
                    logger.warning("a batch of %d writes failed; retrying each alone", len(batch), exc_info=True)
                await self._one_by_one(batch)
                continue
            for future, result, error in outcomes:
                _settle(future, result, error)

    async def _one_by_one(self, batch: list[tuple[Job, asyncio.Future[Any]]]) -> None:
        for job, future in batch:
            try:
                async with self._engine.begin() as conn:
                    alone = Batch(conn)
                    result = await job(alone)
                    await alone.finish()
            except Exception as exc:
                _settle(future, None, exc)
            else:
                _settle(future, result, None)


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
