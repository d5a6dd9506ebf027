"""Accounts: an admin creates reviewers, admins and society accounts."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ingest.db.models import Role, User
from ingest.service import schemas
from ingest.service.deps import DB, Admin
from ingest.service.errors import conflict, invalid
from ingest.service.security import hash_password
from ingest.service.views import user_out

router = APIRouter(prefix="/api/users", tags=["账号"])


def create_user(db: DB, body: schemas.UserCreate) -> User:
    """Shared by the API and the admin page."""
    society = (body.society or "").strip() or None
    if body.role == Role.SOCIETY and society is None:
        raise invalid("学会账号须填写学会名称")
    if db.scalar(select(User.id).where(User.username == body.username)) is not None:
        raise conflict(f"用户名“{body.username}”已被使用")
    user = User(
        username=body.username, display_name=body.display_name.strip(), password_hash=hash_password(body.password),
        role=body.role, society=society if body.role == Role.SOCIETY else None,
    )
    db.add(user)
    try:
        db.commit()
    except IntegrityError:
        # Another admin created the same name a moment ago.
        db.rollback()
        raise conflict(f"用户名“{body.username}”已被使用") from None
    return user


@router.get("", response_model=list[schemas.UserOut])
def list_users(admin: Admin, db: DB) -> list[schemas.UserOut]:
    """全部账号（仅管理员）。"""
    return [user_out(u) for u in db.scalars(select(User).order_by(User.id))]


@router.post("", response_model=schemas.UserOut, status_code=status.HTTP_201_CREATED)
def add_user(body: schemas.UserCreate, admin: Admin, db: DB) -> schemas.UserOut:
    """新建账号（仅管理员）：评审、管理员或学会账号。"""
    return user_out(create_user(db, body))
