"""Wrong-password counters for login throttling; user names unique whatever their case.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", TIMESTAMP, nullable=False),
        sa.Column("locked_until", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    clashes = op.get_bind().execute(
        sa.text("SELECT lower(username) FROM users GROUP BY lower(username) HAVING count(*) > 1")
    ).scalars().all()
    if clashes:
        raise RuntimeError(
            "以下用户名只有大小写不同，升级后用户名不区分大小写，请先在旧版本中停用其一并另建账号："
            + "、".join(clashes)
        )
    op.create_index("ux_users_username_lower", "users", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    op.drop_index("ux_users_username_lower", table_name="users")
    op.drop_table("login_throttles")
