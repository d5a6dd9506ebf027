"""FastAPI dependencies: the database session, who is calling, and what they may see.

Every route names the roles it admits (`AnyUser`, `Reviewer`, `Admin`), and
every lookup of a submission goes through `visible_submission`, so a society
account cannot reach another society's materials by guessing an id: it gets
the same 404 as for an id that does not exist.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ingest.db.models import Document, LoginSession, Proposal, Role, Submission, User
from ingest.service.errors import ServiceError, forbidden, not_found
from ingest.service.security import find_session
from ingest.service.settings import Settings

COOKIE = "kaohe_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as db:
        yield db


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


DB = Annotated[Session, Depends(get_db)]
Config = Annotated[Settings, Depends(get_settings)]


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def current_login(request: Request, db: DB) -> LoginSession:
    """The caller's login, by bearer token (scripts) or cookie (pages).

    A cookie is sent by the browser on its own, so a change made with one must
    also carry the page's CSRF token in a header, which another site cannot read.
    """
    token = bearer_token(request)
    by_cookie = token is None
    if by_cookie:
        token = request.cookies.get(COOKIE)
    login = find_session(db, token) if token else None
    if login is None:
        raise ServiceError(401, "未登录或登录已过期，请重新登录")
    if by_cookie and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), login.csrf.encode()):
            raise forbidden("页面校验已失效，请刷新页面后重试")
    return login


def current_user(login: Annotated[LoginSession, Depends(current_login)]) -> User:
    return login.user


def require(*roles: Role):
    def check(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in roles:
            raise forbidden()
        return user

    return check


Login = Annotated[LoginSession, Depends(current_login)]
AnyUser = Annotated[User, Depends(current_user)]
Reviewer = Annotated[User, Depends(require(Role.ADMIN, Role.REVIEWER))]
Admin = Annotated[User, Depends(require(Role.ADMIN))]


def visible_query(user: User) -> Select:
    """The submissions the caller may see, newest first."""
    query = select(Submission).order_by(Submission.id.desc())
    if user.role == Role.SOCIETY:
        return query.where(Submission.owner_id == user.id)
    if user.role != Role.ADMIN:
        # Other reviewers' batches stay theirs (`_sees`).
        return query.where((Submission.batch_id.is_(None)) | (Submission.owner_id == user.id))
    return query


def visible_submissions(
    db: Session, user: User, *, rubric: str | None = None, status: str | None = None, society: str | None = None
) -> list[Submission]:
    """The submissions the caller may see, newest first, filtered (society: any part of the name)."""
    query = visible_query(user)
    if rubric:
        query = query.where(Submission.rubric_id == rubric)
    if status:
        query = query.where(Submission.status == status)
    if society:
        query = query.where(Submission.society.contains(society, autoescape=True))
    return list(db.scalars(query))


def visible_submission(db: Session, user: User, submission_id: int) -> Submission:
    submission = db.get(Submission, submission_id)
    if submission is None or not _sees(user, submission):
        raise not_found(f"提交 #{submission_id} ")
    return submission


def _sees(user: User, submission: Submission) -> bool:
    """A society account sees its own submissions; a reviewer all but other reviewers' batches'; an admin all."""
    if user.role == Role.ADMIN or submission.owner_id == user.id:
        return True
    return user.role == Role.REVIEWER and submission.batch_id is None


NOT_RELEASED = "评审结果尚未发布：科协评审发布后，可在此查看评审得分及 kaohe 的逐项建议"


def results_visible(user: User, submission: Submission, settings: Settings) -> bool:
    """Whether the caller may see kaohe's proposals and the scores: reviewers always, a society
    account once a reviewer has released the result (or if the deployment shows them earlier)."""
    return user.role != Role.SOCIETY or submission.released_at is not None or settings.society_sees_proposals


def released_submission(db: Session, user: User, submission_id: int, settings: Settings) -> Submission:
    """A visible submission whose proposals and scores the caller may see; 403 before release."""
    submission = visible_submission(db, user, submission_id)
    if not results_visible(user, submission, settings):
        raise forbidden(NOT_RELEASED)
    return submission


def _visible_part(db: Session, user: User, model: type[Document] | type[Proposal], row_id: int, what: str):
    """A document or proposal, if the caller may see the submission it belongs to."""
    row = db.get(model, row_id)
    if row is None:
        raise not_found(f"{what} #{row_id} ")
    visible_submission(db, user, row.submission_id)
    return row


def visible_document(db: Session, user: User, document_id: int) -> Document:
    return _visible_part(db, user, Document, document_id, "文档")


def visible_proposal(db: Session, user: User, proposal_id: int) -> Proposal:
    return _visible_part(db, user, Proposal, proposal_id, "指标建议")
