"""Audit a society's self-evaluation against what its materials support.

An evaluator's question is not "what is the score" but "where does the
society claim more than it shows". Each claim in the 自评表 is compared with
kaohe's proposal for the same indicator (a range for discretionary rules), and
every difference becomes a finding with a Chinese message that names both
numbers and points at the row in the table, so the evaluator can check it.

Deductions and other items a reviewer enters are not compared: the materials
cannot support or refute them.
"""

from __future__ import annotations

from assess.match import Proposal
from assess.selfeval import SelfEvaluation
from core.findings import Finding, FindingKind
from core.span import Span
from rubrics.explain import num
from rubrics.schema import Indicator, IndicatorResult, PartsRule, Rubric

# Scores are whole or half points; anything closer than this is the same score.
TOLERANCE = 0.01


def audit(rubric: Rubric, self_evaluation: SelfEvaluation, proposals: list[Proposal]) -> list[Finding]:
    """Findings in the rubric's order, then the table's sum."""
    by_id = {p.id: p for p in proposals}
    claims = self_evaluation.claims()
    where = _claim_spans(self_evaluation)
    wording = {row.indicator: row.wording for row in self_evaluation.rows if row.indicator is not None}
    findings: list[Finding] = []
    for category, _, indicator in rubric.indicators():
        claim = claims.get(indicator.id)
        proposal = by_id.get(indicator.id)
        # A row a reviewer enters is compared only when the summary itself admits something for it.
        if claim is None or proposal is None or (entered_by_reviewer(indicator) and not proposal.evidence):
            continue
        cells, row = where.get(indicator.id, []), wording.get(indicator.id, indicator.label)
        compare = _compare_deduction if category.role == "deduction" else _compare
        findings += compare(indicator, claim, proposal, cells, row)
    findings += _sum_mismatch(self_evaluation)
    return findings


def vetoes(rubric: Rubric, results: list[IndicatorResult]) -> list[Finding]:
    """What the notice rules out whatever the score: a one-vote veto (年检不合格)."""
    labels = {ind.id: ind.label for _, _, ind in rubric.indicators()}
    return [
        Finding.of(FindingKind.VETO, indicator=r.indicator, supported=r.score,
                   name=labels.get(r.indicator, r.indicator)[:20], explanation=r.explanation)
        for r in results if r.vetoed
    ]


def _compare(indicator: Indicator, claim: float, proposal: Proposal, spans: list[Span],
             wording: str) -> list[Finding]:
    """Judged against the range the evidence supports: above its top is an over-claim, below its bottom an under-claim."""
    found: list[Finding] = []
    low, high = proposal.score_range
    cell = _cell(wording, f"自评{num(claim)}分")

    def finding(kind: FindingKind, supported: float | None, **values: object) -> Finding:
        return Finding.of(kind, indicator=indicator.id, self_score=claim, supported=supported, evidence=spans,
                          cell=cell, **values)

    if claim > indicator.max + TOLERANCE:
        found.append(finding(FindingKind.OVER_CAP, indicator.max, max=num(indicator.max)))
    if claim > TOLERANCE and not proposal.activities and not proposal.evidence:
        found.append(finding(FindingKind.NO_EVIDENCE, 0.0))
    elif min(claim, indicator.max) > high + TOLERANCE or claim < low - TOLERANCE:
        over = claim > high
        found.append(finding(FindingKind.OVER_CLAIM if over else FindingKind.UNDER_CLAIM, high if over else low,
                             support=_supported(low, high), explanation=proposal.explanation,
                             basis=_basis(proposal)))
    return found


def _compare_deduction(indicator: Indicator, claim: float, proposal: Proposal, spans: list[Span],
                       wording: str) -> list[Finding]:
    """A 扣分项 claims points taken off: deducting less than the summary admits claims more than it shows."""
    low, high = proposal.score_range
    if claim < low - TOLERANCE:
        kind, supported = FindingKind.OVER_CLAIM, low
    elif claim > high + TOLERANCE:
        kind, supported = FindingKind.UNDER_CLAIM, high
    else:
        return []
    return [Finding.of(kind, "deduction", indicator=indicator.id, self_score=claim, supported=supported,
                       evidence=spans, cell=_cell(wording, f"自评扣{num(claim)}分"),
                       support=_supported(low, high), basis=_basis(proposal))]


def _cell(wording: str, claim: str) -> str:
    """The claim as the 自评表 states it: the row's wording, then the score."""
    short = wording.strip()
    return f"自评表“{short[:24]}{'…' if len(short) > 24 else ''}”一栏{claim}"


def _basis(proposal: Proposal) -> str:
    """The evidence quoted, or said to be absent."""
    if not proposal.evidence:
        return "材料中未找到依据"
    quote = proposal.evidence[0].text.strip()
    more = f"等{len(proposal.evidence)}处" if len(proposal.evidence) > 1 else ""
    return f"依据：“{quote[:60]}{'…' if len(quote) > 60 else ''}”{more}"


def _supported(low: float, high: float) -> str:
    return num(high) if low == high else f"{num(low)}–{num(high)}"


def _sum_mismatch(self_evaluation: SelfEvaluation) -> list[Finding]:
    claimed = self_evaluation.claimed_total
    rows = self_evaluation.rows_total()
    if claimed is None or abs(claimed - rows) <= TOLERANCE:
        return []
    spans = [self_evaluation.total_span] if self_evaluation.total_span else []
    return [Finding.of(FindingKind.SUM_MISMATCH, self_score=claimed, supported=rows, evidence=spans,
                       rows=num(rows), claimed=num(claimed))]


def entered_by_reviewer(indicator: Indicator) -> bool:
    rule = indicator.rule
    if isinstance(rule, PartsRule):
        return all(part.match.manual for part in rule.parts)
    return indicator.match.manual


def _claim_spans(self_evaluation: SelfEvaluation) -> dict[str, list[Span]]:
    spans: dict[str, list[Span]] = {}
    for row in self_evaluation.rows:
        if row.indicator is not None:
            spans.setdefault(row.indicator, []).append(row.score_span or row.wording_span)
    return spans
