"""Executes runs as asyncio tasks, one per claimed run; used by `tfa serve` and `tfa worker`.

A run is executed by whoever holds its lease. Claiming is one atomic
compare-and-set in the database, so of many processes (or many concurrent
resumes) exactly one executes a run. The lease is renewed with every step
and by a heartbeat while a model call is slow; when a process dies its
leases expire and the periodic scan of any other (or the restarted) process
claims the runs and continues them from their last persisted event.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from twelve_factor.core.agent import Agent
from twelve_factor.core.events import Event, StatusChange, Thread, number_events
from twelve_factor.core.loop import run_until_blocked
from twelve_factor.core.state import derive_state
from twelve_factor.server.notifier import Notifier
from twelve_factor.server.threads import ThreadCache
from twelve_factor.store import Lease, RunRecord, RunStore, StaleThread

logger = logging.getLogger(__name__)

# How many runs one scan claims; the next scan takes more.
CLAIM_BATCH = 100


def worker_name() -> str:
    """A name for this process in lease owners: host, pid and a random suffix."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Runner:
    """Claims runs and steps them until they block; one task per run."""

    def __init__(
        self,
        store: RunStore,
        agent: Agent,
        notifier: Notifier,
        *,
        threads: ThreadCache | None = None,
        clock: Callable[[], datetime],
        lease_seconds: float = 30.0,
        poll_seconds: float = 1.0,
        name: str | None = None,
    ) -> None:
        self._store = store
        self._agent = agent
        self._notifier = notifier
        self._threads = threads or ThreadCache(store)
        self._clock = clock
        self._lease = timedelta(seconds=lease_seconds)
        self._poll_seconds = poll_seconds
        self.name = name or worker_name()
        self._active: dict[str, Lease] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._background: list[asyncio.Task[None]] = []

    def new_lease(self, run_id: str) -> Lease:
        """A fresh lease of this process on `run_id`, for a claim or a run created already claimed."""
        now = self._clock()
        return Lease(run_id=run_id, owner=f"{self.name}:{uuid.uuid4().hex[:12]}", now=now, expires_at=now + self._lease)

    async def start(self) -> None:
        """Start the scan for unclaimed runs (crash recovery) and the lease heartbeat."""
        self._background = [
            asyncio.create_task(self._every(self._poll_seconds, self.recover), name="tfa-recover"),
            asyncio.create_task(self._every(self._lease.total_seconds() / 3, self._renew), name="tfa-renew"),
        ]

    async def stop(self) -> None:
        """Stop every task; leases are left to expire, so another process takes over."""
        tasks = [*self._background, *self._tasks]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._background = []

    def kick(self, run_id: str) -> None:
        """Try to claim `run_id` and execute it, without waiting (called after an action made it running)."""
        self._spawn(self._claim_and_drive(run_id))

    def execute(self, lease: Lease, record: RunRecord) -> None:
        """Execute a run this process already holds the lease of (one it just created)."""
        self._spawn(self._drive(lease, record))

    async def recover(self) -> None:
        """Claim running runs nobody holds (their process died, or never started them) and continue them."""
        now = self._clock()
        leases = await self._store.claim_expired(self.name, now, now + self._lease, CLAIM_BATCH)
        for lease in leases:
            logger.info("continuing run %s from its last persisted event", lease.run_id)
            self._spawn(self._drive(lease, None))

    async def _every(self, seconds: float, job: Callable[[], Awaitable[None]]) -> None:
        while True:
            try:
                await job()
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not stop the scan; the next round retries
                logger.exception("background job %s failed", getattr(job, "__name__", job))
            await asyncio.sleep(seconds)

    async def _renew(self) -> None:
        now = self._clock()
        await self._store.renew([lease.owner for lease in self._active.values()], now + self._lease)

    def _spawn(self, job: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(job)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _claim_and_drive(self, run_id: str) -> None:
        lease = self.new_lease(run_id)
        record = await self._store.claim(lease)
        if record is not None:
            await self._drive(lease, record)

    async def _drive(self, lease: Lease, record: RunRecord | None) -> None:
        run_id = lease.run_id
        self._active[run_id] = lease
        self._threads.executing(run_id, True)
        try:
            await self._execute(lease, record or await self._store.get(run_id))
        except StaleThread as exc:
            # Someone else changed the run (a cancel, or a new owner after our
            # lease lapsed); their events win and this executor stops.
            logger.info("run %s: stopping, %s", run_id, exc)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.exception("run %s failed in the runner", run_id)
            await self._fail(lease, exc)
        finally:
            if self._active.get(run_id) == lease:
                del self._active[run_id]
                self._threads.executing(run_id, False)

    async def _execute(self, lease: Lease, record: RunRecord) -> None:
        run_id = lease.run_id
        # The thread is read once (from memory when this process has seen it),
        # then extended in memory: a step costs one append, not a re-read.
        thread = await self._threads.thread_of(record)
        pause = record.pause_requested

        async def persist(extended: Thread, events: list[Event]) -> None:
            nonlocal pause
            now = self._clock()
            renewed = Lease(run_id=run_id, owner=lease.owner, now=now, expires_at=now + self._lease)
            state = derive_state(extended)
            record = await self._store.append(run_id, events, state, lease=renewed)
            pause = record.pause_requested
            self._threads.put(extended, record)
            self._notifier.notify(run_id, stopped=state.status != "running")

        await run_until_blocked(self._agent, thread, on_events=persist, pause_requested=lambda: pause)

    async def _fail(self, lease: Lease, exc: Exception) -> None:
        try:
            thread, _ = await self._threads.load(lease.run_id)
            if derive_state(thread).status != "running":
                return
            reason = f"the server could not execute the run: {type(exc).__name__}: {exc}"
            events = number_events(thread.next_seq, [StatusChange(status="failed", reason=reason)], self._clock())
            await self._store.append(lease.run_id, events, derive_state(thread.extend(events)), lease=lease)
            self._notifier.notify(lease.run_id, stopped=True)
        except Exception:  # the lease will expire and the run be retried by the recovery scan
            logger.exception("run %s: could not record the failure", lease.run_id)
