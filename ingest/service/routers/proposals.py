"""Proposals: what kaohe suggests per indicator, and the reviewers' confirm / adjust / reject."""

from __future__ import annotations

from fastapi import APIRouter

from ingest.service import schemas
from ingest.service.deps import (
    NOT_RELEASED, DB, AnyUser, Config, Reviewer, released_submission, results_visible, visible_proposal,
    visible_submission,
)
from ingest.service.errors import forbidden
from ingest.service.review import Change, confirm_all, decide, require_done, rubric_of
from ingest.service.views import proposal_out, score_out

router = APIRouter(prefix="/api", tags=["指标建议与审核"])

CONFLICT = {409: {"description": "他人已修改该指标（乐观锁），或材料尚未处理完成"}}


@router.get("/submissions/{submission_id}/proposals", response_model=list[schemas.ProposalOut])
def list_proposals(submission_id: int, user: AnyUser, db: DB, settings: Config) -> list[schemas.ProposalOut]:
    """逐项指标的建议：计数、建议得分、置信度、原文依据（文档、页码、字符位置）和当前审核结论。
    学会账号在评审发布结果后才能查看（403）。"""
    submission = released_submission(db, user, submission_id, settings)
    require_done(submission)
    rubric = rubric_of(submission)
    return [proposal_out(p, rubric) for p in submission.proposals]


@router.get("/proposals/{proposal_id}", response_model=schemas.ProposalOut)
def get_proposal(proposal_id: int, user: AnyUser, db: DB, settings: Config) -> schemas.ProposalOut:
    proposal = visible_proposal(db, user, proposal_id)
    if not results_visible(user, proposal.submission, settings):
        raise forbidden(NOT_RELEASED)
    return proposal_out(proposal, rubric_of(proposal.submission))


def _decide(db, user, proposal_id: int, change: Change, settings) -> schemas.DecisionOut:
    proposal = visible_proposal(db, user, proposal_id)
    _, sheet = decide(db, proposal, user, change, settings.timezone)
    rubric = rubric_of(proposal.submission)
    return schemas.DecisionOut(proposal=proposal_out(proposal, rubric), score=score_out(proposal.submission, rubric, sheet))


@router.post("/proposals/{proposal_id}/confirm", response_model=schemas.DecisionOut, responses=CONFLICT)
def confirm(proposal_id: int, body: schemas.ConfirmIn, user: Reviewer, db: DB, settings: Config) -> schemas.DecisionOut:
    """确认建议：按 kaohe 匹配到的事实计分。"""
    return _decide(db, user, proposal_id, Change("confirm", body.version), settings)


@router.post("/proposals/{proposal_id}/adjust", response_model=schemas.DecisionOut, responses=CONFLICT)
def adjust(proposal_id: int, body: schemas.AdjustIn, user: Reviewer, db: DB, settings: Config) -> schemas.DecisionOut:
    """调整：给出认定分值（或按结果计分指标的认定结果）和理由。"""
    change = Change("adjust", body.version, value=body.value, outcome=body.outcome, reason=body.reason)
    return _decide(db, user, proposal_id, change, settings)


@router.post("/proposals/{proposal_id}/reject", response_model=schemas.DecisionOut, responses=CONFLICT)
def reject(proposal_id: int, body: schemas.RejectIn, user: Reviewer, db: DB, settings: Config) -> schemas.DecisionOut:
    """不予认定：该指标按无材料计分。"""
    return _decide(db, user, proposal_id, Change("reject", body.version, reason=body.reason), settings)


@router.post("/submissions/{submission_id}/confirm", response_model=schemas.BulkDecisionOut, responses=CONFLICT)
def confirm_many(
    submission_id: int, body: schemas.BulkConfirmIn, user: Reviewer, db: DB, settings: Config
) -> schemas.BulkDecisionOut:
    """一次确认多项建议（如全部高置信度的待审核项）：每项与单独确认一样记入审核记录；
    其中任何一项已被他人修改（409）则全部不保存。"""
    submission = visible_submission(db, user, submission_id)
    seen = {p.id: p.version for p in body.proposals}
    sheet = confirm_all(db, submission, user, seen, settings.timezone)
    rubric = rubric_of(submission)
    confirmed = [proposal_out(p, rubric) for p in submission.proposals if p.id in seen]
    return schemas.BulkDecisionOut(proposals=confirmed, score=score_out(submission, rubric, sheet))
