"""Evidence a submission shares with the other submissions of its rubric and year.

When a submission finishes processing its fingerprint is stored and the year's
stored fingerprints are compared again (`extractors.reuse.find_reuse`): what is
common to the year depends on how many submissions it has, so a new one can
make an older finding boilerplate. Findings are kept per pair and shown on
both review pages, to reviewers and admins who may open the other submission;
a society account sees none.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from extractors.reuse import KIND_LABELS, Side, find_reuse, fingerprint
from ingest.db.models import Role, SharedEvidence, Status, Submission, User
from ingest.files import InputFile
from ingest.pipeline import Submission as Processed
from ingest.service.deps import visible_query


def compare(db: Session, submission: Submission, files: list[InputFile], processed: Processed) -> None:
    """Store the submission's fingerprint and replace the findings among its rubric and year."""
    submission.reuse = fingerprint(submission.society, [(f.name, f.data) for f in files], processed.documents,
                                   processed.activities)
    year = db.execute(
        select(Submission.id, Submission.reuse).where(
            Submission.rubric_id == submission.rubric_id, Submission.year.is_not_distinct_from(submission.year),
            Submission.status == Status.DONE, Submission.reuse.is_not(None), Submission.id != submission.id)
    ).all()
    fingerprints = {str(row.id): row.reuse for row in year} | {str(submission.id): submission.reuse}
    ids = [int(i) for i in fingerprints]
    db.execute(delete(SharedEvidence).where(or_(SharedEvidence.first_id.in_(ids), SharedEvidence.second_id.in_(ids))))
    for finding in find_reuse(fingerprints):
        db.add(SharedEvidence(first_id=int(finding.first.submission), second_id=int(finding.second.submission),
                              finding=finding.to_json()))


@dataclass(frozen=True)
class Notice:
    """One finding as the review page of one side shows it."""

    kind: str
    other_id: int
    other_society: str
    here: Side
    there: Side
    similarity: float


def notices(db: Session, user: User, submission: Submission) -> list[Notice]:
    """The findings of `submission` whose other submission `user` may open; none for a society account."""
    if user.role == Role.SOCIETY:
        return []
    rows = db.scalars(select(SharedEvidence).where(
        or_(SharedEvidence.first_id == submission.id, SharedEvidence.second_id == submission.id)
    ).order_by(SharedEvidence.id)).all()
    others = {row.second_id if row.first_id == submission.id else row.first_id for row in rows}
    visible = set(db.scalars(visible_query(user).where(Submission.id.in_(others)).with_only_columns(Submission.id)))
    shown = []
    for row in rows:
        first, second = Side(**row.finding["first"]), Side(**row.finding["second"])
        here, there, other = (first, second, row.second_id) if row.first_id == submission.id else (second, first, row.first_id)
        if other in visible:
            shown.append(Notice(KIND_LABELS[row.finding["kind"]], other, there.society, here, there,
                                row.finding["similarity"]))
    return shown
