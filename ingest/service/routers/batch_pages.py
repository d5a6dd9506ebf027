"""The batch pre-screening pages: the list with a form to start one, and a batch's page.

A batch's page polls its progress fragment (`/batches/{id}/progress`) and
swaps it in place, so the page is never reloaded while a reviewer reads it;
downloads and opening a society for review go through the batches API.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from ingest.db.models import Role, Submission
from ingest.service.batches import STATUS_LABELS, batch_fingerprint
from ingest.service.deps import DB, Config, Login
from ingest.service.errors import forbidden, not_found
from ingest.service.routers.pages import render, templates
from ingest.service.settings import MB
from rubrics.loader import list_rubrics

router = APIRouter(include_in_schema=False)


def _moment(text: str | None) -> datetime | None:
    """A time kept in a batch's status (ISO text), for `when`."""
    return datetime.fromisoformat(text) if text else None


templates.env.globals.update(BATCH_LABELS=STATUS_LABELS, at=_moment)


def _reviewer(login) -> None:
    if login.user.role not in (Role.ADMIN, Role.REVIEWER):
        raise forbidden()


@router.get("/batches", response_class=HTMLResponse)
def batches_page(request: Request, login: Login, settings: Config) -> HTMLResponse:
    _reviewer(login)
    rubrics = list_rubrics()
    return render(request, "batches.html", login, batches=request.app.state.batches.visible(login.user),
                  rubrics=rubrics, rubric_titles={r.id: r.title for r in rubrics},
                  selected=login.user.default_rubric or settings.default_rubric,
                  limit_mb=settings.max_batch_upload_bytes / MB, unpacked_mb=settings.max_unpacked_bytes / MB)


def _batch_context(request: Request, login, db, batch_id: str) -> dict:
    _reviewer(login)
    batch = request.app.state.batches.get(batch_id, login.user)
    if batch is None:
        raise not_found("预审批次")
    opened = db.scalars(select(Submission).where(Submission.batch_id == batch_id))
    by_fingerprint = {s.fingerprint: s for s in opened}
    rows = [(row, by_fingerprint.get(batch_fingerprint(batch_id, row["folder"])))
            for row in batch.get("submissions", [])]
    rubric_titles = {r.id: r.title for r in list_rubrics()}
    return {"batch": batch, "rows": rows,
            "rubric_title": rubric_titles.get(batch["rubric"], batch["rubric"])}


@router.get("/batches/{batch_id}", response_class=HTMLResponse)
def batch_page(batch_id: str, request: Request, login: Login, db: DB) -> HTMLResponse:
    return render(request, "batch.html", login, **_batch_context(request, login, db, batch_id))


@router.get("/batches/{batch_id}/progress", response_class=HTMLResponse)
def batch_progress(batch_id: str, request: Request, login: Login, db: DB) -> HTMLResponse:
    """The part of the batch page that changes while it runs."""
    return render(request, "batch_progress.html", login, **_batch_context(request, login, db, batch_id))
