"""`tfa worker`: a process that only executes runs (no HTTP), next to API processes on one database."""

from __future__ import annotations

import asyncio
import logging

from twelve_factor.core.events import utc_now
from twelve_factor.server.notifier import Notifier
from twelve_factor.server.runner import Runner
from twelve_factor.settings import Settings
from twelve_factor.store import default_database_url, open_store
from twelve_factor.wiring import build_agent

logger = logging.getLogger(__name__)


async def run_worker(settings: Settings, stop: asyncio.Event) -> None:
    """Claim and execute unclaimed runs until `stop` is set."""
    store = await open_store(settings.database_url or default_database_url(), pool_size=settings.tfa_db_pool_size)
    runner = Runner(
        store,
        build_agent(settings),
        Notifier(),
        clock=utc_now,
        lease_seconds=settings.tfa_lease_seconds,
        poll_seconds=settings.tfa_poll_seconds,
    )
    logger.info("worker %s executing runs from %s", runner.name, store.dialect)
    await runner.start()
    try:
        await stop.wait()
    finally:
        await runner.stop()
        await store.close()
