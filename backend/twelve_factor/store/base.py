"""The `RunStore` protocol: what the server and the worker need from a database.

A run is its append-only events; the `runs` row is a cache of
`derive_state(thread)` plus the lease that says which process executes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from twelve_factor.core.errors import TwelveFactorError
from twelve_factor.core.events import Event, Thread
from twelve_factor.core.state import RunState, RunStatus


class StoreError(TwelveFactorError):
    """Base of the store's errors."""


class RunNotFound(StoreError):
    """No run has this id."""

    def __init__(self, run_id: str) -> None:
        super().__init__(f"there is no run with id {run_id!r}")
        self.run_id = run_id


class StaleThread(StoreError):
    """Someone appended to the run since the caller read it; reload and decide again."""


@dataclass(frozen=True)
class RunRecord:
    """One `runs` row: the cached state of a run and its lease."""

    id: str
    status: RunStatus
    input_prompt: str
    model: str
    steps: int
    steps_in_budget: int
    max_steps: int
    final_answer: str | None
    error: str | None
    prompt_tokens: int
    completion_tokens: int
    last_seq: int
    pause_requested: bool
    lease_owner: str | None
    lease_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Lease:
    """Who executes a run and until when; renewed at every step.

    `owner` is a token unique to one claim, so an old executor of the same
    process can never act on a newer claim of the same run.
    """

    run_id: str
    owner: str
    now: datetime
    expires_at: datetime


@dataclass(frozen=True)
class RunPage:
    """A page of the run list, newest first; `next_cursor` is None on the last page."""

    items: list[RunRecord]
    next_cursor: str | None


class RunStore(Protocol):
    """Persistence of runs; implemented for SQLite and PostgreSQL by `SqlRunStore`."""

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        ...

    async def create(self, thread: Thread, state: RunState, model: str, *, lease: Lease | None = None) -> RunRecord:
        """Insert a new run with its first events; with `lease`, already claimed by its owner."""
        ...

    async def append(
        self, run_id: str, events: Sequence[Event], state: RunState, *, lease: Lease | None = None
    ) -> RunRecord:
        """Append `events` (the first must follow the stored last seq) and cache `state`, in one transaction.

        Raises `StaleThread` if another writer appended first. With `lease`, the
        append also renews it and fails with `StaleThread` if the lease was lost.
        Returns the updated row (its `pause_requested` tells an executor to pause).
        """
        ...

    async def get(self, run_id: str) -> RunRecord:
        """The run's row; raises `RunNotFound`."""
        ...

    async def load_thread(self, run_id: str) -> Thread:
        """All of the run's events; raises `RunNotFound`."""
        ...

    async def events_after(self, run_id: str, after_seq: int, limit: int = 1000) -> list[Event]:
        """The run's events with seq > `after_seq`, in order."""
        ...

    async def list_runs(self, *, status: RunStatus | None, limit: int, cursor: str | None) -> RunPage:
        """Runs newest first, optionally of one status; raises `ValueError` for a bad cursor."""
        ...

    async def request_pause(self, run_id: str, now: datetime) -> bool:
        """Ask the executor to pause at its next step boundary; False unless the run is running."""
        ...

    async def claim(self, lease: Lease) -> RunRecord | None:
        """Take the lease of a running run nobody holds (or whose lease expired); one atomic update.

        Returns the claimed run's row, or None when someone else holds it or it is not running.
        """
        ...

    async def claim_expired(self, owner_prefix: str, now: datetime, expires_at: datetime, limit: int) -> list[Lease]:
        """Claim up to `limit` running runs that nobody holds (crashed or never started).

        Each claim gets its own owner token `owner_prefix:<random>`; returns the leases taken.
        """
        ...

    async def renew(self, owners: Sequence[str], expires_at: datetime) -> None:
        """Extend the given leases (a heartbeat while a model call takes long)."""
        ...

    async def release(self, run_id: str, owner: str) -> None:
        """Give up the lease, if `owner` holds it."""
        ...

    async def close(self) -> None:
        """Release the connections."""
        ...
