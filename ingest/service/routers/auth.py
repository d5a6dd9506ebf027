"""Logging in and out: a bearer token for scripts (the pages log in through `/login`)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from ingest.service import schemas
from ingest.service.deps import COOKIE, DB, AnyUser, Config, Login
from ingest.service.errors import ServiceError, invalid
from ingest.service.security import authenticate, hash_password, open_session
from ingest.service.views import user_out

router = APIRouter(prefix="/api/auth", tags=["登录"])

WRONG_LOGIN = "用户名或密码错误"


@router.post("/login", response_model=schemas.LoginOut)
def login(body: schemas.LoginIn, db: DB, settings: Config) -> schemas.LoginOut:
    """以用户名和密码登录，得到访问令牌。"""
    user = authenticate(db, body.username, body.password)
    if user is None:
        raise ServiceError(401, WRONG_LOGIN)
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
def change_password(body: schemas.PasswordChange, user: AnyUser, db: DB) -> None:
    """修改自己的密码。"""
    if authenticate(db, user.username, body.old_password) is None:
        raise invalid("原密码不正确")
    user.password_hash = hash_password(body.new_password)
    db.commit()
