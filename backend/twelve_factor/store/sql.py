"""`SqlRunStore`: the `RunStore` on SQLAlchemy 2's async engine (aiosqlite or psycopg).

Every write is one short transaction. Appending a step is one UPDATE of the
run's row, guarded by the last seq the writer saw (and by its lease), plus
one multi-row INSERT of the new events: O(1) in the length of the history.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import json
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, NoReturn, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from twelve_factor.core.events import Event, Thread, event_to_dict, parse_event
from twelve_factor.core.state import RunState, RunStatus
from twelve_factor.store.base import Lease, RunNotFound, RunPage, RunRecord, StaleThread
from twelve_factor.store.batch import Batch, WriteBatcher
from twelve_factor.store.tables import events, runs

_CACHED_COLUMNS = (
    "status",
    "steps",
    "steps_in_budget",
    "max_steps",
    "final_answer",
    "error",
    "prompt_tokens",
    "completion_tokens",
    "last_seq",
)


T = TypeVar("T")


def _cached_state(state: RunState) -> dict[str, Any]:
    return {name: getattr(state, name) for name in _CACHED_COLUMNS}


def _raise_missing_or_stale(conn: sa.Connection, run_id: str, seq: int, lease: Lease | None) -> NoReturn:
    found = conn.execute(sa.select(runs.c.last_seq, runs.c.lease_owner).where(runs.c.id == run_id)).first()
    if found is None:
        raise RunNotFound(run_id)
    if lease is not None and found.lease_owner != lease.owner:
        raise StaleThread(f"run {run_id} is no longer leased to {lease.owner}")
    raise StaleThread(f"run {run_id} moved on to seq {found.last_seq} before event {seq} could be appended")


def _changed(batch: Batch, statement: sa.Executable) -> bool:
    return bool(batch.conn.execute(statement).rowcount)


@functools.cache
def _append_statement(*, stops: bool, leased: bool) -> sa.Update:
    """The guarded UPDATE of a step, built once per variant: building it per step cost more than running it."""
    names = [*_CACHED_COLUMNS, "updated_at"]
    if stops:
        names += ["lease_owner", "lease_expires_at", "pause_requested"]
    elif leased:
        names.append("lease_expires_at")
    update = runs.update().where(runs.c.id == sa.bindparam("b_id"), runs.c.last_seq == sa.bindparam("b_expected"))
    if leased:
        update = update.where(runs.c.lease_owner == sa.bindparam("b_owner"))
    values = {name: sa.bindparam(f"v_{name}", type_=runs.c[name].type) for name in names}
    return update.values(values).returning(*runs.c)


def _event_rows(run_id: str, new_events: Sequence[Event]) -> list[dict[str, Any]]:
    rows = []
    for event in new_events:
        wire = event_to_dict(event)
        rows.append(
            {
                "run_id": run_id,
                "seq": event.seq,
                "type": event.type,
                "data": wire["data"],
                "created_at": event.created_at,
            }
        )
    return rows


def _record(row: Row[*tuple[Any, ...]]) -> RunRecord:
    return RunRecord(**row._asdict())


def _event(row: Row[*tuple[Any, ...]]) -> Event:
    return parse_event({"seq": row.seq, "type": row.type, "data": row.data, "created_at": row.created_at})


def encode_cursor(record: RunRecord) -> str:
    """An opaque cursor pointing just after `record` in the newest-first list."""
    raw = json.dumps([record.created_at.isoformat(), record.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The position a cursor names; raises `ValueError` when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_at, run_id = json.loads(raw)
        position = datetime.fromisoformat(created_at), str(run_id)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise ValueError(f"the cursor {cursor[:40]!r} is not valid; use next_cursor from the previous page") from exc
    if position[0].tzinfo is None:
        raise ValueError(f"the cursor {cursor[:40]!r} is not valid; use next_cursor from the previous page")
    return position


class SqlRunStore:
    """Runs and their events in SQLite or PostgreSQL."""

    def __init__(self, engine: AsyncEngine, writer: sa.Engine | None = None) -> None:
        """`engine` reads; writes go through `writer`, a synchronous engine run in a worker thread
        (SQLite: a whole batch in one hop), or else through `engine` itself (PostgreSQL)."""
        self._engine = engine
        self._writer = writer
        # Its own thread: in the shared default executor, slow sync tools could
        # hold every thread and stall all writes.
        self._writer_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tfa-sqlite-writer")
        self._writes = WriteBatcher(self._in_thread if writer is not None else self._in_run_sync)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    @property
    def engine(self) -> AsyncEngine:
        """The engine, for migrations and tests."""
        return self._engine

    async def create(self, thread: Thread, state: RunState, model: str, *, lease: Lease | None = None) -> RunRecord:
        now = thread.events[-1].created_at
        values = {
            "id": thread.run_id,
            "input_prompt": state.task,
            "model": model,
            "pause_requested": False,
            "lease_owner": lease.owner if lease else None,
            "lease_expires_at": lease.expires_at if lease else None,
            "created_at": thread.events[0].created_at,
            "updated_at": now,
            **_cached_state(state),
        }

        def insert(batch: Batch) -> None:
            batch.insert_later(runs, [values])
            batch.insert_later(events, _event_rows(thread.run_id, thread.events))

        await self._writes.run(insert)
        return RunRecord(**values)

    async def append(
        self, run_id: str, new_events: Sequence[Event], state: RunState, *, lease: Lease | None = None
    ) -> RunRecord:
        if not new_events:
            raise ValueError("append needs at least one event")
        values = _cached_state(state) | {"updated_at": new_events[-1].created_at}
        stops = state.status != "running"
        if stops:
            # The run stops here: nobody executes it until a person acts, and a
            # pause asked for meanwhile has nothing left to pause.
            values |= {"lease_owner": None, "lease_expires_at": None, "pause_requested": False}
        elif lease is not None:
            values["lease_expires_at"] = lease.expires_at
        update = _append_statement(stops=stops, leased=lease is not None)
        params = {f"v_{name}": value for name, value in values.items()}
        params |= {"b_id": run_id, "b_expected": new_events[0].seq - 1, "b_owner": lease.owner if lease else None}

        def write(batch: Batch) -> RunRecord:
            # The guarded UPDATE comes first: if it matches nothing, nothing was changed.
            row = batch.conn.execute(update, params).first()
            if row is None:
                _raise_missing_or_stale(batch.conn, run_id, new_events[0].seq, lease)
            batch.insert_later(events, _event_rows(run_id, new_events))
            return _record(row)

        try:
            return await self._writes.run(write)
        except IntegrityError as exc:  # the guard makes this a bug, and a loud one
            raise StaleThread(f"run {run_id} already has event {new_events[0].seq}") from exc

    async def get(self, run_id: str) -> RunRecord:
        async with self._engine.connect() as conn:
            row = (await conn.execute(sa.select(runs).where(runs.c.id == run_id))).first()
        if row is None:
            raise RunNotFound(run_id)
        return _record(row)

    async def load_thread(self, run_id: str) -> Thread:
        query = sa.select(events.c.seq, events.c.type, events.c.data, events.c.created_at).where(
            events.c.run_id == run_id
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query.order_by(events.c.seq))).all()
        if not rows:
            raise RunNotFound(run_id)
        return Thread(run_id=run_id, events=tuple(_event(row) for row in rows))

    async def events_after(self, run_id: str, after_seq: int, limit: int = 1000) -> list[Event]:
        query = (
            sa.select(events.c.seq, events.c.type, events.c.data, events.c.created_at)
            .where(events.c.run_id == run_id, events.c.seq > after_seq)
            .order_by(events.c.seq)
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [_event(row) for row in rows]

    async def list_runs(self, *, status: RunStatus | None, limit: int, cursor: str | None) -> RunPage:
        query = sa.select(runs).order_by(runs.c.created_at.desc(), runs.c.id.desc()).limit(limit + 1)
        if status is not None:
            query = query.where(runs.c.status == status)
        if cursor is not None:
            created_at, run_id = decode_cursor(cursor)
            query = query.where(
                sa.or_(runs.c.created_at < created_at, sa.and_(runs.c.created_at == created_at, runs.c.id < run_id))
            )
        async with self._engine.connect() as conn:
            records = [_record(row) for row in (await conn.execute(query)).all()]
        more = len(records) > limit
        records = records[:limit]
        return RunPage(items=records, next_cursor=encode_cursor(records[-1]) if more else None)

    async def request_pause(self, run_id: str, now: datetime) -> bool:
        update = (
            runs.update()
            .where(runs.c.id == run_id, runs.c.status == "running")
            .values(pause_requested=True, updated_at=now)
        )

        def write(batch: Batch) -> bool:
            changed = batch.conn.execute(update).rowcount
            if not changed and batch.conn.execute(sa.select(runs.c.id).where(runs.c.id == run_id)).first() is None:
                raise RunNotFound(run_id)
            return bool(changed)

        return await self._writes.run(write)

    def _claimable(self, now: datetime) -> sa.ColumnElement[bool]:
        return sa.and_(
            runs.c.status == "running",
            sa.or_(runs.c.lease_owner.is_(None), runs.c.lease_expires_at < now),
        )

    async def claim(self, lease: Lease) -> RunRecord | None:
        # One compare-and-set: of many concurrent claimers exactly one sees a
        # free (or expired) lease and takes it.
        update = (
            runs.update()
            .where(runs.c.id == lease.run_id, self._claimable(lease.now))
            .values(lease_owner=lease.owner, lease_expires_at=lease.expires_at)
            .returning(*runs.c)
        )

        def write(batch: Batch) -> RunRecord | None:
            row = batch.conn.execute(update).first()
            return None if row is None else _record(row)

        return await self._writes.run(write)

    async def claim_expired(self, owner_prefix: str, now: datetime, expires_at: datetime, limit: int) -> list[Lease]:
        candidates = sa.select(runs.c.id).where(self._claimable(now)).order_by(runs.c.updated_at).limit(limit)
        if self.dialect == "postgresql":
            # Several workers scanning at once each get different runs.
            candidates = candidates.with_for_update(skip_locked=True)

        def write(batch: Batch) -> list[Lease]:
            taken: list[Lease] = []
            for run_id in batch.conn.execute(candidates).scalars().all():
                owner = f"{owner_prefix}:{uuid.uuid4().hex[:12]}"
                lease = Lease(run_id=run_id, owner=owner, now=now, expires_at=expires_at)
                update = (
                    runs.update()
                    .where(runs.c.id == run_id, self._claimable(now))
                    .values(lease_owner=lease.owner, lease_expires_at=expires_at)
                )
                if batch.conn.execute(update).rowcount:
                    taken.append(lease)
            return taken

        return await self._writes.run(write)

    async def renew(self, owners: Sequence[str], expires_at: datetime) -> None:
        if not owners:
            return
        update = runs.update().where(runs.c.lease_owner.in_(list(owners))).values(lease_expires_at=expires_at)
        await self._writes.run(lambda batch: _changed(batch, update))

    async def release(self, run_id: str, owner: str) -> None:
        update = (
            runs.update()
            .where(runs.c.id == run_id, runs.c.lease_owner == owner)
            .values(lease_owner=None, lease_expires_at=None)
        )
        await self._writes.run(lambda batch: _changed(batch, update))

    async def _in_run_sync(self, work: Callable[[sa.Connection], T]) -> T:
        async with self._engine.begin() as conn:
            return await conn.run_sync(work)

    async def _in_thread(self, work: Callable[[sa.Connection], T]) -> T:
        writer = self._writer
        assert writer is not None

        def transaction() -> T:
            with writer.begin() as conn:
                return work(conn)

        return await asyncio.get_running_loop().run_in_executor(self._writer_thread, transaction)

    async def close(self) -> None:
        await self._engine.dispose()
        if self._writer is not None:
            self._writer.dispose()
        self._writer_thread.shutdown(wait=False)
