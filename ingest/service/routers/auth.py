"""Logging in and out: a bearer token for scripts (the pages log in through `/login`)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response, status
from sqlalchemy import delete
from sqlalchemy.orm import Session

from ingest.db.models import LoginSession, User
from ingest.service import schemas
from ingest.service.deps import COOKIE, DB, AnyUser, Config, Login
from ingest.service.errors import ServiceError, invalid
from ingest.service.security import Throttle, authenticate, hash_password, open_session, password_problem
from ingest.service.settings import Settings
from ingest.service.views import user_out

router = APIRouter(prefix="/api/auth", tags=["登录"])

WRONG_LOGIN = "用户名或密码错误"


def check_login(db: Session, settings: Settings, request: Request, username: str, password: str) -> User:
    """The user these credentials log in (shared by the API and the login page); 401 when they are
    wrong, 429 with Retry-After while the account or the caller's address is locked for guessing."""
    throttle = Throttle(settings.login_attempts, timedelta(minutes=settings.login_lockout_minutes))
    keys = throttle.keys(username, request.client.host if request.client else None)
    wait = throttle.locked_for(db, keys)
    if wait is not None:
        minutes = -(-wait // 60)
        raise ServiceError(429, f"密码连续错误次数过多，登录已暂停，请 {minutes} 分钟后再试",
                           headers={"Retry-After": str(wait)})
    user = authenticate(db, username, password)
    if user is None:
        throttle.failed(db, keys)
        db.commit()
        raise ServiceError(401, WRONG_LOGIN)
    throttle.succeeded(db, keys)
    return user


def check_password(password: str, username: str) -> None:
    """422 with the reason when `password` is too weak for the account `username`."""
    if problem := password_problem(password, username):
        raise invalid(problem)


@router.post("/login", response_model=schemas.LoginOut,
             responses={429: {"description": "密码连续错误次数过多，暂停登录（见 Retry-After）"}})
def login(body: schemas.LoginIn, request: Request, db: DB, settings: Config) -> schemas.LoginOut:
    """以用户名（不区分大小写）和密码登录，得到访问令牌。"""
    user = check_login(db, settings, request, body.username, body.password)
    token, session = open_session(db, user, settings.session_hours)
    db.commit()
    return schemas.LoginOut(token=token, expires_at=session.expires_at, user=user_out(user))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(login: Login, db: DB, response: Response) -> None:
    """退出登录：令牌随即失效。"""
    db.delete(login)
    db.commit()
    response.delete_cookie(COOKIE)


@router.get("/me", response_model=schemas.UserOut)
def me(user: AnyUser) -> schemas.UserOut:
    """当前登录的账号。"""
    return user_out(user)


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(body: schemas.PasswordChange, login: Login, db: DB) -> None:
    """修改自己的密码：其他地方的登录随即失效，本次登录保留。"""
    user = login.user
    if authenticate(db, user.username, body.old_password) is None:
        raise invalid("原密码不正确")
    check_password(body.new_password, user.username)
    user.password_hash = hash_password(body.new_password)
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.token_hash != login.token_hash))
    db.commit()
