"""A society's own check before it submits: does each row of its 自评表 that claims points
have something behind it in what it is about to send?

This is a checklist, not a score. A society that saw kaohe's counts, scores or
confidence for its draft could reword it until the matcher agreed; so each row
gets only "found" or "not found", and where something was found, the file and
page — never what kaohe would give for it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assess.audit import TOLERANCE, entered_by_reviewer
from assess.match import Proposal
from assess.selfeval import SelfEvaluation
from extractors.models import Activity, Document
from rubrics.schema import Rubric


class Place(BaseModel):
    """Where something for a row was found: a file, and its page when the file has pages (PDF)."""

    model_config = ConfigDict(frozen=True)

    file: str
    page: int | None = None


class RowCheck(BaseModel):
    """One 自评表 row that claims points, in the society's own words, and whether anything backs it."""

    wording: str
    path: list[str] = Field(default_factory=list)
    # The society's own self-score, as written in its table.
    self_score: float
    found: bool
    found_in: list[Place] = Field(default_factory=list)
    # False when the row fits no indicator of the rubric, so nothing could be looked for.
    matched: bool = True


def check_rows(
    rubric: Rubric,
    self_evaluation: SelfEvaluation,
    proposals: list[Proposal],
    activities: list[Activity],
    documents: list[Document],
) -> list[RowCheck]:
    """A check per row claiming points for an indicator the materials can support, in the table's order.

    Rows for what a reviewer enters (deductions, 服务对象评价) are left out: no
    upload can back them. A row that fits no indicator is kept, unmatched: a
    claim the check silently dropped would look backed.
    """
    indicators = {ind.id: ind for _, _, ind in rubric.indicators()}
    by_id = {p.id: p for p in proposals}
    names = {d.id: d.name for d in documents}
    # Only a PDF has pages a society can turn to; a Word file's "page" depends on the machine.
    paged = {d.id for d in documents if d.kind == "pdf"}
    spans = {a.id: [*a.evidence, *a.corroboration] for a in activities}
    checks = []
    for row in self_evaluation.rows:
        if row.self_score is None or row.self_score <= TOLERANCE:
            continue
        if row.indicator is None:
            checks.append(RowCheck(wording=row.wording, path=row.path, self_score=row.self_score, found=False,
                                   matched=False))
            continue
        indicator = indicators.get(row.indicator)
        proposal = by_id.get(row.indicator)
        if indicator is None or proposal is None or entered_by_reviewer(indicator):
            continue
        found = [s for a in proposal.activities for s in spans.get(a, [])] + proposal.evidence
        places = list(dict.fromkeys(Place(file=names[s.document], page=s.page if s.document in paged else None) for s in found if s.document in names))
        checks.append(RowCheck(wording=row.wording, path=row.path, self_score=row.self_score,
                               found=bool(proposal.activities or proposal.evidence), found_in=places))
    return checks
