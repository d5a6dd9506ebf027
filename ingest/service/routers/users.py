"""Accounts: an admin creates reviewers, admins and society accounts, deactivates them and resets
their passwords. Every such change is kept in `account_events`; a deactivated account's logins
end at once, and it cannot log in again until it is reactivated."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ingest.db.models import AccountEvent, LoginSession, Role, User, utcnow
from ingest.service import schemas
from ingest.service.deps import DB, Admin
from ingest.service.errors import conflict, invalid, not_found
from ingest.service.routers.auth import check_password
from ingest.service.security import hash_password, user_named
from ingest.service.views import account_event_out, user_out
from rubrics.loader import RubricError, load_rubric

router = APIRouter(prefix="/api/users", tags=["账号"])


def create_user(db: DB, body: schemas.UserCreate) -> User:
    """Shared by the API and the admin page."""
    society = (body.society or "").strip() or None
    if body.role == Role.SOCIETY and society is None:
        raise invalid("学会账号须填写学会名称")
    if (taken := user_named(db, body.username)) is not None:
        raise conflict(f"用户名“{body.username}”已被使用" + (f"（“{taken.username}”，用户名不区分大小写）"
                                                         if taken.username != body.username else ""))
    check_password(body.password, body.username)
    default_rubric = _checked_rubric(body.default_rubric)
    user = User(
        username=body.username, display_name=body.display_name.strip(), password_hash=hash_password(body.password),
        role=body.role, society=society if body.role == Role.SOCIETY else None, default_rubric=default_rubric,
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


def _change(db: DB, admin: User, user_id: int, action: str, reason: str | None) -> User:
    """Record the change and end the account's logins if it stops them (a reset password or a
    stopped account must not leave an old login working); the caller makes the change and commits."""
    user = db.get(User, user_id)
    if user is None:
        raise not_found(f"账号 #{user_id} ")
    if user.id == admin.id and action == "deactivate":
        raise invalid("不能停用自己的账号")
    db.add(
        AccountEvent(
            user_id=user.id, username=user.username, by_id=admin.id, by_username=admin.username, at=utcnow(),
            action=action, reason=(reason or "").strip() or None,
        )
    )
    if action in ("deactivate", "reset_password"):
        db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    return user


def _set_active(db: DB, admin: User, user_id: int, active: bool, reason: str | None) -> schemas.UserOut:
    user = _change(db, admin, user_id, "activate" if active else "deactivate", reason)
    user.active = active
    db.commit()
    return user_out(user)


@router.post("/{user_id}/deactivate", response_model=schemas.UserOut)
def deactivate(user_id: int, body: schemas.AccountChangeIn, admin: Admin, db: DB) -> schemas.UserOut:
    """停用账号（仅管理员）：其登录立即失效，此后不能再登录；审核记录保留。"""
    return _set_active(db, admin, user_id, False, body.reason)


@router.post("/{user_id}/activate", response_model=schemas.UserOut)
def activate(user_id: int, body: schemas.AccountChangeIn, admin: Admin, db: DB) -> schemas.UserOut:
    """重新启用已停用的账号（仅管理员）。"""
    return _set_active(db, admin, user_id, True, body.reason)


def _checked_rubric(rubric_id: str | None) -> str | None:
    if rubric_id:
        try:
            load_rubric(rubric_id)
        except RubricError as error:
            raise invalid(str(error)) from None
    return rubric_id or None


@router.patch("/{user_id}", response_model=schemas.UserOut)
def edit_user(user_id: int, body: schemas.UserEdit, admin: Admin, db: DB) -> schemas.UserOut:
    """修改账号（仅管理员）：姓名、角色、学会、默认评分表、是否启用；只改给出的字段，记入账号变更记录。"""
    user = db.get(User, user_id)
    if user is None:
        raise not_found(f"账号 #{user_id} ")
    role = body.role or user.role
    if user.id == admin.id and role != Role.ADMIN:
        raise invalid("不能取消自己的管理员角色")
    society = (body.society if body.society is not None else user.society or "").strip() or None
    if role == Role.SOCIETY and society is None:
        raise invalid("学会账号须填写学会名称")
    if body.active is not None and body.active != user.active:
        _change(db, admin, user_id, "activate" if body.active else "deactivate", body.reason)
        user.active = body.active
    edited = {
        "display_name": body.display_name.strip() if body.display_name is not None else user.display_name,
        "role": role, "society": society if role == Role.SOCIETY else None,
        "default_rubric": _checked_rubric(body.default_rubric) if body.default_rubric is not None else user.default_rubric,
    }
    if any(getattr(user, field) != value for field, value in edited.items()):
        _change(db, admin, user_id, "edit", body.reason)
        for field, value in edited.items():
            setattr(user, field, value)
    db.commit()
    return user_out(user)


@router.post("/{user_id}/password", response_model=schemas.UserOut)
def reset_password(user_id: int, body: schemas.PasswordReset, admin: Admin, db: DB) -> schemas.UserOut:
    """重置账号密码（仅管理员）：其现有登录全部失效，须用新密码重新登录。"""
    user = _change(db, admin, user_id, "reset_password", body.reason)
    check_password(body.new_password, user.username)
    user.password_hash = hash_password(body.new_password)
    db.commit()
    return user_out(user)


@router.get("/{user_id}/events", response_model=list[schemas.AccountEventOut])
def account_events(user_id: int, admin: Admin, db: DB) -> list[schemas.AccountEventOut]:
    """账号变更记录（停用、启用、重置密码：谁、何时、理由），按时间先后。"""
    query = select(AccountEvent).where(AccountEvent.user_id == user_id).order_by(AccountEvent.id)
    return [account_event_out(e) for e in db.scalars(query)]
