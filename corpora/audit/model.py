"""What one audit submission is made of: the claims a society sets and the evidence it hands in.

The records are written in `corpora/audit/submissions.yaml` (which says what
each field means); the builder (`corpora.audit.build`) turns them into files
and gold. They say only what is written and how it is handed in (typed,
exported, scanned, photographed), never what kaohe should find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# How an evidence document reaches the evaluator:
#   docx      the Word file itself
#   pdf       a PDF exported from Word (text layer)
#   scan      the printed page scanned to JPEG (one file per page)
#   scan_pdf  the printed pages scanned into a PDF with no text layer
#   drawn     a page image made without Word (a PNG from a scanner app)
#   photo     a photo of the event, with at most a banner of text
Form = Literal["docx", "pdf", "scan", "scan_pdf", "drawn", "photo"]
Quality = Literal["clean", "degraded"]
ROLES = ("summary", "self_evaluation", "notice", "news", "contract", "certificate", "sign_in", "photo")
FINDING_KINDS = ("over_claim", "under_claim", "no_evidence", "over_cap", "sum_mismatch")


@dataclass
class Paper:
    """The words of one evidence document in reading order."""

    title: str
    paragraphs: list[str] = field(default_factory=list)  # body paragraphs, first line indented
    opening: str | None = None  # the addressee line ("各会员单位：") or a subtitle, not indented
    table: tuple[list[str], list[list[str]]] | None = None  # header and rows (sign-in sheets)
    closing: list[str] = field(default_factory=list)  # right-aligned lines: issuer, date

    def lines(self) -> list[str]:
        """Every line of text in reading order (a table row is one line, cells joined by spaces)."""
        rows = [" ".join(r) for r in [self.table[0], *self.table[1]]] if self.table else []
        return [self.title, *([self.opening] if self.opening else []), *self.paragraphs, *rows, *self.closing]


@dataclass
class EvidenceOnly:
    """An event that only an evidence document reports (the summary never mentions it)."""

    type: str
    date_start: str
    level: str | None
    location: str | None
    indicator: str
    quote: str  # the sentence of the evidence that reports it


@dataclass
class Evidence:
    file: str
    role: str
    form: Form
    paper: Paper | None = None  # None for a photo
    quality: Quality = "degraded"  # scans only: clean (straight, white) or degraded (worn flatbed)
    banner: str | None = None  # photos only: the text on the banner in the picture
    setting: Literal["hall", "field"] = "hall"  # photos only: a meeting hall or a village field
    corroborates: list[str] = field(default_factory=list)  # ids of the summary's gold activities it shows
    adds: list[EvidenceOnly] = field(default_factory=list)


@dataclass
class Finding:
    indicator: str | None  # None for the table's sum
    kind: str
    why: str  # the evaluator's reason, in Chinese


@dataclass
class Submission:
    key: str  # folder and gold name
    sample: str  # the corpora/samples summary it reuses
    summary_form: Literal["docx", "pdf"]
    summary_name: str
    table_form: Literal["docx", "xlsx", "pdf"]
    table_name: str
    wording: Literal["full", "short", "rephrased"]  # how the office typed the indicator rows
    # Self-scores that differ from what the materials support, and the 自评依据 the office wrote for them.
    claims: dict[str, float] = field(default_factory=dict)
    basis: dict[str, str] = field(default_factory=dict)
    # Support beyond the summary's gold: indicators that evidence-only events raise.
    support: dict[str, float] = field(default_factory=dict)
    typed_total: float | None = None  # the 合计 as typed when the office mis-added; None: the rows' sum
    evidence: list[Evidence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what a careful evaluator flags

