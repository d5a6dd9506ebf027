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

from pydantic import BaseModel, Field

from core.vocabulary import FindingKind
from core.vocabulary import DocumentRole
from extractors.evidence import CLAIMS
from assess.match import Proposal
from core.span import Span
from assess.selfeval import SelfEvaluation
from rubrics.explain import num
from rubrics.schema import Indicator, IndicatorResult, PartsRule, Rubric

# Scores are whole or half points; anything closer than this is the same score.
TOLERANCE = 0.01


class AuditFinding(BaseModel):
    """One difference between the claim and the evidence (contract: `audit[]`)."""

    indicator: str | None
    kind: FindingKind
    self_score: float | None
    supported: float | None
    message: str
    # Where the claim is written in the 自评表 (the self-score cell, else the row's wording).
    evidence: list[Span] = Field(default_factory=list)


def audit(rubric: Rubric, self_evaluation: SelfEvaluation, proposals: list[Proposal]) -> list[AuditFinding]:
    """Findings in the rubric's order, then the table's sum."""
    by_id = {p.id: p for p in proposals}
    claims = self_evaluation.claims()
    where = _claim_spans(self_evaluation)
    wording = {row.indicator: row.wording for row in self_evaluation.rows if row.indicator is not None}
    findings: list[AuditFinding] = []
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


# The materials a notice names, and the kinds of document that are each.
MATERIAL_ROLES: dict[str, frozenset[DocumentRole]] = {
    "工作总结": frozenset({DocumentRole.SUMMARY}),
    "自评表": frozenset({DocumentRole.SELF_EVALUATION}),
    "汇总表": frozenset({DocumentRole.SUMMARY_TABLE}),
    "佐证材料": frozenset(DocumentRole) - CLAIMS,
}


def notice_rules(rubric: Rubric, roles: list[DocumentRole], results: list[IndicatorResult]) -> list[AuditFinding]:
    """What the notice itself rules out: a required material missing, or a one-vote veto (年检不合格)."""
    present = set(roles)
    findings = [
        AuditFinding(indicator=None, kind=FindingKind.MISSING_MATERIAL, self_score=None, supported=None,
                     message=f"缺少{material}（通知要求报送：{'、'.join(rubric.materials)}）")
        for material in rubric.materials
        if material in MATERIAL_ROLES and not present & MATERIAL_ROLES[material]
    ]
    labels = {ind.id: ind.label for _, _, ind in rubric.indicators()}
    findings += [
        AuditFinding(indicator=r.indicator, kind=FindingKind.VETO, self_score=None, supported=r.score,
                     message=f"{labels.get(r.indicator, r.indicator)[:20]}：{r.explanation}，按通知一票否决")
        for r in results if r.vetoed
    ]
    return findings


def _compare(indicator: Indicator, claim: float, proposal: Proposal, spans: list[Span],
             wording: str) -> list[AuditFinding]:
    """Judged against the range the evidence supports: above its top is an over-claim, below its bottom an under-claim."""
    found: list[AuditFinding] = []
    low, high = proposal.score_range
    cell, basis = _cell(wording, f"自评{num(claim)}分"), _basis(proposal)

    def finding(kind: FindingKind, supported: float | None, message: str) -> AuditFinding:
        return AuditFinding(indicator=indicator.id, kind=kind, self_score=claim, supported=supported,
                            message=message, evidence=spans)

    if claim > indicator.max + TOLERANCE:
        found.append(finding(FindingKind.OVER_CAP, indicator.max,
                             f"{cell}，超过该项满分{num(indicator.max)}分"))
    if claim > TOLERANCE and not proposal.activities and not proposal.evidence:
        found.append(finding(FindingKind.NO_EVIDENCE, 0.0,
                             f"{cell}，但工作总结和佐证材料中未找到相关内容"))
    elif min(claim, indicator.max) > high + TOLERANCE:
        found.append(finding(FindingKind.OVER_CLAIM, high,
                             f"{cell}，材料支持{_supported(low, high)}分（{proposal.explanation}）；{basis}"))
    elif claim < low - TOLERANCE:
        found.append(finding(FindingKind.UNDER_CLAIM, low,
                             f"{cell}，低于材料支持的{_supported(low, high)}分（{proposal.explanation}）；{basis}"))
    return found


def _compare_deduction(indicator: Indicator, claim: float, proposal: Proposal, spans: list[Span],
                       wording: str) -> list[AuditFinding]:
    """A 扣分项 claims points taken off: deducting less than the summary admits claims more than it shows."""
    low, high = proposal.score_range
    cell, basis = _cell(wording, f"自评扣{num(claim)}分"), _basis(proposal)
    if claim < low - TOLERANCE:
        kind, supported, how = FindingKind.OVER_CLAIM, low, "少于"
    elif claim > high + TOLERANCE:
        kind, supported, how = FindingKind.UNDER_CLAIM, high, "多于"
    else:
        return []
    return [AuditFinding(indicator=indicator.id, kind=kind, self_score=claim, supported=supported, evidence=spans,
                         message=f"{cell}，{how}材料所示应扣的{_supported(low, high)}分；{basis}")]


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


def _sum_mismatch(self_evaluation: SelfEvaluation) -> list[AuditFinding]:
    claimed = self_evaluation.claimed_total
    rows = self_evaluation.rows_total()
    if claimed is None or abs(claimed - rows) <= TOLERANCE:
        return []
    spans = [self_evaluation.total_span] if self_evaluation.total_span else []
    return [AuditFinding(indicator=None, kind=FindingKind.SUM_MISMATCH, self_score=claimed, supported=rows,
                         message=f"各项自评分合计{num(rows)}分，与填报的自评总分{num(claimed)}分不一致",
                         evidence=spans)]


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
