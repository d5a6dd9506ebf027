"""Rules that read a statement's type, level and status from its words.

Matching is on characters, not tokens: the field notes measured jieba splits
hiding keywords (学术交流 in 学术交流会), so every rule here is a regex over
the statement text, with the vocabulary in `data/lexicon.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.dates import DateMention
from extractors.lexicon import lexicon
from extractors.settings import settings
from core.vocabulary import ActivityType, Level, Status


DOCUMENT_AFTER = re.compile(r"(?:年度)?[^，。；]{0,6}?(?:工作报告|财务报告|工作总结|报告|总结|计划|预算|决算|审计)")
CLAUSE_MARKS = "，,；;。"
EVENT_COUNT = re.compile(r"[\d一二三四五六七八九十百两]+\s*[余多]?\s*(?:场|次|期|届)")


@dataclass(frozen=True)
class TypeReading:
    type: ActivityType
    score: int
    words: tuple[str, ...]


def read_type(text: str, context: tuple[str, ...] = ()) -> TypeReading:
    """The activity type whose words weigh most in `text`.

    Headings above the statement (`context`) break ties and rescue statements
    that only say "举办3场" under a heading "（二）科普活动", at half weight.
    """
    lex = lexicon()
    scores: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    words: list[str] = []
    for m in lex.type_pattern.finditer(text):
        words.append(m.group())
        for type_name, weight in lex.word_types[m.group()]:
            scores[type_name] = scores.get(type_name, 0) + weight
            first_seen.setdefault(type_name, m.start())
    for pattern, type_name, weight in lex.type_patterns:
        if m := pattern.search(text):
            scores[type_name] = scores.get(type_name, 0) + weight
            first_seen.setdefault(type_name, m.start())
    for heading in context:
        for m in lex.type_pattern.finditer(heading):
            for type_name, weight in lex.word_types[m.group()]:
                scores[type_name] = scores.get(type_name, 0) + weight / 2
                first_seen.setdefault(type_name, len(text) + m.start())
    if not scores:
        return TypeReading(ActivityType.OTHER, 0, ())
    best = max(scores, key=lambda t: (scores[t], -first_seen[t]))
    return TypeReading(ActivityType(best), int(scores[best]), tuple(dict.fromkeys(words)))


@dataclass(frozen=True)
class LevelReading:
    level: Level | None
    cue: str | None
    strong: bool


def read_level(text: str) -> LevelReading:
    """The level a statement names: strong cues (全国性, 全省) from the widest
    level down, else weak ones (a place or a body) in the lexicon's `weak_order`."""
    lex = lexicon()
    masked = _mask_names(text)
    for cues in lex.levels:
        m = cues.strong.search(masked)
        if m:
            return LevelReading(Level(cues.level), m.group(), True)
    by_name = {cues.level: cues for cues in lex.levels}
    for name in lex.weak_order:
        weak = by_name[name].weak
        m = weak.search(masked) if weak is not None else None
        if m:
            return LevelReading(Level(name), m.group(), False)
    return LevelReading(None, None, False)


def read_status(text: str, dates: list[DateMention], year: int | None) -> Status:
    """Done, planned, from an earlier year, or stated as not done."""
    lex = lexicon()
    if any(denies_work(text, m) for m in lex.negation.finditer(text)):
        return Status.NEGATED
    if lex.planned.search(text):
        return Status.PLANNED
    # "审议通过2020年度工作报告": a year that names a document, not when the work was done.
    dates = [d for d in dates if not (d.precision == "year" and DOCUMENT_AFTER.match(text, d.end))]
    if (lex.earlier.search(text) and not lex.this_year.search(text)
            and not any(d.date_start.startswith(str(year)) for d in dates)):
        return Status.PREVIOUS_YEAR
    # "8月底通过专家审定，计划2022年一季度发布": what is dated first was done this year.
    if year is not None and dates and dates[0].year_explicit:
        dated = [d for d in dates if d.year_explicit]
        if dated:
            first_year = int(dated[0].date_start[:4])
            if first_year < year and not any(int(d.date_start[:4]) == year for d in dated):
                return Status.PREVIOUS_YEAR
            if first_year > year:
                return Status.PLANNED
    return Status.DONE


def denies_work(text: str, negation: re.Match) -> bool:
    """Is the denial about a kind of work? "未开展决策咨询活动" is; "目前尚未收到反馈"
    (after an advice was sent) and "部分活动被迫取消" are not."""
    start = max(text.rfind(p, 0, negation.start()) for p in CLAUSE_MARKS) + 1
    ends = [i for p in CLAUSE_MARKS if (i := text.find(p, negation.end())) >= 0]
    return read_type(text[start:min(ends, default=len(text))]).score >= settings().activities.min_type_score


def _mask_names(text: str) -> str:
    """`text` with names that merely contain a level word (全国科普日, 省科协) blanked out, offsets kept."""
    return lexicon().level_masks.sub(lambda m: "□" * len(m.group()), text)


def levels_named(text: str) -> set[Level]:
    """Every level a statement names outright ("全国性会议2场、全省性会议19场" names two)."""
    lex = lexicon()
    masked = _mask_names(text)
    return {Level(cues.level) for cues in lex.levels if cues.strong.search(masked)}


def in_plan_section(headings: tuple[str, ...], year: int | None) -> bool:
    """Is the statement part of next year's plan ("六、2022年工作打算")?

    Its sentences read like this year's work ("一是深入开展科普") but are not.
    """
    lex = lexicon()
    for heading in headings:
        if lex.plan_sections.search(heading) and not lex.plan_section_exceptions.search(heading):
            years = [int(y) for y in re.findall(r"(20\d\d)年", heading)]
            if year is None or not years or max(years) > year:
                return True
    return False


def in_problem_section(headings: tuple[str, ...]) -> bool:
    """Is the statement in the list of shortcomings, which names work without reporting it?"""
    return any(lexicon().problem_sections.search(h) for h in headings)


def is_continuation(text: str) -> bool:
    """Does the sentence go on about the event just told ("会上，…", "…共300人参加了会议", "某某表示，…")?"""
    lex = lexicon()
    if lex.continuation.search(text):
        return True
    # "学会在南昌举办年会，300余名代表参加了会议" tells an event of its own before its attendance.
    return lex.follow_ups.search(text) is not None and lex.clause_verbs.search(text) is None


def describes_a_state(text: str) -> bool:
    """Does the sentence say what the society has ("现有会员300名") rather than what it did?"""
    return lexicon().state_markers.search(text) is not None


def is_generic(phrase: str) -> bool:
    """Is the phrase a kind of work ("各类学术交流活动") rather than one event's name?"""
    return lexicon().generic.search(phrase) is not None


def opens_work(text: str) -> bool:
    """Does a clause start a piece of work of its own: a verb like 举办/开展, a denial, or a count of events?"""
    lex = lexicon()
    return bool(lex.clause_verbs.search(text) or lex.negation.search(text) or EVENT_COUNT.search(text))


def has_event_verb(text: str) -> bool:
    return lexicon().event_verbs.search(text) is not None


def is_tally(text: str) -> bool:
    return lexicon().tally.search(text) is not None


def is_adopted(text: str) -> bool:
    return lexicon().adopted.search(text) is not None


def has_december_proof(text: str) -> bool:
    return lexicon().december_proof.search(text) is not None
