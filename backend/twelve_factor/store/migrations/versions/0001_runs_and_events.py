"""runs (a cache of derived state plus the lease) and events (the append-only history)

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from twelve_factor.store.tables import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
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
    )
    op.create_index("ix_runs_created", "runs", ["created_at", "id"])
    op.create_index("ix_runs_status_created", "runs", ["status", "created_at", "id"])
    op.create_table(
        "events",
        sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("events")
    op.drop_index("ix_runs_status_created", "runs")
    op.drop_index("ix_runs_created", "runs")
    op.drop_table("runs")
