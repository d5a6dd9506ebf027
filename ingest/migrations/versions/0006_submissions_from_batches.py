"""A submission opened from a batch pre-screening names its batch.

Revision ID: 0006
Revises: 0005
Create Date: 2027-02-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, as in 0005: a batch rebuild would lose the users table's expression index.
def upgrade() -> None:
    op.add_column("submissions", sa.Column("batch_id", sa.String(length=16), nullable=True))
    op.create_index("ix_submissions_batch_id", "submissions", ["batch_id"])


def downgrade() -> None:
    op.drop_index("ix_submissions_batch_id", table_name="submissions")
    op.drop_column("submissions", "batch_id")
