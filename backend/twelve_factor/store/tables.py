"""The two tables: `events` (append-only history) and `runs` (a cache of derive_state plus the lease)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

metadata = sa.MetaData()


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """Timezone-aware UTC in Python on both databases (SQLite keeps no offset, so we store UTC)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("input_prompt", sa.Text, nullable=False),
    sa.Column("model", sa.String(200), nullable=False),
    sa.Column("steps", sa.Integer, nullable=False),
    sa.Column("steps_in_budget", sa.Integer, nullable=False),
    sa.Column("max_steps", sa.Integer, nullable=False),
    sa.Column("final_answer", sa.Text),
    sa.Column("error", sa.Text),
    sa.Column("prompt_tokens", sa.Integer, nullable=False),
    sa.Column("completion_tokens", sa.Integer, nullable=False),
    sa.Column("last_seq", sa.Integer, nullable=False),
    sa.Column("pause_requested", sa.Boolean, nullable=False),
    sa.Column("lease_owner", sa.String(100)),
    sa.Column("lease_expires_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_runs_created", "created_at", "id"),
    sa.Index("ix_runs_status_created", "status", "created_at", "id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    # (run_id, seq) is the primary key: a second writer of the same step fails loudly.
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
