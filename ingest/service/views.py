"""Rows to API responses: the one place that decides what a client sees of each table."""

from __future__ import annotations

from datetime import datetime

from core.findings import Finding, FindingKind
from ingest.db.models import AccountEvent, Document, Proposal, ReviewEvent, Submission, User
from ingest.service import schemas
from ingest.service.display import (
    ACCOUNT_ACTION_LABELS, ACTION_LABELS, DECISION_LABELS, ROLE_LABELS, STATUS_LABELS, person,
)
from ingest.service.entries import entered_components, reviewer_conditions
from ingest.service.review import explanation
from rubrics.loader import rubric_sha256
from rubrics.schema import Condition, OutcomeRule, Rubric, ScoreSheet


def user_out(user: User) -> schemas.UserOut:
    return schemas.UserOut(
        id=user.id, username=user.username, display_name=user.display_name, role=user.role,
        role_label=ROLE_LABELS[user.role], society=user.society, default_rubric=user.default_rubric,
        active=user.active,
    )


def document_out(document: Document) -> schemas.DocumentOut:
    return schemas.DocumentOut(
        id=document.id, key=document.key, name=document.name, size=document.size, sha256=document.sha256,
        kind=document.kind, pages=document.pages, warnings=document.warnings, errors=document.errors,
        self_evaluation=document.self_evaluation,
    )


def document_text(document: Document) -> schemas.DocumentText:
    text = document.text or ""
    blocks = [schemas.BlockOut(**b, text=text[b["start"]:b["end"]]) for b in document.blocks or []]
    return schemas.DocumentText(document=document_out(document), text=text, blocks=blocks)


def submission_out(submission: Submission, results: bool = True) -> schemas.SubmissionOut:
    """The submission; without kaohe's and the reviewers' scores and findings unless `results`
    (a society account before release)."""
    out = schemas.SubmissionOut(
        id=submission.id, rubric_id=submission.rubric_id, year=submission.year, society=submission.society,
        status=submission.status, status_label=STATUS_LABELS[submission.status], error=submission.error,
        owner=submission.owner.username, created_at=submission.created_at, updated_at=submission.updated_at,
        processed_at=submission.processed_at, suggested_total=submission.suggested_total,
        suggested_grade=submission.suggested_grade, reviewed_total=submission.reviewed_total,
        reviewed_grade=submission.reviewed_grade, documents=[document_out(d) for d in submission.documents],
        claimed_total=_claimed_total(submission),
        audit=audit_out(submission), released_at=submission.released_at,
        released_by=person(submission.released_by) if submission.released_by else None,
        batch_id=submission.batch_id,
    )
    if results:
        return out
    return out.model_copy(update={"suggested_total": None, "suggested_grade": None, "reviewed_total": None,
                                  "reviewed_grade": None, "audit": []})


def _claimed_total(submission: Submission) -> float | None:
    claims = submission.result.self_evaluation if submission.result else None
    return claims.claimed_total if claims else None


def audit_out(submission: Submission) -> list[schemas.AuditFindingOut]:
    """The pipeline's findings on the 自评表, as it made them at processing time."""
    if submission.result is None:
        return []
    labels = {i.id: i.label for i in submission.result.indicators}
    return [
        schemas.AuditFindingOut(
            **finding.model_dump(), label=labels.get(finding.indicator, _whole_label(finding)),
            kind_label=finding.label,
        )
        for finding in submission.result.audit
    ]


def outcomes(rubric: Rubric, indicator_id: str) -> list[str]:
    """The outcomes a reviewer may set for an outcome-scored indicator (年检合格 …); else none."""
    try:
        rule = rubric.indicator(indicator_id).rule
    except KeyError:
        return []
    return list(rule.outcomes) if isinstance(rule, OutcomeRule) else []


def proposal_out(proposal: Proposal, rubric: Rubric) -> schemas.ProposalOut:
    p = proposal.proposed
    return schemas.ProposalOut(
        id=proposal.id, indicator_id=proposal.indicator_id, label=p.label, path=p.path, max=p.max,
        rule=p.rule, proposed_count=p.proposed_count, proposed_score=p.proposed_score,
        score_range=p.score_range, confidence=p.confidence, needs_review=p.needs_review,
        review_reasons=p.review_reasons, explanation=p.explanation,
        evidence=p.evidence, activities=p.activities, decision=proposal.decision,
        decision_label=DECISION_LABELS[proposal.decision], value=proposal.value, outcome=proposal.outcome,
        outcomes=outcomes(rubric, proposal.indicator_id), reason=proposal.reason,
        reviewed_by=proposal.reviewed_by.username if proposal.reviewed_by else None,
        reviewed_by_name=person(proposal.reviewed_by) if proposal.reviewed_by else None,
        reviewed_at=proposal.reviewed_at, version=proposal.version,
    )


def score_out(submission: Submission, rubric: Rubric, sheet: ScoreSheet) -> schemas.ScoreOut:
    """Per indicator in the rubric's order: the decision, the score it gives and the engine's arithmetic."""
    by_indicator = {p.indicator_id: p for p in submission.proposals}
    results = {r.indicator: r for r in sheet.results}
    indicators = []
    for category, group, indicator in rubric.indicators():
        proposal = by_indicator.get(indicator.id)
        result = results[indicator.id]
        decision = proposal.decision if proposal is not None else "pending"
        indicators.append(
            schemas.IndicatorScore(
                id=indicator.id, label=indicator.label, path=[category.name, group.name], category=category.id,
                max=indicator.max, decision=decision, decision_label=DECISION_LABELS[decision],
                score=result.score, score_range=result.score_range,
                proposed_score=proposal.proposed.proposed_score if proposal is not None else None,
                explanation=explanation(proposal, result.explanation), vetoed=result.vetoed,
                reason=proposal.reason if proposal is not None else None,
            )
        )
    pending = sum(1 for i in indicators if i.decision == "pending")
    notes = list(sheet.notes)
    if submission.rubric_sha256 and submission.rubric_sha256 != rubric_sha256(rubric.id):
        notes.append("评分表文件在材料识别之后已修改，指标建议仍按识别时的评分表给出；如需按新表识别，请重新上传")
    return schemas.ScoreOut(
        submission_id=submission.id,
        rubric={"id": rubric.id, "title": rubric.title, "max_total": rubric.max_total},
        total=sheet.total, total_range=sheet.total_range, grade=sheet.grade, vetoed=sheet.vetoed, notes=notes,
        reviewed=len(indicators) - pending, pending=pending, suggested_total=submission.suggested_total,
        started=pending < len(indicators) or any((submission.entered or {}).values()),
        categories=[
            schemas.CategoryScore(id=c.id, name=c.name, points=c.points, score=sheet.category_scores[c.id])
            for c in rubric.categories
        ],
        indicators=indicators, components=sheet.components, conditions=sheet.conditions, excluded=sheet.excluded,
    )


def entries_out(submission: Submission, rubric: Rubric) -> schemas.EntriesOut:
    """The rubric's entered components and reviewer conditions, with what reviewers entered for them."""
    entered = submission.entered or {}
    components, conditions = entered.get("components", {}), entered.get("conditions", {})

    def who(record: dict | None) -> dict:
        record = record or {}
        at = record.get("at")
        return {"reason": record.get("reason"), "entered_by": record.get("by"),
                "entered_at": datetime.fromisoformat(at) if at else None}

    return schemas.EntriesOut(
        version=submission.entered_version,
        components=[
            schemas.ComponentEntryOut(
                id=c.id, label=c.label, points=c.points, weight=c.weight,
                score=components[c.id]["score"] if c.id in components else None, **who(components.get(c.id)),
            )
            for c in entered_components(rubric)
        ],
        conditions=[
            schemas.ConditionEntryOut(
                id=c.id, label=c.label, effect=condition_effect(c), active=c.id in conditions, **who(conditions.get(c.id)),
            )
            for c in reviewer_conditions(rubric)
        ],
    )


def condition_effect(condition: Condition) -> str:
    if condition.exclude:
        return "不予考核"
    if condition.grade:
        return f"等次定为{condition.grade}"
    return f"不得评为：{'、'.join(condition.bar)}"


def trail_labels(submission: Submission, rubric: Rubric) -> dict[str, str]:
    """The names of what trail entries are about: indicators, entered components and conditions."""
    labels = {p.indicator_id: p.proposed.label for p in submission.proposals}
    labels.update({f"component:{c.id}": c.label for c in rubric.composition})
    labels.update({f"condition:{c.id}": c.label for c in rubric.conditions})
    return labels


def event_out(event: ReviewEvent, labels: dict[str, str]) -> schemas.EventOut:
    return schemas.EventOut(
        id=event.id, proposal_id=event.proposal_id, indicator_id=event.indicator_id,
        label=labels.get(event.indicator_id, event.indicator_id), user=event.username, user_name=person(event.user),
        at=event.at, action=event.action, action_label=ACTION_LABELS[event.action], before=event.before,
        after=event.after, reason=event.reason,
    )


def account_event_out(event: AccountEvent) -> schemas.AccountEventOut:
    return schemas.AccountEventOut(
        id=event.id, user=event.username, by=event.by_username, at=event.at, action=event.action,
        action_label=ACCOUNT_ACTION_LABELS[event.action], reason=event.reason,
    )


def _whole_label(finding: Finding) -> str:
    """What a finding about no single indicator is about: the total, or the materials."""
    if finding.indicator is not None:
        return finding.indicator
    return "材料" if finding.kind == FindingKind.MISSING_MATERIAL else "合计"
