"""From a total to a grade: threshold bands, rank in a batch, and the conditions that overrule both.

Grades are listed best first (`grade_order`). A notice grades either by
score lines (threshold bands) or by rank (优秀 不超过20%, or 特等 3 个); a
single submission has no batch, so rank grading falls back to reference
bands. Conditions come last: one may withhold a grade (不予考核), force one
(不按时报送 → 不合格) or bar the top grades (出现扣分项不能评为特等).
"""

from __future__ import annotations

import math

from rubrics.explain import num
from rubrics.schema import Condition, Rubric, ScoreSheet


def grade_order(rubric: Rubric) -> list[str]:
    """Every grade the rubric names, best first."""
    grading = rubric.grading
    order = [b.grade for b in sorted(grading.bands, key=lambda b: b.min, reverse=True)]
    extra = [*grading.shares, *grading.counts, *([grading.veto_grade] if grading.veto_grade else [])]
    for grade in extra:
        if grade not in order:
            order.append(grade)
    return order


def grade_total(rubric: Rubric, total: float, vetoed: bool = False) -> str | None:
    """One submission's grade: the first band (highest first) whose min the total reaches.

    For rank grading this is the fallback: a single submission has no batch to
    be ranked in. None when no band applies (a rubric without bands, or whose
    notice sets no grades).
    """
    grading = rubric.grading
    if vetoed:
        return grading.veto_grade
    if grading.method == "none":
        return None
    bands = sorted(grading.bands, key=lambda b: b.min, reverse=True)
    return next((b.grade for b in bands if total >= b.min), None)


def _in_effect(rubric: Rubric, ids: list[str]) -> list[Condition]:
    return [c for c in rubric.conditions if c.id in ids]


def apply_conditions(rubric: Rubric, grade: str | None, ids: list[str], vetoed: bool) -> tuple[str | None, bool, list[str]]:
    """The grade after the conditions `ids`: (grade, excluded, notes saying why)."""
    conditions = _in_effect(rubric, ids)
    excluding = [c for c in conditions if c.exclude]
    if excluding:
        return None, True, [f"{c.label}：不予考核，不评定等次" for c in excluding]
    notes: list[str] = []
    order = grade_order(rubric)
    forcing = [c for c in conditions if c.grade]
    if forcing and not vetoed:
        # Several forced grades: the worst one holds.
        worst = max(forcing, key=lambda c: order.index(c.grade) if c.grade in order else -1)
        notes.append(f"{worst.label}：考核等次定为{worst.grade}")
        grade = worst.grade
    barring = [c for c in conditions if c.bar]
    barred = {g for c in barring for g in c.bar}
    for c in barring:
        if grade in barred and grade in order:
            lower = next((g for g in order[order.index(grade) + 1 :] if g not in barred), grade)
            notes.append(f"{c.label}：不能评为{'、'.join(c.bar)}，等次由{grade}改为{lower}")
            grade = lower
        else:
            notes.append(f"{c.label}：不能评为{'、'.join(c.bar)}（当前等次不受影响）")
    return grade, False, notes


def settle_grade(rubric: Rubric, total: float, ids: list[str], vetoed: bool) -> tuple[str | None, bool, list[str]]:
    """One submission's grade with its conditions applied, and the notes a reviewer needs."""
    grading = rubric.grading
    grade, excluded, notes = apply_conditions(rubric, grade_total(rubric, total, vetoed), ids, vetoed)
    if grading.method == "rank" and grading.bands and not vetoed and not excluded:
        bands = "、".join(f"{b.grade}≥{num(b.min)}" for b in sorted(grading.bands, key=lambda b: b.min, reverse=True))
        notes.append(f"本评分表按综合得分排序确定等次；单份材料的等次按参考分数线（{bands}）给出，以全批排名为准")
    if grading.note:
        notes.append(grading.note)
    return grade, excluded, notes


def _quota_bounds(rubric: Rubric, n: int) -> list[tuple[str, int]]:
    """(grade, how many ranked submissions may have this grade or better), best grade first."""
    grading = rubric.grading
    bounds, cumulative = [], 0.0
    if grading.shares:
        for grade, share in grading.shares.items():
            cumulative += share
            bounds.append((grade, math.floor(cumulative * n + 1e-9)))
    else:
        for grade, count in grading.counts.items():
            cumulative += count
            bounds.append((grade, int(cumulative)))
    return bounds


def _leftover_grade(rubric: Rubric, named: list[str]) -> str:
    """The grade of those beyond every quota: the next grade after the last named (the veto grade
    excepted), else the last named."""
    order = [g for g in grade_order(rubric) if g != rubric.grading.veto_grade]
    last = named[-1]
    after = order[order.index(last) + 1 :] if last in order else []
    return after[0] if after else last


def _ranked(rubric: Rubric, totals: list[float], eligible: list[int], barred: dict[int, set[str]]) -> dict[int, str]:
    """Grades by rank among `eligible` (indices into totals).

    Each takes the best grade it is not barred from whose quota ("this grade or
    better") still has room, so a barred unit's place goes to the next one.
    Equal totals share the better grade, even beyond a quota.
    """
    ranked = sorted(eligible, key=lambda i: -totals[i])
    bounds = _quota_bounds(rubric, len(ranked))
    leftover = _leftover_grade(rubric, [g for g, _ in bounds])
    names = [g for g, _ in bounds]
    taken = dict.fromkeys(names, 0)  # how many have this grade or better
    result: dict[int, str] = {}
    previous: int | None = None
    for i in ranked:
        no = barred.get(i, set())
        if previous is not None and totals[i] == totals[previous] and result[previous] not in no:
            grade = result[previous]
        else:
            grade = next((g for g, bound in bounds if g not in no and taken[g] < bound), leftover)
        result[i] = grade
        if grade in taken:
            for g in names[names.index(grade) :]:
                taken[g] += 1
        previous = i
    return result


def grade_batch(rubric: Rubric, totals: list[float], vetoed: list[bool]) -> list[str | None]:
    """Grades for a batch of submissions, in the order given.

    With `grading.shares` ({优秀: 0.2, 良好: 0.5, 合格: 0.3}) grades go by rank
    among the non-vetoed submissions: the top floor(share × n) get the first
    grade, and so on cumulatively ("不超过20%"); with `grading.counts`
    ({特等: 3, 一等: 10}) the top 3, then the next 10. Whoever is beyond every
    quota gets the next grade. Equal totals always get the same (better)
    grade, so ties may exceed a quota. Without quotas each total is graded by
    the bands. Vetoed submissions get `veto_grade`.
    """
    if len(totals) != len(vetoed):
        raise ValueError("totals 与 vetoed 的长度不一致")
    grading = rubric.grading
    if not (grading.shares or grading.counts):
        return [grade_total(rubric, t, v) for t, v in zip(totals, vetoed)]
    ranks = _ranked(rubric, totals, [i for i, v in enumerate(vetoed) if not v], {})
    return [ranks.get(i, grading.veto_grade) for i in range(len(totals))]


def grade_sheets(rubric: Rubric, sheets: list[ScoreSheet]) -> list[str | None]:
    """Final grades for a batch of score sheets by this rubric: ranked where the rubric ranks,
    then each sheet's conditions applied (a forced grade or an exclusion takes the sheet out of the ranking)."""
    grading = rubric.grading
    if not (grading.shares or grading.counts):
        return [s.grade for s in sheets]

    def forced(sheet: ScoreSheet) -> bool:
        return any(c.grade or c.exclude for c in _in_effect(rubric, sheet.conditions))

    eligible = [i for i, s in enumerate(sheets) if not s.vetoed and not forced(s)]
    barred = {i: {g for c in _in_effect(rubric, s.conditions) for g in c.bar} for i, s in enumerate(sheets)}
    ranks = _ranked(rubric, [s.total for s in sheets], eligible, barred)
    grades = []
    for i, sheet in enumerate(sheets):
        grade = ranks.get(i, grading.veto_grade if sheet.vetoed else None)
        grades.append(apply_conditions(rubric, grade, sheet.conditions, sheet.vetoed)[0])
    return grades
