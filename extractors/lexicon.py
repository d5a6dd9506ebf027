"""The extractor's vocabulary, read from `data/lexicon.yaml` and compiled once.

Keeping the words in data lets a reviewer's observation ("our societies write
'科普大篷车', not '科普展览'") become a one-line edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).parent / "data" / "lexicon.yaml"


def alternation(words: list[str], *, literal: bool = True) -> re.Pattern[str]:
    """One regex matching any of `words`, longest first so the most specific wins."""
    ordered = sorted(words, key=len, reverse=True)
    parts = [re.escape(w) for w in ordered] if literal else ordered
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class LevelCues:
    level: str
    strong: re.Pattern[str]
    weak: re.Pattern[str] | None


@dataclass(frozen=True)
class Lexicon:
    type_weights: dict[str, dict[str, int]]
    type_pattern: re.Pattern[str]
    type_patterns: tuple[tuple[re.Pattern[str], str, int], ...]
    word_types: dict[str, list[tuple[str, int]]]
    event_verbs: re.Pattern[str]
    clause_verbs: re.Pattern[str]
    level_masks: re.Pattern[str]
    levels: tuple[LevelCues, ...]
    weak_order: tuple[str, ...]
    types_with_level: frozenset[str]
    negation: re.Pattern[str]
    planned: re.Pattern[str]
    december_proof: re.Pattern[str]
    tally: re.Pattern[str]
    adopted: re.Pattern[str]
    continuation: re.Pattern[str]
    same_occasion: re.Pattern[str]
    follow_ups: re.Pattern[str]
    earlier: re.Pattern[str]
    this_year: re.Pattern[str]
    title_columns: frozenset[str]
    # kind → (name words, head words, body words), each None when the list is empty.
    document_kinds: dict[str, tuple[re.Pattern[str] | None, ...]]
    location_columns: frozenset[str]
    state_markers: re.Pattern[str]
    metadata_lines: re.Pattern[str]
    plan_sections: re.Pattern[str]
    plan_section_exceptions: re.Pattern[str]
    problem_sections: re.Pattern[str]
    generic: re.Pattern[str]
    # Admissions of a shortfall: one pattern over every cue, the kind each cue tells,
    # the rubric words each kind falls under, and the words that deny or prevent it.
    admission_cues: re.Pattern[str]
    admission_kinds: dict[str, str]
    admission_rule_words: dict[str, re.Pattern[str]]
    admission_guards: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    type_weights: dict[str, dict[str, int]] = data["types"]
    word_types: dict[str, list[tuple[str, int]]] = {}
    for type_name, words in type_weights.items():
        for word, weight in words.items():
            word_types.setdefault(word, []).append((type_name, weight))
    levels = tuple(
        LevelCues(
            level=name,
            strong=alternation(cues["strong"], literal=False),
            weak=alternation(cues["weak"], literal=False) if cues.get("weak") else None,
        )
        for name, cues in data["levels"].items()
    )
    return Lexicon(
        type_weights=type_weights,
        type_pattern=alternation(list(word_types)),
        type_patterns=tuple((re.compile(p["pattern"]), p["type"], p["weight"]) for p in data.get("type_patterns", [])),
        word_types=word_types,
        event_verbs=alternation(data["event_verbs"]),
        clause_verbs=alternation(data["clause_verbs"]),
        level_masks=alternation(data["level_masks"], literal=False),
        levels=levels,
        weak_order=tuple(data["weak_order"]),
        types_with_level=frozenset(data["types_with_level"]),
        negation=alternation(data["negation"]),
        planned=alternation(data["planned"], literal=False),
        december_proof=alternation(data["december_proof"]),
        tally=alternation(data["tally"]),
        adopted=alternation(data["adopted"]),
        continuation=re.compile("^(?:" + alternation(data["continuation"]).pattern + ")"),
        same_occasion=re.compile("^(?:" + alternation(data["same_occasion"]).pattern + ")"),
        follow_ups=alternation(data["follow_ups"], literal=False),
        earlier=alternation(data["earlier"]),
        this_year=alternation(data["this_year"]),
        state_markers=alternation(data["state_markers"]),
        metadata_lines=alternation(data["metadata_lines"], literal=False),
        title_columns=frozenset(data["table_columns"]["title"]),
        document_kinds={
            kind: tuple(alternation(cues[where]) if cues[where] else None for where in ("name", "head", "body"))
            for kind, cues in data["document_kinds"].items()
        },
        location_columns=frozenset(data["table_columns"]["location"]),
        plan_sections=alternation(data["plan_sections"]),
        plan_section_exceptions=alternation(data["plan_section_exceptions"]),
        problem_sections=alternation(data["problem_sections"]),
        generic=alternation(data["generic"]),
        admission_cues=alternation([cue for entry in data["admissions"].values() for cue in entry["cues"]]),
        admission_kinds={cue: kind for kind, entry in data["admissions"].items() for cue in entry["cues"]},
        admission_rule_words={kind: alternation(entry["rule_words"]) for kind, entry in data["admissions"].items()},
        admission_guards=alternation(data["admission_guards"]),
    )
