"""What reviewers enter beside the facts: scores of `entered` composition components
(区县科协：服务对象评价、市科协评价) and conditions only a reviewer can establish (有事法则).

They are kept on the submission (`Submission.entered`) with who, when and why,
under one optimistic lock (`Submission.entered_version`): an entry made on an
older version is refused (409) rather than overwriting another reviewer's.
Every entry is also a review-trail event, without a proposal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ingest.db.models import ReviewEvent, Submission, User, utcnow
from ingest.service.display import local_time, person
from ingest.service.errors import ServiceError, conflict, invalid, not_found
from ingest.service.review import lock, reviewed_sheet, rubric_of
from rubrics.explain import num
from rubrics.schema import Component, Condition, Rubric, ScoreSheet


def entered_components(rubric: Rubric) -> list[Component]:
    return [c for c in rubric.composition if c.source == "entered"]


def reviewer_conditions(rubric: Rubric) -> list[Condition]:
    return [c for c in rubric.conditions if c.trigger == "reviewer"]


@dataclass
class Entry:
    """One entry as asked for: a component's score, or a condition set (active) or cleared."""

    kind: str  # "component" or "condition"
    key: str
    version: int
    score: float | None = None
    active: bool = False
    reason: str | None = None


def _check(rubric: Rubric, entry: Entry) -> tuple[str, str | None]:
    """The trail's action and the stripped reason; 404 for an id the rubric does not let reviewers enter."""
    reason = (entry.reason or "").strip() or None
    if entry.kind == "component":
        component = next((c for c in entered_components(rubric) if c.id == entry.key), None)
        if component is None:
            raise not_found(f"评分表“{rubric.title}”中可录入的分项“{entry.key}”")
        if entry.score is None or not 0 <= entry.score <= component.points:
            raise invalid(f"{component.label}应在0到{num(component.points)}分之间")
        return "enter", reason
    if not any(c.id == entry.key for c in reviewer_conditions(rubric)):
        raise not_found(f"评分表“{rubric.title}”中可由评审认定的情形“{entry.key}”")
    if reason is None:
        raise invalid("认定或取消情形须填写理由")
    return ("set" if entry.active else "clear"), reason


def _stale(submission: Submission, seen: int, zone: str) -> ServiceError:
    last = submission.entered.get("last") or {}
    when = local_time(datetime.fromisoformat(last["at"]), zone) if "at" in last else ""
    return conflict(
        f"录入项已被“{last.get('by', '其他评审')}”于{when}修改"
        f"（现为第{submission.entered_version}版，您看到的是第{seen}版）。"
        "为避免覆盖他人的录入，本次操作未保存，请刷新后查看最新结果再操作。"
    )


def enter(db: Session, submission: Submission, user: User, entry: Entry, zone: str) -> ScoreSheet:
    """Apply one entry, record it in the trail and refresh the submission's reviewed total."""
    lock(db, submission)
    if submission.entered_version != entry.version:
        raise _stale(submission, entry.version, zone)
    rubric = rubric_of(submission)
    action, reason = _check(rubric, entry)
    entered = {"components": {}, "conditions": {}, **(submission.entered or {})}
    group = dict(entered[f"{entry.kind}s"])
    before = _state(group.get(entry.key), entry.kind)
    now = utcnow()
    record = {"reason": reason, "by": person(user), "at": now.isoformat()}
    if entry.kind == "component":
        group[entry.key] = {"score": entry.score, **record}
    elif entry.active:
        group[entry.key] = record
    else:
        group.pop(entry.key, None)
    entered[f"{entry.kind}s"] = group
    entered["last"] = record
    # A new dict, so the JSON column sees the change.
    submission.entered = entered
    submission.entered_version += 1
    db.add(
        ReviewEvent(
            submission_id=submission.id, proposal_id=None, indicator_id=f"{entry.kind}:{entry.key}",
            user_id=user.id, username=user.username, at=now, action=action,
            before=before, after=_state(group.get(entry.key), entry.kind), reason=reason,
        )
    )
    sheet = reviewed_sheet(submission, rubric)
    submission.reviewed_total, submission.reviewed_grade = sheet.total, sheet.grade
    db.commit()
    return sheet


def _state(record: dict | None, kind: str) -> dict:
    """What the trail records before and after an entry."""
    if kind == "component":
        return {"score": record["score"] if record else None}
    return {"active": record is not None}
