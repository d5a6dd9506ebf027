"""Reviewers' decisions on proposals, and the score computed from what they accepted.

Only accepted facts count: a confirmed proposal contributes the facts kaohe
matched, an adjusted one those facts with the reviewer's value (or outcome)
over them; pending and rejected proposals contribute nothing, exactly as if
nothing had been found. The engine does the arithmetic, as for the CLI.

Every decision names the version of the proposal it was made on. If another
reviewer changed the proposal since, the decision is refused (409) with who
changed it and when, instead of silently overwriting their work. Decisions
on one submission take its lock first, so the version they compare with is
the committed one even when two reviewers press at the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from ingest.db.models import Decision, Proposal, ReviewEvent, Status, Submission, User, utcnow
from ingest.service.display import DECISION_LABELS, STATUS_LABELS, local_time, person
from ingest.service.errors import ServiceError, conflict, invalid
from rubrics.engine import NO_FACTS, score, score_indicator
from rubrics.explain import num
from rubrics.loader import RubricError, load_rubric
from rubrics.schema import Entered, FactItem, Indicator, IndicatorFacts, OutcomeRule, Rubric, ScoreSheet


def counted_facts(proposal: Proposal) -> IndicatorFacts | None:
    """The facts the score counts for this proposal; None unless a reviewer accepted it."""
    if proposal.decision not in (Decision.CONFIRMED, Decision.ADJUSTED):
        return None
    facts = _settled(IndicatorFacts.model_validate(proposal.facts))
    if facts == NO_FACTS:
        # Confirmed with nothing to count: a reviewer-entered item is then entered as none, no longer pending.
        facts.items = [FactItem(count=0)]
    if proposal.decision == Decision.ADJUSTED:
        facts.value = proposal.value
        facts.outcome = proposal.outcome if proposal.outcome is not None else facts.outcome
    return facts


def _settled(facts: IndicatorFacts) -> IndicatorFacts:
    """A reviewer's confirmation settles the doubt kaohe had about the items it found."""
    return facts.model_copy(update={
        "items": [item.model_copy(update={"doubtful": False}) for item in facts.items],
        "parts": {key: _settled(part) for key, part in facts.parts.items()},
    })


def require_done(submission: Submission) -> None:
    """Proposals, scores and results exist only once processing has finished."""
    if submission.status == Status.FAILED:
        raise conflict(f"材料处理失败，无法审核：{submission.error}")
    if submission.status != Status.DONE:
        raise conflict(f"材料尚未处理完成（{STATUS_LABELS[submission.status]}），请稍后再试")


def rubric_of(submission: Submission) -> Rubric:
    try:
        return load_rubric(submission.rubric_id)
    except RubricError as error:
        raise ServiceError(409, f"评分表“{submission.rubric_id}”已不可用：{error}") from error


def entered_of(submission: Submission, rubric: Rubric) -> Entered:
    """The component scores and conditions reviewers entered (those the rubric no longer has left out)."""
    entered = submission.entered or {}
    components = {c.id for c in rubric.composition if c.source == "entered"}
    conditions = {c.id for c in rubric.conditions if c.trigger == "reviewer"}
    return Entered(
        components={k: v["score"] for k, v in entered.get("components", {}).items() if k in components},
        conditions=[k for k in entered.get("conditions", {}) if k in conditions],
    )


def reviewed_sheet(submission: Submission, rubric: Rubric) -> ScoreSheet:
    """The score from reviewers' decisions and entries alone (indicators the rubric no longer has are left out)."""
    known = {indicator.id for _, _, indicator in rubric.indicators()}
    facts = {
        p.indicator_id: f
        for p in submission.proposals
        if p.indicator_id in known and (f := counted_facts(p)) is not None
    }
    return score(rubric, facts, sha256=submission.rubric_sha256 or "", entered=entered_of(submission, rubric))


def lock(db: Session, submission: Submission) -> None:
    """Take the submission's write lock (a row lock in PostgreSQL, the database lock in SQLite)
    and re-read it: changes to one submission then run one after another, each reading what
    the one before committed, so the reviewed total counts them all."""
    db.execute(update(Submission).where(Submission.id == submission.id).values(updated_at=utcnow()))
    db.expire_all()
    require_done(submission)


def explanation(proposal: Proposal | None, engine_text: str) -> str:
    """The engine's arithmetic, prefixed with why an indicator is scored as if nothing were found."""
    if proposal is None or proposal.decision == Decision.PENDING:
        return f"尚未审核，暂按无材料计：{engine_text}"
    if proposal.decision == Decision.REJECTED:
        return f"评审不予认定，按无材料计：{engine_text}"
    return engine_text


def _state(proposal: Proposal, indicator: Indicator) -> dict:
    """What the trail records before and after a decision, with the score it gives the indicator;
    before the first decision, also kaohe's suggestion (what the reviewer decided on)."""
    result = score_indicator(indicator, counted_facts(proposal) or NO_FACTS)
    state = {"decision": proposal.decision, "value": proposal.value, "outcome": proposal.outcome, "score": result.score}
    if proposal.decision == Decision.PENDING:
        state["suggested"] = proposal.proposed.proposed_score
    return state


def release(db: Session, submission: Submission, user: User, zone: str) -> None:
    """Show the reviewed result to the society: once every indicator has a decision."""
    lock(db, submission)
    if submission.released_at is not None:
        raise conflict(f"评审结果已于{local_time(submission.released_at, zone)}发布")
    pending = sum(1 for p in submission.proposals if p.decision == Decision.PENDING)
    if pending:
        raise conflict(f"尚有{pending}项指标待审核，全部审核后才能发布评审结果")
    submission.released_at, submission.released_by = utcnow(), user
    db.commit()


@dataclass
class Change:
    """A decision as asked for: `action` is confirm, adjust or reject."""

    action: str
    version: int
    value: float | None = None
    outcome: str | None = None
    reason: str | None = None


def _check(change: Change, indicator: Indicator) -> str | None:
    """The reason, stripped; 422 for an adjustment or rejection without a reason, or one the rubric cannot take."""
    reason = (change.reason or "").strip() or None
    if change.action == "confirm":
        return reason
    if reason is None:
        raise invalid("调整须填写理由" if change.action == "adjust" else "不予认定须填写理由")
    if change.action == "reject":
        return reason
    if change.value is None and change.outcome is None:
        raise invalid("调整须给出认定分值（或认定结果）")
    if change.value is not None and not 0 <= change.value <= indicator.max:
        raise invalid(f"认定分值应在0到{num(indicator.max)}分之间（本指标满分{num(indicator.max)}分）")
    if change.outcome is not None:
        rule = indicator.rule
        if not isinstance(rule, OutcomeRule):
            raise invalid("本指标不按结果计分，请调整分值")
        if change.outcome not in rule.outcomes:
            raise invalid(f"认定结果“{change.outcome}”不在评分标准中（可选：{'、'.join(rule.outcomes)}）")
    return reason


def stale(proposal: Proposal, seen: int, zone: str) -> ServiceError:
    by = proposal.reviewed_by
    who = person(by) if by is not None else "其他评审"
    when = local_time(proposal.reviewed_at, zone)
    return conflict(
        f"该指标已被“{who}”于{when}改为“{DECISION_LABELS[proposal.decision]}”（现为第{proposal.version}版，"
        f"您看到的是第{seen}版）。为避免覆盖他人的审核，本次操作未保存，请刷新后查看最新结果再操作。"
    )


def _apply(db: Session, proposal: Proposal, user: User, change: Change, rubric: Rubric, zone: str) -> ReviewEvent:
    """Make one decision and add its trail entry; the caller holds the lock and commits."""
    if proposal.version != change.version:
        raise stale(proposal, change.version, zone)
    try:
        indicator = rubric.indicator(proposal.indicator_id)
    except KeyError:
        raise conflict(f"评分表已更新，指标“{proposal.indicator_id}”已不存在，无法审核") from None
    reason = _check(change, indicator)
    before = _state(proposal, indicator)
    proposal.decision = {"confirm": Decision.CONFIRMED, "adjust": Decision.ADJUSTED, "reject": Decision.REJECTED}[
        change.action
    ]
    adjusting = change.action == "adjust"
    proposal.value = change.value if adjusting else None
    proposal.outcome = change.outcome if adjusting else None
    proposal.reason = reason
    proposal.reviewed_by = user
    proposal.reviewed_at = utcnow()
    event = ReviewEvent(
        submission_id=proposal.submission_id, proposal_id=proposal.id, indicator_id=proposal.indicator_id,
        user_id=user.id, username=user.username, at=proposal.reviewed_at, action=change.action,
        before=before, after=_state(proposal, indicator), reason=reason,
    )
    db.add(event)
    return event


def _rescore(db: Session, submission: Submission, rubric: Rubric) -> ScoreSheet:
    sheet = reviewed_sheet(submission, rubric)
    submission.reviewed_total, submission.reviewed_grade = sheet.total, sheet.grade
    db.commit()
    return sheet


def decide(db: Session, proposal: Proposal, user: User, change: Change, zone: str) -> tuple[ReviewEvent, ScoreSheet]:
    """Apply one decision, record it in the trail and refresh the submission's reviewed total."""
    submission = proposal.submission
    lock(db, submission)
    rubric = rubric_of(submission)
    event = _apply(db, proposal, user, change, rubric, zone)
    return event, _rescore(db, submission, rubric)


def confirm_all(db: Session, submission: Submission, user: User, seen: dict[int, int], zone: str) -> ScoreSheet:
    """Confirm several proposals of one submission at once, each recorded like a single confirm.

    `seen` maps each proposal to the version the reviewer saw. All or nothing: if any
    of them changed since (409) or is not this submission's (422), none is saved."""
    lock(db, submission)
    rubric = rubric_of(submission)
    proposals = {p.id: p for p in submission.proposals}
    if unknown := sorted(set(seen) - set(proposals)):
        raise invalid(f"指标建议 {'、'.join(f'#{i}' for i in unknown)} 不属于提交 #{submission.id}")
    try:
        for proposal_id, version in seen.items():
            _apply(db, proposals[proposal_id], user, Change("confirm", version), rubric, zone)
    except ServiceError:
        db.rollback()
        raise
    return _rescore(db, submission, rubric)
