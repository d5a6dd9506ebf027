"""The score from reviewers' decisions, per indicator with the arithmetic, and its XLSX export."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Response
from sqlalchemy import select

from ingest.db.models import ReviewEvent
from ingest.service import schemas
from ingest.service.deps import DB, AnyUser, Config, released_submission
from ingest.service.export import XLSX_TYPE, score_workbook
from ingest.service.review import require_done, reviewed_sheet, rubric_of
from ingest.service.views import score_out, trail_labels

router = APIRouter(prefix="/api/submissions", tags=["得分"])


def _scored(db, user, submission_id: int, settings):
    submission = released_submission(db, user, submission_id, settings)
    require_done(submission)
    rubric = rubric_of(submission)
    return submission, score_out(submission, rubric, reviewed_sheet(submission, rubric))


@router.get("/{submission_id}/score", response_model=schemas.ScoreOut)
def get_score(submission_id: int, user: AnyUser, db: DB, settings: Config) -> schemas.ScoreOut:
    """只按评审已确认或调整的事实计分；每项指标附计算说明。待审核和不予认定的指标按无材料计。
    学会账号在评审发布结果后才能查看（403）。"""
    return _scored(db, user, submission_id, settings)[1]


@router.get("/{submission_id}/score.xlsx", response_class=Response)
def export_score(submission_id: int, user: AnyUser, db: DB, settings: Config) -> Response:
    """导出评分表（XLSX）：逐项得分、审核结论、依据与审核记录。"""
    submission, score = _scored(db, user, submission_id, settings)
    events = db.scalars(select(ReviewEvent).where(ReviewEvent.submission_id == submission.id).order_by(ReviewEvent.id))
    data = score_workbook(submission, score, list(events), trail_labels(submission, rubric_of(submission)),
                          settings.timezone)
    name = f"评分表-{submission.society or '提交'}-{submission.id}.xlsx"
    return Response(
        data, media_type=XLSX_TYPE, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    )
