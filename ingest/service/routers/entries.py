"""Reviewer entries: scores of components people give (服务对象评价、市科协评价) and conditions
only a reviewer can establish (有事法则), for the rubrics that have them."""

from __future__ import annotations

from fastapi import APIRouter

from ingest.service import schemas
from ingest.service.deps import DB, AnyUser, Config, Reviewer, released_submission, visible_submission
from ingest.service.entries import Entry, enter
from ingest.service.review import require_done, rubric_of
from ingest.service.views import entries_out, score_out

router = APIRouter(prefix="/api/submissions", tags=["评审录入"])

CONFLICT = {409: {"description": "他人已修改录入项（乐观锁），或材料尚未处理完成"}}


@router.get("/{submission_id}/entries", response_model=schemas.EntriesOut)
def get_entries(submission_id: int, user: AnyUser, db: DB, settings: Config) -> schemas.EntriesOut:
    """评分表中由评审录入的分项和由评审认定的情形，及当前录入内容；评分表没有时为空列表。"""
    submission = released_submission(db, user, submission_id, settings)
    require_done(submission)
    return entries_out(submission, rubric_of(submission))


def _enter(db, user, submission_id: int, entry: Entry, settings) -> schemas.EntryOut:
    submission = visible_submission(db, user, submission_id)
    sheet = enter(db, submission, user, entry, settings.timezone)
    rubric = rubric_of(submission)
    return schemas.EntryOut(entries=entries_out(submission, rubric), score=score_out(submission, rubric, sheet))


@router.post("/{submission_id}/components/{component_id}", response_model=schemas.EntryOut, responses=CONFLICT)
def enter_component(
    submission_id: int, component_id: str, body: schemas.ComponentIn, user: Reviewer, db: DB, settings: Config
) -> schemas.EntryOut:
    """录入一个分项的得分（0 到该分项满分），总分与等次随即更新。"""
    entry = Entry("component", component_id, body.version, score=body.score, reason=body.reason)
    return _enter(db, user, submission_id, entry, settings)


@router.post("/{submission_id}/conditions/{condition_id}", response_model=schemas.EntryOut, responses=CONFLICT)
def set_condition(
    submission_id: int, condition_id: str, body: schemas.ConditionIn, user: Reviewer, db: DB, settings: Config
) -> schemas.EntryOut:
    """认定或取消一项情形（须写理由），如有事法则取消评优资格；等次随即更新。"""
    entry = Entry("condition", condition_id, body.version, active=body.active, reason=body.reason)
    return _enter(db, user, submission_id, entry, settings)
