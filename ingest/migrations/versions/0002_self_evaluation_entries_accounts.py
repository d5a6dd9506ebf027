"""The 自评表 among a submission's documents, reviewer-entered scores and conditions, account changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("self_evaluation", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("entered", JSON, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("entered_version", sa.Integer(), nullable=False, server_default="1"))
    # Entered scores and conditions are on the trail too, without a proposal.
    with op.batch_alter_table("review_events") as batch:
        batch.alter_column("proposal_id", existing_type=sa.Integer(), nullable=True)
    op.create_table(
        "account_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("by_username", sa.String(length=64), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_account_events_user_id", "account_events", ["user_id"])


def downgrade() -> None:
    op.drop_table("account_events")
    with op.batch_alter_table("review_events") as batch:
        batch.alter_column("proposal_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("entered_version")
        batch.drop_column("entered")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("self_evaluation")
