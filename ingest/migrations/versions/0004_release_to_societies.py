"""A submission's reviewed result is released to its society by a reviewer.

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("released_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("released_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_submissions_released_by_id_users", "users", ["released_by_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_constraint("fk_submissions_released_by_id_users", type_="foreignkey")
        batch.drop_column("released_by_id")
        batch.drop_column("released_at")
