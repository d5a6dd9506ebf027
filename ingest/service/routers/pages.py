"""The reviewers' web pages, in Chinese, rendered on the server (Jinja2; no build step).

Pages only read; every change (upload, confirm, adjust, reject, new account,
logout) is a small fetch() to the JSON API carrying the page's CSRF token, so
the API's checks are the only ones. Logging in is the one form post.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from sqlalchemy import select

from ingest.db.models import AccountEvent, ReviewEvent, Role, Status, Submission, User
from ingest.service.deps import (
    COOKIE, DB, Config, Login, results_visible, visible_query, visible_submission, visible_submissions,
)
from ingest.service.display import (
    ACCOUNT_ACTION_LABELS, ACTION_LABELS, DECISION_LABELS, ROLE_LABELS, STATUS_LABELS, local_time, person, source_label,
    state_text,
)
from ingest.service.errors import ServiceError, forbidden
from ingest.service.fit import misfit
from ingest.service.highlight import Mark, paragraphs
from ingest.service.review import reviewed_sheet, rubric_of
from ingest.service.routers.auth import check_login
from ingest.service.schemas import PASSWORD_RULES, USERNAME_PATTERN
from ingest.service.security import open_session
from ingest.service.settings import MB
from ingest.service.shared import notices
from ingest.service.views import audit_out, entries_out, proposal_out, score_out, submission_out, trail_labels
from rubrics.explain import num
from rubrics.loader import list_rubrics

HERE = Path(__file__).resolve().parent.parent
# Autoescaping always on: society names and document text come from uploads.
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True))
templates.env.filters["num"] = lambda v: "" if v is None else num(v)
templates.env.globals.update(
    STATUS_LABELS=STATUS_LABELS, DECISION_LABELS=DECISION_LABELS, ACTION_LABELS=ACTION_LABELS, ROLE_LABELS=ROLE_LABELS,
    ACCOUNT_ACTION_LABELS=ACCOUNT_ACTION_LABELS, state_text=state_text, person=person, PASSWORD_RULES=PASSWORD_RULES,
    USERNAME_PATTERN=USERNAME_PATTERN,
)

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "kaohe_login_csrf"


def render(request: Request, name: str, login=None, status_code: int = 200, **context) -> HTMLResponse:
    settings = request.app.state.settings
    context.update(
        user=login.user if login is not None else None,
        csrf=login.csrf if login is not None else "",
        when=lambda moment: local_time(moment, settings.timezone),
    )
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, error: ServiceError) -> Response:
    """Pages answer errors with a page: to the login page when not logged in, else the message."""
    if error.status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return render(request, "error.html", status_code=error.status, message=error.message)


def _safe_next(target: str | None) -> str:
    # Only paths on this site: a login link must not send the reviewer elsewhere.
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


def _login_form(request: Request, next: str | None, status_code: int = 200, error: str | None = None,
                username: str = "", headers: dict | None = None) -> HTMLResponse:
    """The login page, with a fresh login CSRF token in its form and in a cookie.

    Before login there is no session to hold a CSRF token: the form's token must
    match the cookie's (double submit). Another site can neither read the page nor
    send the SameSite=Strict cookie, so it cannot log a reviewer in as someone else."""
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", status_code=status_code, next=_safe_next(next), error=error,
                      username=username, login_csrf=token)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.settings.secure_cookies)
    response.headers.update(headers or {})
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return _login_form(request, next)


@router.post("/login", response_class=HTMLResponse)
def login_form(
    request: Request,
    db: DB,
    settings: Config,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form()] = "/",
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf.encode(), expected.encode()):
        return _login_form(request, next, 403, "登录页面已过期，请重新输入用户名和密码", username)
    try:
        user = check_login(db, settings, request, username, password)
    except ServiceError as error:
        return _login_form(request, next, error.status, error.message, username, error.headers)
    token, session = open_session(db, user, settings.session_hours)
    db.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    response.set_cookie(
        COOKIE, token, max_age=int(settings.session_hours * 3600), httponly=True, samesite="strict",
        secure=settings.secure_cookies,
    )
    return response


@router.get("/", response_class=HTMLResponse)
def submissions_page(
    request: Request, login: Login, db: DB, settings: Config, status: str | None = None, society: str | None = None,
    rubric: str | None = None,
) -> HTMLResponse:
    submissions = visible_submissions(
        db, login.user, rubric=rubric, status=status if status in STATUS_LABELS else None, society=society
    )
    active = any(s.status in (Status.QUEUED, Status.PROCESSING) for s in submissions)
    rubrics = list_rubrics()
    return render(
        request, "submissions.html", login, submissions=submissions, active=active, rubrics=rubrics,
        rubric_titles={r.id: r.title for r in rubrics},
        shows_results=lambda submission: results_visible(login.user, submission, settings),
        filters={"status": status or "", "society": society or "", "rubric": rubric or ""},
        can_review=login.user.role in (Role.ADMIN, Role.REVIEWER),
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, login: Login, settings: Config) -> HTMLResponse:
    return render(request, "upload.html", login, rubrics=list_rubrics(), limit_mb=settings.max_upload_bytes / MB,
                  selected=login.user.default_rubric or settings.default_rubric)


# The review page's filters (review.js names the same): 全部 / 待审核 / 需核实 / 自评差异.
REVIEW_FILTERS = ("all", "pending", "check", "audit")


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def review_page(submission_id: int, request: Request, login: Login, db: DB, settings: Config,
                shown: Annotated[str, Query(alias="filter")] = "all") -> HTMLResponse:
    submission = visible_submission(db, login.user, submission_id)
    if submission.status != Status.DONE or not results_visible(login.user, submission, settings):
        return render(request, "pending.html", login, submission=submission)
    rubric = rubric_of(submission)
    proposals = {p.indicator_id: proposal_out(p, rubric) for p in submission.proposals}
    score = score_out(submission, rubric, reviewed_sheet(submission, rubric))
    findings = audit_out(submission)
    # The 自评表's claim cells are marked like evidence and lead to their indicator's card (0: the 合计).
    spans = [(p.id, span) for p in proposals.values() for span in p.evidence]
    spans += [(proposals[f.indicator].id if f.indicator in proposals else 0, span) for f in findings for span in f.evidence]
    documents = []
    for document in submission.documents:
        marks = [Mark(pid, span.document, span.start, span.end) for pid, span in spans if span.document == document.key]
        documents.append((document, paragraphs(document.text or "", document.blocks or [], marks)))
    labels = {0: "自评合计", **{p.id: p.label for p in proposals.values()}}
    by_key = {d.key: d for d in submission.documents}
    return render(
        request, "review.html", login, submission=submission, rubric=rubric, proposals=proposals, score=score,
        lines={i.id: i for i in score.indicators}, documents=documents, labels=labels, findings=findings,
        claimed_total=submission_out(submission).claimed_total, entries=entries_out(submission, rubric),
        can_review=login.user.role in (Role.ADMIN, Role.REVIEWER),
        source=lambda span: source_label(by_key, span.document, span.page),
        reading_warnings=submission.result.warnings if submission.result else [],
        misfit=misfit(submission, rubric), audited={f.indicator for f in findings},
        previous=neighbour(db, login.user, submission, newer=True), following=neighbour(db, login.user, submission),
        filter=shown if shown in REVIEW_FILTERS else "all",
        shared=notices(db, login.user, submission),
    )


def neighbour(db, user: User, submission: Submission, newer: bool = False) -> int | None:
    """The processed submission next to this one in the list (newest first): the next one down, or up."""
    query = visible_query(user).where(Submission.status == Status.DONE)
    if newer:
        query = query.where(Submission.id > submission.id).order_by(None).order_by(Submission.id)
    else:
        query = query.where(Submission.id < submission.id)
    return db.scalars(query.with_only_columns(Submission.id).limit(1)).first()


@router.get("/submissions/{submission_id}/trail", response_class=HTMLResponse)
def trail_page(submission_id: int, request: Request, login: Login, db: DB) -> HTMLResponse:
    if login.user.role == Role.SOCIETY:
        raise forbidden()
    submission = visible_submission(db, login.user, submission_id)
    events = db.scalars(select(ReviewEvent).where(ReviewEvent.submission_id == submission.id).order_by(ReviewEvent.id))
    labels = trail_labels(submission, rubric_of(submission))
    return render(request, "trail.html", login, submission=submission, events=list(events), labels=labels)


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, login: Login, db: DB) -> HTMLResponse:
    if login.user.role != Role.ADMIN:
        raise forbidden()
    users = db.scalars(select(User).order_by(User.id)).all()
    events = db.scalars(select(AccountEvent).order_by(AccountEvent.id.desc()).limit(200)).all()
    return render(request, "users.html", login, users=users, events=events, rubrics=list_rubrics())


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, login: Login) -> HTMLResponse:
    return render(request, "account.html", login)
