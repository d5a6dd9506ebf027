"""Rules that read a statement's type, level and status from its words.

Matching is on characters, not tokens: the field notes measured jieba splits
hiding keywords (学术交流 in 学术交流会), so every rule here is a regex over
the statement text, with the vocabulary in `data/lexicon.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.dates import DateMention
from extractors.lexicon import lexicon
from extractors.models import ActivityType, Level, Status


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
    """The level a statement names, strong cues (全国性, 全省) before weak ones (a city name)."""
    lex = lexicon()
    masked = lex.level_masks.sub(lambda m: "□" * len(m.group()), text)
    for strong in (True, False):
        for cues in lex.levels:
            pattern = cues.strong if strong else cues.weak
            if pattern is None:
                continue
            m = pattern.search(masked)
            if m:
                return LevelReading(Level(cues.level), m.group(), strong)
    return LevelReading(None, None, False)


def read_status(text: str, dates: list[DateMention], year: int | None) -> Status:
    """Done, planned, from an earlier year, or stated as not done."""
    lex = lexicon()
    if lex.negation.search(text):
        return Status.NEGATED
    if lex.planned.search(text):
        return Status.PLANNED
    if year is not None:
        dated = [d for d in dates if d.year_explicit]
        if dated:
            first_year = int(dated[0].date_start[:4])
            if first_year < year and not any(int(d.date_start[:4]) == year for d in dated):
                return Status.PREVIOUS_YEAR
            if first_year > year:
                return Status.PLANNED
    return Status.DONE


def has_event_verb(text: str) -> bool:
    return lexicon().event_verbs.search(text) is not None


def is_tally(text: str) -> bool:
    return lexicon().tally.search(text) is not None


def is_adopted(text: str) -> bool:
    return lexicon().adopted.search(text) is not None


def has_december_proof(text: str) -> bool:
    return lexicon().december_proof.search(text) is not None
