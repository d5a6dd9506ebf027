"""The review trail: read-only. There is deliberately no route that changes or deletes an entry."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from ingest.db.models import ReviewEvent
from ingest.service import schemas
from ingest.service.deps import DB, Reviewer, visible_proposal, visible_submission
from ingest.service.review import rubric_of
from ingest.service.views import event_out, trail_labels

router = APIRouter(prefix="/api", tags=["审核记录"])


@router.get("/submissions/{submission_id}/trail", response_model=list[schemas.EventOut])
def submission_trail(submission_id: int, user: Reviewer, db: DB) -> list[schemas.EventOut]:
    """一个提交的全部审核记录（谁、何时、改前、改后、理由），按时间先后。"""
    submission = visible_submission(db, user, submission_id)
    labels = trail_labels(submission, rubric_of(submission))
    query = select(ReviewEvent).where(ReviewEvent.submission_id == submission_id).order_by(ReviewEvent.id)
    return [event_out(e, labels) for e in db.scalars(query)]


@router.get("/proposals/{proposal_id}/trail", response_model=list[schemas.EventOut])
def proposal_trail(proposal_id: int, user: Reviewer, db: DB) -> list[schemas.EventOut]:
    """一项指标的审核记录。"""
    submission = visible_proposal(db, user, proposal_id).submission
    labels = trail_labels(submission, rubric_of(submission))
    query = select(ReviewEvent).where(ReviewEvent.proposal_id == proposal_id).order_by(ReviewEvent.id)
    return [event_out(e, labels) for e in db.scalars(query)]
