"""The result of a run as typed models: the JSON of `kaohe score --json` and `kaohe extract --json`.

They live in `assess`, the lowest layer that can hold them: a result carries
activities and reading warnings (`extractors`), score components
(`rubrics`), and proposals and the read 自评表 (`assess`
itself). `core` sits below all of those, and `ingest` above would leave the
batch records and the service's schemas no lower home to share.

Keys, their order and their types are the public contract
(../shared/design/CONTRACT.md); the JSON Schema generated from these models is
checked in beside them (`contract.schema.json`, rewritten by
`python -m ingest.schema`). A reader loads stored JSON back with
`SubmissionResult.model_validate` and uses attributes, never string keys.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field, model_serializer

from assess.match import Proposal
from assess.selfeval import SelfEvaluation
from core.findings import Finding
from core.vocabulary import DocumentRole
from extractors.models import Activity, ReadingWarning
from rubrics.schema import ComponentScore

SCHEMA_PATH = Path(__file__).with_name("contract.schema.json")


def _absent(value: object) -> bool:
    return value is None


class ScoredRubric(BaseModel):
    """Which rubric, in which exact version, the scores were given by."""

    id: str
    title: str
    max_total: float
    # Added by extension: absent from results stored before them.
    max_possible: float | None = None
    sha256: str | None = None
    rules_sha256: str | None = None


class DocumentEntry(BaseModel):
    """A file of the submission; one that could not be read has no id, kind or hash, only its errors."""

    id: str | None
    name: str
    kind: str | None
    pages: int
    sha256: str | None
    warnings: list[str]
    errors: list[str]
    # Only files that were read carry these two.
    needs_ocr: list[int] | None = Field(default=None, exclude_if=_absent)
    role: DocumentRole | None = Field(default=None, exclude_if=_absent)


# What `kaohe extract` writes; a score adds the rubric and everything after `warnings`.
READING_KEYS = ("year", "society", "documents", "activities", "warnings")


class SubmissionResult(BaseModel):
    # Keys added by extension have defaults: a result stored before they existed still loads.
    rubric: ScoredRubric | None = None
    year: int | None
    society: str | None = None
    documents: list[DocumentEntry]
    activities: list[Activity]
    warnings: list[ReadingWarning] = Field(default_factory=list)
    indicators: list[Proposal] = Field(default_factory=list)
    category_scores: dict[str, float] = Field(default_factory=dict)
    total: float | None = None
    total_range: tuple[float, float] | None = None
    grade: str | None = None
    vetoed: bool = False
    excluded: bool = False
    conditions: list[str] = Field(default_factory=list)
    components: list[ComponentScore] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    pending: list[str] = Field(default_factory=list)
    pending_range: tuple[float, float] | None = None
    guaranteed_total: float | None = None
    audit: list[Finding] = Field(default_factory=list)
    self_evaluation: SelfEvaluation | None = Field(default=None, exclude_if=_absent)

    @property
    def scored(self) -> bool:
        return self.rubric is not None

    @model_serializer(mode="wrap")
    def _reading_only_without_rubric(self, handler):
        # An extraction has no score: its JSON has none of the score's keys, not nulls.
        data = handler(self)
        return data if self.scored else {k: v for k, v in data.items() if k in READING_KEYS}


def schema_text() -> str:
    """The contract's JSON Schema, as checked in at `SCHEMA_PATH`."""
    schema = SubmissionResult.model_json_schema(mode="serialization")
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
