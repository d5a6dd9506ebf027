"""Every tuned threshold, read from `data/settings.yaml` and checked once.

The values were chosen on labelled data; keeping them in one typed file, each
with the reason it has its value, makes a threshold a one-line change whose
effect the accuracy report measures.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict

SETTINGS_FILE = Path(__file__).parent / "data" / "settings.yaml"

Model = TypeVar("Model", bound=BaseModel)


class Section(BaseModel):
    # A misspelt key in the YAML must fail loudly, not leave the default in force.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reader(Section):
    mode: Literal["rules", "model", "both"]
    veto: float
    rescue: float
    type_trust: float
    more: float
    keep_dated: bool
    heading_chars: int
    before_chars: int
    ngrams: int
    length: int


class Statements(Section):
    min_chars: int
    max_chars: int
    account_heading_chars: int


class Activities(Section):
    min_type_score: int
    min_words: int
    near_chars: int
    same_event_title_similarity: int
    same_name_similarity: int
    headline_run_chars: int


class Quantities(Section):
    context_chars: int


class Dates(Section):
    title_lines: int


class Duplicates(Section):
    shingle: int
    same_text: float
    min_chars: int


class CueWeights(Section):
    name: int
    head: int
    body: int


class Roles(Section):
    head_chars: int
    body_chars: int
    weights: CueWeights
    photo_max_chars: int
    prose_share: float
    min_prose_block: int


class Corroboration(Section):
    same_name: int
    nearly_same_name: int
    min_name_chars: int


class Match(Section):
    fuzzy_threshold: int
    review_below: float
    admission_confidence: float


class RowWeights(Section):
    precision: float
    recall: float
    overlap: float
    fuzzy: float
    partial_chars: int
    keywords: float
    group: float
    category: float
    same_max: float
    other_max: float
    drift: float


class SelfEvaluation(Section):
    min_match: float
    split_match: float
    weights: RowWeights


class Parse(Section):
    parsers: list[str]
    max_pages: int


class Settings(Section):
    parse: Parse
    reader: Reader
    statements: Statements
    activities: Activities
    quantities: Quantities
    dates: Dates
    duplicates: Duplicates
    roles: Roles
    corroboration: Corroboration
    match: Match
    self_evaluation: SelfEvaluation


def load(model: type[Model], path: Path) -> Model:
    """`path`'s YAML checked against `model`: the one way a settings file is read."""
    return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load(Settings, SETTINGS_FILE)
