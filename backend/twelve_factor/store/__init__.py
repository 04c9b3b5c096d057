"""Persistence of runs: the `RunStore` protocol and its SQLAlchemy implementation (SQLite, PostgreSQL)."""

from twelve_factor.store.base import Lease, RunNotFound, RunPage, RunRecord, RunStore, StaleThread, StoreError
from twelve_factor.store.engine import create_engine, create_sqlite_writer, default_database_url, migrate
from twelve_factor.store.sql import SqlRunStore

__all__ = [
    "Lease",
    "RunNotFound",
    "RunPage",
    "RunRecord",
    "RunStore",
    "SqlRunStore",
    "StaleThread",
    "StoreError",
    "create_engine",
    "default_database_url",
    "migrate",
    "open_store",
]


async def open_store(database_url: str, *, pool_size: int = 10) -> SqlRunStore:
    """A migrated store for `database_url`."""
    engine = create_engine(database_url, pool_size=pool_size)
    await migrate(engine)
    return SqlRunStore(engine, create_sqlite_writer(database_url))
