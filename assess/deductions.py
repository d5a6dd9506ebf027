"""Deductions the summary itself admits, applied by the rubric's own rules.

`extractors.admissions` finds the clauses ("2项学术活动未报批", "年检不合格");
here each is put under the rubric row it falls under — a 扣分项 a reviewer
enters, or an outcome with a one-vote veto — and scored by that row's rule.
The result is a proposal like any other: quoted, `needs_review`, for the
reviewer to confirm or reject. A veto outcome read from a sentence that
denies or prevents it ("确保年检不出现不合格") is withdrawn for the same reason.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from assess.match import Proposal
from extractors.admissions import Admission, admissions, denied
from extractors.lexicon import lexicon
from extractors.models import Document
from extractors.settings import settings
from rubrics.engine import score_indicator
from rubrics.schema import FactItem, Indicator, IndicatorFacts, OutcomeRule, PenaltyRule, PerItemRule, PresenceRule, Rubric

VETO_KIND = "inspection_failed"


def apply_admissions(
    rubric: Rubric, documents: list[Document], proposals: list[Proposal], facts: dict[str, IndicatorFacts],
    year: int | None,
) -> tuple[list[Proposal], dict[str, IndicatorFacts]]:
    """`proposals` and `facts` with the admitted deductions and vetoes applied (the rest unchanged)."""
    found = [a for doc in documents for a in admissions(doc, year)]
    by_row: dict[str, list[Admission]] = {}
    for admission in found:
        row = _row_for(rubric, admission)
        if row is not None:
            by_row.setdefault(row.id, []).append(admission)
    facts = dict(facts)
    result = []
    for proposal in proposals:
        indicator = rubric.indicator(proposal.id)
        admitted = by_row.get(indicator.id, [])
        new = _admitted_facts(indicator, admitted) if admitted else _unfounded_veto(indicator, proposal, facts[indicator.id])
        if new is None:
            result.append(proposal)
            continue
        facts[indicator.id] = new
        result.append(_reproposed(indicator, proposal, new, admitted))
    return result, facts


def _deduction_row(indicator: Indicator) -> bool:
    return indicator.match.manual and isinstance(indicator.rule, PerItemRule | PresenceRule | PenaltyRule)


def _veto_row(indicator: Indicator) -> bool:
    return isinstance(indicator.rule, OutcomeRule) and bool(indicator.rule.veto)


def _row_for(rubric: Rubric, admission: Admission) -> Indicator | None:
    """The row whose wording names what is admitted; among several, the one closest to the clause."""
    words = lexicon().admission_rule_words[admission.kind]
    fits = _veto_row if admission.kind == VETO_KIND else _deduction_row
    rows = [ind for _, _, ind in rubric.indicators()
            if fits(ind) and (words.search(ind.label) or words.search(" ".join(ind.match.keywords)))]
    return max(rows, key=lambda ind: fuzz.partial_ratio(ind.label, admission.span.text), default=None)


def _admitted_facts(indicator: Indicator, admitted: list[Admission]) -> IndicatorFacts:
    rule = indicator.rule
    if isinstance(rule, OutcomeRule):
        cue = admitted[0].cue
        return IndicatorFacts(outcome=next((o for o in sorted(rule.veto, key=len, reverse=True) if o in cue),
                                           rule.veto[0]))
    return IndicatorFacts(items=[FactItem(count=a.count) for a in admitted])


def _unfounded_veto(indicator: Indicator, proposal: Proposal, facts: IndicatorFacts) -> IndicatorFacts | None:
    """A veto outcome read only from sentences that deny or prevent it: the matter is mentioned, nothing more."""
    if not _veto_row(indicator) or facts.outcome not in indicator.rule.veto:
        return None
    if not all(denied(span.text, facts.outcome) for span in proposal.evidence):
        return None
    return IndicatorFacts(items=[FactItem(count=1)])


def _reproposed(indicator: Indicator, proposal: Proposal, facts: IndicatorFacts,
                admitted: list[Admission]) -> Proposal:
    result = score_indicator(indicator, facts)
    if not admitted:
        return proposal.model_copy(update={
            "proposed_score": result.score, "score_range": result.score_range, "proposed_count": 1,
            "explanation": result.explanation, "needs_review": True,
            "review_reasons": [*proposal.review_reasons, "“不合格”等字样出现在否定或防范的句子中，未作为结论，请评审核实"]})
    quotes = "；".join(f"“{a.span.text}”" for a in admitted)
    return proposal.model_copy(update={
        "proposed_count": sum(a.count for a in admitted) if facts.items else 1,
        "proposed_score": result.score, "score_range": result.score_range,
        "confidence": settings().match.admission_confidence, "needs_review": True,
        "explanation": f"工作总结自述{quotes}，{result.explanation}",
        "evidence": [a.span for a in admitted],
        "review_reasons": [*proposal.review_reasons, "依据工作总结中的自述提出，待评审确认"]})
