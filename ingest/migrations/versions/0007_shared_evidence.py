"""Evidence a submission shares with another of the same rubric and year.

Each processed submission keeps the fingerprint `extractors.reuse` compares
(`submissions.reuse`), and each finding between two submissions is a row of
`shared_evidence`, shown on both review pages.

Revision ID: 0007
Revises: 0006
Create Date: 2027-02-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Migrations spell their types out rather than import the models, which will change.
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


# Plain ALTER TABLE, as in 0005: a batch rebuild would lose the users table's expression index.
def upgrade() -> None:
    op.add_column("submissions", sa.Column("reuse", JSON, nullable=True))
    op.create_table(
        "shared_evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("first_id", sa.Integer(), sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("second_id", sa.Integer(), sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("finding", JSON, nullable=False),
    )
    op.create_index("ix_shared_evidence_first_id", "shared_evidence", ["first_id"])
    op.create_index("ix_shared_evidence_second_id", "shared_evidence", ["second_id"])


def downgrade() -> None:
    op.drop_table("shared_evidence")
    op.drop_column("submissions", "reuse")
