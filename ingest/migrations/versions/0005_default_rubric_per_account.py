"""The rubric the upload form starts with, per account.

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, not a batch: SQLite's batch mode rebuilds the table and would lose the
# expression index on lower(username).
def upgrade() -> None:
    op.add_column("users", sa.Column("default_rubric", sa.String(length=100), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "default_rubric")
