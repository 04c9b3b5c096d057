"""Database URLs -> async engines, and the Alembic migrations run on start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from twelve_factor.core.errors import ConfigError

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_SQLITE_PATH = Path(__file__).resolve().parents[2] / "data" / "agent_states.db"


def default_database_url() -> str:
    """SQLite at backend/data/agent_states.db."""
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def async_url(database_url: str) -> URL:
    """`postgresql://` and `sqlite:///` as the async drivers we ship (psycopg, aiosqlite)."""
    try:
        url = make_url(database_url)
    except sa.exc.ArgumentError as exc:
        raise ConfigError(f"DATABASE_URL {database_url!r} is not a database URL: {exc}") from exc
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    raise ConfigError(f"DATABASE_URL must name sqlite or postgresql, not {backend!r}")


def create_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An async engine; SQLite gets WAL mode and a busy timeout, and its folder is created."""
    url = async_url(database_url)
    if url.get_backend_name() == "postgresql":
        return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # Every statement of aiosqlite is a hop to the connection's thread: skip the
    # pool's extra rollback on check-in (each connection ends its own
    # transaction), and allow more connections, since WAL readers run in parallel.
    engine = create_async_engine(url, pool_size=2 * pool_size, max_overflow=2 * pool_size, pool_reset_on_return=None)
    sa.event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def create_sqlite_writer(database_url: str) -> sa.Engine | None:
    """For SQLite, a synchronous engine with one connection that the write batches run on (in a thread)."""
    url = async_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    writer = sa.create_engine(
        url.set(drivername="sqlite+pysqlite"),
        pool_size=1,
        max_overflow=0,
        connect_args={"check_same_thread": False},  # used by one batch at a time, from worker threads
    )
    sa.event.listen(writer, "connect", _sqlite_pragmas)
    return writer


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    # WAL lets readers run while one writer commits; NORMAL sync is safe in
    # WAL (a power cut may lose the last commits, never corrupt); busy_timeout
    # makes a second process wait for the write lock.
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _upgrade(connection: sa.Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision (idempotent; run on every start)."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade)
