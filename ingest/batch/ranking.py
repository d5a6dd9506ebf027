"""The batch as a table: one row per society, ranked and graded as the rubric says.

Grades come from `rubrics.grading.grade_sheets`, which ranks where the
notice grades by rank (优秀不超过20%) and applies each sheet's conditions
(late → 不合格). The rank is by suggested total, equal totals sharing a rank
(1, 2, 2, 4); a submission excluded from assessment or not processed has none.
A submission whose summary could not be read is set apart as 无法评分: no
total, no rank, never graded 0 below the ones that were read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from assess.contract import SubmissionResult
from core.findings import Finding, FindingKind
from rubrics.grading import grade_sheets
from rubrics.schema import Rubric, ScoreSheet

UNSCORABLE = "无法评分"


@dataclass
class Row:
    society: str
    label: str
    record: dict | None
    # Set when the submission could not be processed at all.
    failure: str | None = None
    grade: str | None = None
    rank: int | None = None
    flags: list[dict] = field(default_factory=list)

    @cached_property
    def result(self) -> SubmissionResult | None:
        """The record's contract JSON, loaded back as the model."""
        return SubmissionResult.model_validate(self.record["result"]) if self.record else None

    @property
    def unscorable(self) -> bool:
        return bool(self.record) and any(f["kind"] == "unscorable" for f in self.record["flags"])

    @property
    def total(self) -> float | None:
        return self.result.total if self.record and not self.unscorable else None


def rank_rows(rubric: Rubric, rows: list[Row]) -> list[Row]:
    """Grades and ranks filled in; rows ordered by rank, unranked last."""
    scored = [r for r in rows if r.record and r.record.get("sheet") and not r.unscorable]
    sheets = [ScoreSheet.model_validate(r.record["sheet"]) for r in scored]
    for row, grade in zip(scored, grade_sheets(rubric, sheets)):
        row.grade = grade
    ranked = sorted((r for r, s in zip(scored, sheets) if not s.excluded), key=lambda r: -r.total)
    for position, row in enumerate(ranked, 1):
        previous = ranked[position - 2] if position > 1 else None
        row.rank = previous.rank if previous is not None and previous.total == row.total else position
    for row in rows:
        if row.unscorable:
            row.grade = UNSCORABLE
        row.flags = list(row.record["flags"]) if row.record else []
        if row.failure:
            row.flags.append(Finding.of(FindingKind.FAILED, reason=row.failure).flag())
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.society))
