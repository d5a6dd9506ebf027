"""Match activities to a rubric's indicators and propose counts and scores.

The rubric says, per indicator (or per part of one), which activity types,
keywords, fuzzy phrases and levels count (`rubrics.schema.Match`). Matched
activities become `FactItem`s, the rubric engine scores them exactly as it
will score a reviewer's confirmed facts, and each proposal keeps the
activities and text spans behind its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from assess import evidence as strength_of
from extractors import classify
from extractors.lexicon import lexicon
from core.span import Span
from core.vocabulary import ActivityType, Status
from extractors.models import Activity, Document
from extractors.settings import settings
from extractors.statements import Statement, statements
from rubrics.engine import score_indicator
from rubrics.schema import (
    DiscretionaryRule, FactItem, Indicator, IndicatorFacts, Match, OutcomeRule, PartsRule, Rubric, TieredRule,
)

# How an activity was matched, weakest first: a proposal rests on its weakest item.
WEAKEST_FIRST = ("doubtful", "phrase", "type", "keyword")
# A keyword the same clause denies just before it ("未按章程规定如期换届", "一整年都没有发展新会员"): the
# summary says the matter was not done. 未来 is no denial; "未能参加理事会" is a person's absence.
DENIED_BEFORE = re.compile(r"(?:未(?!来)|没有|尚未|从未)(?P<gap>[^，,。；;：:！!？?]{0,10})$")
ABSENCE = re.compile(r"参加|出席|到会")
# A keyword right before an office names a person ("编辑部主任朱小燕", "国际抗癌联盟主席"), not the society's work.
OFFICE_AFTER = re.compile(r"副?(?:主任|主编|主席|会长|理事长|秘书长|院长|所长)")


class Proposal(BaseModel):
    """What kaohe suggests for one indicator, and why (contract: `indicators[]`)."""

    id: str
    label: str
    path: list[str]
    max: float
    proposed_count: int
    proposed_score: float
    score_range: tuple[float, float]
    confidence: float
    needs_review: bool
    activities: list[str]
    rule: str
    explanation: str = ""
    evidence: list[Span] = Field(default_factory=list)
    review_reasons: list[str] = Field(default_factory=list)
    # What the proposal rests on (keyword, statement, outcome …): its confidence is measured per basis.
    basis: str = "none"
    # Reviewer-entered and not entered yet: no score is proposed, the range is all it may come to.
    pending: bool = False


@dataclass
class _Found:
    """What was matched for one indicator or part: facts plus their support."""

    facts: IndicatorFacts = field(default_factory=IndicatorFacts)
    activities: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)


def propose(
    rubric: Rubric, activities: list[Activity], documents: list[Document], year: int | None
) -> tuple[list[Proposal], dict[str, IndicatorFacts]]:
    """A proposal per indicator, and the facts behind them (for `rubrics.engine.score`)."""
    sentences = [(doc, st) for doc in documents for st in statements(doc)]
    proposals: list[Proposal] = []
    facts_by_id: dict[str, IndicatorFacts] = {}
    for category, group, indicator in rubric.indicators():
        found = _find_indicator(indicator, rubric, activities, sentences, year)
        result = score_indicator(indicator, found.facts)
        basis = "+".join(sorted(set(found.bases))) or ("manual" if indicator.match.manual else "none")
        confidence = strength_of.confidence(basis)
        reasons = list(dict.fromkeys(found.reasons))
        if result.pending:
            reasons.append("由评审录入，尚未录入")
        elif result.score_range[0] != result.score_range[1] and not reasons:
            reasons.append("评分标准为酌情赋分，需评审确定分值")
        if confidence < settings().match.review_below and not reasons:
            reasons.append(f"同类建议在已评分的总结中的正确率约为{confidence:.0%}，需复核")
        proposals.append(
            Proposal(
                id=indicator.id,
                label=indicator.label,
                path=[category.name, group.name],
                max=indicator.max,
                proposed_count=_count(found.facts),
                proposed_score=result.score,
                score_range=result.score_range,
                confidence=confidence,
                needs_review=bool(reasons),
                activities=list(dict.fromkeys(found.activities)),
                rule=indicator.rule_text,
                explanation=result.explanation,
                evidence=found.evidence,
                review_reasons=reasons,
                basis=basis,
                pending=result.pending,
            )
        )
        facts_by_id[indicator.id] = found.facts
    return proposals, facts_by_id


def _count(facts: IndicatorFacts) -> int:
    """Items found; a stated outcome (年检合格) is one."""
    stated = 1 if facts.outcome is not None and not facts.items else 0
    return sum(i.count for i in facts.items) + sum(_count(p) for p in facts.parts.values()) + stated


def _find_indicator(indicator: Indicator, rubric: Rubric, activities, sentences, year) -> _Found:
    rule = indicator.rule
    if isinstance(rule, PartsRule):
        found = _Found()
        for part in rule.parts:
            sub = _find(part.match, part.rule, rubric, activities, sentences, year)
            found.facts.parts[part.id] = sub.facts
            found.activities += sub.activities
            found.evidence += sub.evidence
            found.reasons += sub.reasons
            found.bases += sub.bases
        return found
    return _find(indicator.match, rule, rubric, activities, sentences, year)


def _find(match: Match, rule, rubric: Rubric, activities: list[Activity], sentences, year) -> _Found:
    found = _Found()
    if match.manual:
        # Entered by a reviewer (扣分项 such as 未完成交办工作): nothing to propose.
        return found
    if isinstance(rule, OutcomeRule):
        return _find_outcome(match, rule, sentences)
    by_id = {a.id: a for a in activities}
    matched: dict[str, float] = {}
    for activity in activities:
        strength = _strength(match, activity)
        if strength is None or not _counts(activity, rubric, year, found):
            continue
        matched[activity.id] = strength
    weak_below = strength_of.settings().weak_below
    kinds = []
    for activity_id, strength in matched.items():
        activity = by_id[activity_id]
        count = activity.count
        if activity.is_tally:
            # The tally adds only the events it counts beyond those told one by one.
            told = sum(by_id[c].count for c in activity.covers if c in matched)
            count = activity.count - told
            if count <= 0:
                continue
            found.reasons.append("含“全年共…”类汇总数，已与逐项活动去重")
        doubts = _doubts(match, activity, strength, weak_below, year)
        found.reasons += doubts
        found.facts.items.append(FactItem(count=count, level=activity.level, tag=_tag(activity, rule),
                                          activity=activity.id, doubtful=bool(doubts)))
        found.activities.append(activity.id)
        found.evidence.extend(activity.evidence)
        kinds.append("doubtful" if doubts else _kind(match, strength))
    if kinds:
        weakest = next(k for k in WEAKEST_FIRST if k in kinds)
        found.bases.append(f"{weakest}×{'1' if len(kinds) == 1 else 'n'}")
    if not found.facts.items and match.statements:
        _find_statements(match, sentences, found, year)
    if isinstance(rule, DiscretionaryRule) and found.facts.items:
        told = [by_id[a] for a in found.activities]
        found.facts.support = strength_of.support(told, statements=len(found.facts.items) - len(told))
        found.bases.append("discretionary")
    return found


def _kind(match: Match, strength: float) -> str:
    """What an activity was matched by: a keyword, a fuzzy phrase, or its type alone."""
    if not (match.keywords or match.phrases):
        return "type"
    return "keyword" if strength >= 1.0 else "phrase"


def _doubts(match: Match, activity: Activity, strength: float, weak_below: float, year: int | None) -> list[str]:
    """Why an activity is weak evidence for the indicator (in Chinese), if it is."""
    doubts = []
    title = (activity.title or _text(activity))[:20]
    if strength < weak_below:
        doubts.append(f"“{title}”与本项只是相近表述（匹配较弱）")
    if year and activity.date_start and not activity.date_start.startswith(str(year)):
        doubts.append(f"“{title}”的日期（{activity.date_start}）不在{year}年度")
    if not match.types and activity.type == ActivityType.OTHER:
        doubts.append(f"“{title}”未识别出活动类型，仅凭关键词计入")
    return doubts


def _counts(activity: Activity, rubric: Rubric, year: int | None, found: _Found) -> bool:
    """Whether the activity may count: done, or December work proven by a notice (Jiangxi)."""
    if activity.status == Status.DONE:
        return True
    december = f"{year}-12" if year else None
    if (
        activity.status == Status.PLANNED
        and rubric.december_evidence
        and activity.december_evidence
        and december is not None
        and (activity.date_start or "").startswith(december)
    ):
        found.reasons.append("12月拟开展的工作以通知或合同为证，需核实")
        return True
    return False


def _text(activity: Activity) -> str:
    return "\n".join(e.text for e in activity.evidence)


def _hits(match: Match, text: str) -> float | None:
    """1.0 for a keyword, the fuzzy ratio for a phrase, None when neither is there."""
    if any(w in text for w in match.exclude):
        return None
    if not (match.keywords or match.phrases):
        return 0.8
    if any(_names_work(w, text) for w in match.keywords):
        return 1.0
    best = max((fuzz.partial_ratio(p, text) for p in match.phrases), default=0)
    return best / 100 * 0.9 if best >= settings().match.fuzzy_threshold else None


def _names_work(word: str, text: str) -> bool:
    """Is the keyword in the text other than as part of a person's office?"""
    at = text.find(word)
    while at >= 0:
        if not OFFICE_AFTER.match(text, at + len(word)):
            return True
        at = text.find(word, at + 1)
    return False


def _strength(match: Match, activity: Activity) -> float | None:
    if match.types and activity.type not in match.types:
        return None
    if match.levels and activity.level not in match.levels:
        return None
    return _hits(match, _text(activity))


def _tag(activity: Activity, rule) -> str | None:
    """The tag a tiered rule sorts the item by: a tier's own keywords first
    (中国科协表彰 vs 市科协表彰), else adopted/consulting advice."""
    if isinstance(rule, TieredRule):
        text = _text(activity)
        tier = next((t for t in rule.tiers if t.tags and any(w in text for w in t.keywords)), None)
        if tier is not None:
            return tier.tags[0]
    if activity.type != ActivityType.DECISION_CONSULTING:
        return None
    return "adopted" if "采纳" in activity.keywords else "consulting"


def _reports_a_state(st: Statement, year: int | None) -> bool:
    """Can the sentence prove a state of the society this year?

    Not when it is denied or planned, sits in next year's plan or the list of
    shortcomings ("二是服务会员的手段还不够丰富"), or goes on about an event
    just told ("学会官网对活动进行了全程报道").
    """
    lex = lexicon()
    return not (
        any(classify.denies_work(st.text, m) for m in lex.negation.finditer(st.text))
        or lex.planned.search(st.text)
        or classify.is_continuation(st.text)
        or classify.in_plan_section(st.headings, year)
        or classify.in_problem_section(st.headings)
    )


def _denied(match: Match, text: str) -> bool:
    """Does the sentence say that what a keyword names was not done?"""
    for word in match.keywords:
        at = text.find(word)
        while at >= 0:
            denial = DENIED_BEFORE.search(text, 0, at)
            if denial is not None and not ABSENCE.search(denial.group("gap")):
                return True
            at = text.find(word, at + 1)
    return False


def _find_statements(match: Match, sentences, found: _Found, year: int | None) -> None:
    """Evidence for indicators proven by a state of the society, not by events. None where the summary
    admits the matter was not done: its other sentences about it (preparations, delays) prove nothing."""
    admission = next((st for _, st in sentences
                      if not lexicon().planned.search(st.text) and _denied(match, st.text)), None)
    if admission is not None:
        found.reasons.append(f"工作总结自述“{_quote(admission.text)}”，本项不凭陈述给分，需核实")
        return
    for doc, st in sentences:
        strength = _hits(match, st.text)
        if strength is None or (not match.keywords and not match.phrases) or not _reports_a_state(st, year):
            continue
        # A keyword outside any event statement (a person's title, a topic's name) may be incidental.
        found.facts.items = [FactItem(count=1, doubtful=True)]
        found.evidence.append(doc.span(st.start, st.end))
        found.reasons.append(f"仅凭一句陈述中的关键词（“{_quote(st.text)}”），未见相应活动，需核实")
        found.bases.append("statement")
        return


def _quote(text: str, chars: int = 24) -> str:
    return text if len(text) <= chars else f"{text[:chars]}…"


def _find_outcome(match: Match, rule: OutcomeRule, sentences) -> _Found:
    """The stated outcome (年检合格/不合格), read from the sentences that mention the matter."""
    found = _Found()
    outcomes = sorted(rule.outcomes, key=len, reverse=True)
    for doc, st in sentences:
        if _hits(match, st.text) is None or not (match.keywords or match.phrases):
            continue
        found.evidence.append(doc.span(st.start, st.end))
        stated = next((o for o in outcomes if o in st.text), None)
        if stated is not None:
            found.facts.outcome = stated
            found.bases = ["outcome"]
            return found
        found.facts.items = [FactItem(count=1, doubtful=True)]
        found.bases = ["outcome_mentioned"]
    if not found.evidence:
        found.reasons.append("材料中未提及，需评审确认")
        found.bases = ["outcome_silent"]
    else:
        found.reasons.append("材料提及此事但未写明结果，需评审确认")
    return found

