"""How strong a proposal's evidence is: the settings in `data/evidence.yaml` and the measured confidence.

`support` places a discretionary suggestion inside its range; `confidence`
is the share of proposals of the same basis that were right on the labelled
corpus (`data/calibration.yaml`, written by `python -m corpora.calibrate`):
the reviewer-scored real summaries, with the generated and tuning samples as
a prior that counts as a few real proposals at most.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from extractors.models import Activity
from extractors.settings import load

DATA = Path(__file__).parent / "data"
CALIBRATION_FILE = DATA / "calibration.yaml"
# A basis never measured is taken as a coin toss: it is reviewed, not trusted.
UNMEASURED = 0.5
# The samples are cleaner writing than real summaries: their share right weighs as this many real proposals at most.
SAMPLE_WEIGHT = 10
# The site fold whose real measurement is left out (a development report's own texts must not set their confidence).
_held_out: ContextVar[int | None] = ContextVar("held_out_fold", default=None)


class Step(BaseModel):
    weight: float
    share: float


class Specific(BaseModel):
    base: float
    dated: float
    counted: float
    placed: float


class Support(BaseModel):
    level: dict[str, float]
    specific: Specific
    statement: float
    steps: list[Step]


class Settings(BaseModel):
    support: Support
    weak_below: float


class Measured(BaseModel):
    """Per basis: how many proposals were right, of how many."""

    right: int
    count: int


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load(Settings, DATA / "evidence.yaml")


class Calibration(BaseModel):
    """Per basis, on the samples; and per site fold and basis, on the reviewer-scored real summaries."""

    samples: dict[str, Measured] = {}
    real: dict[int, dict[str, Measured]] = {}


@lru_cache(maxsize=1)
def calibration() -> Calibration:
    if not CALIBRATION_FILE.exists():
        return Calibration()
    return Calibration.model_validate(yaml.safe_load(CALIBRATION_FILE.read_text(encoding="utf-8")) or {})


@contextmanager
def holding_out(fold: int) -> Iterator[None]:
    """Confidence measured without the real summaries of one site fold (cross-fitting, `corpora.real.scores`)."""
    token = _held_out.set(fold)
    try:
        yield
    finally:
        _held_out.reset(token)


def activity_weight(activity: Activity) -> float:
    s = settings().support
    specific = s.specific
    share = specific.base
    share += specific.dated if activity.date_start else 0
    share += specific.counted if (activity.participants or activity.count > 1) else 0
    share += specific.placed if activity.location else 0
    return s.level.get(activity.level or "unknown", s.level["unknown"]) * share * max(activity.count, 1)


def support(activities: list[Activity], statements: int = 0) -> float:
    """The share of a discretionary range the evidence reaches."""
    s = settings().support
    weight = sum(activity_weight(a) for a in activities) + statements * s.statement
    return next(step.share for step in sorted(s.steps, key=lambda st: -st.weight) if weight >= step.weight)


def confidence(basis: str) -> float:
    """Measured share right for proposals of this basis: the real proposals, the samples' share as a prior
    weighing at most `SAMPLE_WEIGHT` of them, shrunk toward doubt by one more proposal counted wrong."""
    found = calibration()
    real = [m[basis] for fold, m in found.real.items() if fold != _held_out.get() and basis in m]
    right, count = sum(m.right for m in real), sum(m.count for m in real)
    sample = found.samples.get(basis)
    if sample is not None and sample.count:
        weight = min(sample.count, SAMPLE_WEIGHT)
        right, count = right + weight * sample.right / sample.count, count + weight
    if not count:
        return UNMEASURED
    return round(right / (count + 1), 2)
