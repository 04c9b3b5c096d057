"""Contract tests of the RunStore: the same suite on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from twelve_factor.core.agent import Agent
from twelve_factor.core.events import StatusChange, Thread, number_events
from twelve_factor.core.models import ScriptedModel
from twelve_factor.core.state import derive_state
from twelve_factor.store import Lease, RunNotFound, SqlRunStore, StaleThread, migrate, open_store

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[SqlRunStore]:
    opened = await open_store(database_url)
    yield opened
    await opened.close()


def agent() -> Agent:
    script = [
        ("sum_numbers", {"a": 1, "b": 2}),
        ("multiply_numbers", {"a": 2, "b": 3}),
        ("final_answer", {"answer": "6"}),
    ]
    return Agent(ScriptedModel(script), clock=lambda: T0)


async def created(store: SqlRunStore, task: str = "add") -> Thread:
    thread = agent().start(task)
    await store.create(thread, derive_state(thread), "scripted")
    return thread


async def step(store: SqlRunStore, thread: Thread, lease: Lease | None = None) -> Thread:
    events = await agent().step(thread)
    extended = thread.extend(events)
    await store.append(thread.run_id, events, derive_state(extended), lease=lease)
    return extended


def lease(run_id: str, owner: str, now: datetime = T0, seconds: float = 30) -> Lease:
    return Lease(run_id=run_id, owner=owner, now=now, expires_at=now + timedelta(seconds=seconds))


async def test_a_run_is_its_appended_events_and_the_row_caches_their_state(store: SqlRunStore) -> None:
    thread = await created(store)
    for _ in range(3):
        thread = await step(store, thread)
    assert await store.load_thread(thread.run_id) == thread
    record = await store.get(thread.run_id)
    state = derive_state(thread)
    assert (record.status, record.steps, record.final_answer, record.last_seq) == (
        "complete",
        3,
        "6",
        state.last_seq,
    )
    assert [event.seq for event in await store.events_after(thread.run_id, 3)] == list(range(4, state.last_seq + 1))


async def test_an_append_from_a_stale_thread_fails_and_changes_nothing(store: SqlRunStore) -> None:
    thread = await created(store)
    await step(store, thread)
    with pytest.raises(StaleThread):
        await step(store, thread)  # a second executor of the same step
    assert len((await store.load_thread(thread.run_id)).events) == 3


async def test_events_are_append_only_per_run_and_seq(store: SqlRunStore) -> None:
    thread = await created(store)
    engine = store.engine
    with pytest.raises(sa.exc.IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(
                sa.text("INSERT INTO events (run_id, seq, type, data, created_at) VALUES (:r, 0, 'x', '{}', :t)"),
                {"r": thread.run_id, "t": T0},
            )


async def test_unknown_runs_raise_not_found(store: SqlRunStore) -> None:
    with pytest.raises(RunNotFound):
        await store.get("nope")
    with pytest.raises(RunNotFound):
        await store.load_thread("nope")
    with pytest.raises(RunNotFound):
        await store.request_pause("nope", T0)
    thread = await created(store)
    with pytest.raises(RunNotFound):
        await store.append("nope", list(thread.events), derive_state(thread))


async def test_one_of_many_concurrent_claims_wins(store: SqlRunStore) -> None:
    thread = await created(store)
    claims = await asyncio.gather(*[store.claim(lease(thread.run_id, f"w{index}")) for index in range(10)])
    wins = [claim is not None for claim in claims]
    assert sum(wins) == 1
    owner = (await store.get(thread.run_id)).lease_owner
    assert owner == f"w{wins.index(True)}"


async def test_only_the_lease_holder_appends_and_an_expired_lease_can_be_taken(store: SqlRunStore) -> None:
    thread = await created(store)
    mine = lease(thread.run_id, "me", seconds=5)
    assert await store.claim(mine)
    assert not await store.claim(lease(thread.run_id, "other", now=T0 + timedelta(seconds=1)))
    with pytest.raises(StaleThread):
        await step(store, thread, lease(thread.run_id, "other"))
    thread = await step(store, thread, mine)
    later = T0 + timedelta(seconds=60)
    taken = await store.claim_expired("rescuer", later, later + timedelta(seconds=30), limit=10)
    assert [item.run_id for item in taken] == [thread.run_id]
    assert taken[0].owner.startswith("rescuer:")
    with pytest.raises(StaleThread):
        await step(store, thread, mine)
    await step(store, thread, taken[0])


async def test_renew_extends_leases_and_stopping_clears_them(store: SqlRunStore) -> None:
    thread = await created(store)
    mine = lease(thread.run_id, "me", seconds=1)
    await store.claim(mine)
    await store.renew(["me"], T0 + timedelta(seconds=100))
    later = T0 + timedelta(seconds=50)
    assert await store.claim_expired("x", later, later, limit=10) == []
    paused = number_events(thread.next_seq, [StatusChange(status="paused")], T0)
    await store.append(thread.run_id, paused, derive_state(thread.extend(paused)), lease=mine)
    record = await store.get(thread.run_id)
    assert (record.status, record.lease_owner, record.lease_expires_at) == ("paused", None, None)


async def test_pause_requests_reach_the_executor_and_are_cleared_when_it_stops(store: SqlRunStore) -> None:
    thread = await created(store)
    assert await store.request_pause(thread.run_id, T0)
    events = await agent().step(thread)
    thread = thread.extend(events)
    assert (await store.append(thread.run_id, events, derive_state(thread))).pause_requested is True
    paused = number_events(thread.next_seq, [StatusChange(status="paused")], T0)
    await store.append(thread.run_id, paused, derive_state(thread.extend(paused)))
    assert (await store.get(thread.run_id)).pause_requested is False
    assert not await store.request_pause(thread.run_id, T0)


async def test_list_runs_pages_newest_first_and_filters(store: SqlRunStore) -> None:
    ids = [(await created(store, f"task {index}")).run_id for index in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        page = await store.list_runs(status="running", limit=2, cursor=cursor)
        seen += [item.id for item in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    # Same created_at (fixed clock): ties are ordered by id, still newest-first stable.
    assert sorted(seen) == sorted(ids) and len(seen) == 5
    assert (await store.list_runs(status="complete", limit=10, cursor=None)).items == []
    with pytest.raises(ValueError, match="cursor"):
        await store.list_runs(status=None, limit=2, cursor="not-a-cursor")


async def test_migrations_are_idempotent(store: SqlRunStore) -> None:
    await migrate(store.engine)
    async with store.engine.connect() as conn:
        version = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).scalar_one()
    assert version == "0001"
