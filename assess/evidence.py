"""How strong a proposal's evidence is: the settings in `data/evidence.yaml` and the measured confidence.

`support` places a discretionary suggestion inside its range; `confidence`
is the share of proposals of the same basis that were right on the labelled
corpus (`data/calibration.yaml`, written by `python -m corpora.calibrate`).
"""

from __future__ import annotations

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


@lru_cache(maxsize=1)
def calibration() -> dict[str, Measured]:
    if not CALIBRATION_FILE.exists():
        return {}
    raw = yaml.safe_load(CALIBRATION_FILE.read_text(encoding="utf-8")) or {}
    return {basis: Measured.model_validate(m) for basis, m in raw.get("bases", {}).items()}


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
    """Measured share right for proposals of this basis, shrunk toward doubt: right / (count + 1)."""
    measured = calibration().get(basis)
    if measured is None:
        return UNMEASURED
    return round(measured.right / (measured.count + 1), 2)
