"""Pre-screening: what a 学会部 checks before any reviewer opens a file.

Each check returns findings (`core.findings`: a code and a Chinese message
that says what is wrong and where), so the workbook can be sorted and
filtered by them: submitted after the deadline, files that cannot be read,
a summary too short to be one, what the reader was unsure of, materials
signed by a different society than the folder they were sent in, a
submission whose summary could not be read at all (无法评分), and evidence
another submission of the batch also sent. Required materials missing are
the pipeline's (`assess.materials`), the same the audit reports.
"""

from __future__ import annotations

from datetime import date

from core.findings import Finding, FindingKind
from extractors.models import Document, ReadingWarning
from extractors.reuse import KIND_LABELS, Reuse
from ingest.batch.layout import same_society, society_in_name
from ingest.batch.submitted import Dated
from ingest.files import InputError
from rubrics.explain import num

# A 工作总结 with less body text than this is a cover page or a placeholder, not a summary.
MIN_SUMMARY_CHARS = 800


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def lateness(deadline: date | None, stated: Dated | None, saved: Dated | None) -> tuple[date | None, list[Finding]]:
    """The submission date to score with, and flags when it is past the deadline.

    The stated date (落款/报送日期) decides. Without one, the files' save dates
    stand in. A file saved after the deadline under a timely stated date is
    only pointed out: it may have been re-saved after it was sent.
    """
    if deadline is None:
        return None, []
    due = cn_date(deadline)
    if stated is not None:
        flags = []
        if stated.day > deadline:
            flags.append(Finding.of(FindingKind.LATE, where=stated.where, day=cn_date(stated.day), due=due))
        elif saved is not None and saved.day > deadline:
            flags.append(Finding.of(FindingKind.LATE_METADATA, where=saved.where, day=cn_date(saved.day), due=due,
                                    stated=cn_date(stated.day)))
        return stated.day, flags
    if saved is not None:
        flags = []
        if saved.day > deadline:
            flags.append(Finding.of(FindingKind.LATE, "saved", where=saved.where, day=cn_date(saved.day), due=due))
        return saved.day, flags
    return None, [Finding.of(FindingKind.NO_DATE, due=due)]


def unreadable(failures: list[InputError], documents: list[Document]) -> list[Finding]:
    flags = [Finding.of(FindingKind.UNREADABLE, file=f.name, reason=f.reason) for f in failures]
    flags += [Finding.of(FindingKind.UNREADABLE, "errors", file=d.name, reason="；".join(d.errors))
              for d in documents if d.errors]
    return flags


def empty_summaries(summaries: list[Document]) -> list[Finding]:
    """Summaries with (almost) no text; a long one that gave no activity is the reader's warning."""
    flags = []
    for doc in summaries:
        chars = sum(len(b.text.strip()) for b in doc.body_blocks())
        if chars == 0 and doc.needs_ocr:
            flags.append(Finding.of(FindingKind.EMPTY_SUMMARY, "scanned", file=doc.name))
        elif chars < MIN_SUMMARY_CHARS:
            flags.append(Finding.of(FindingKind.EMPTY_SUMMARY, file=doc.name, chars=chars))
    return flags


def unscorable(summaries: list[Document], failed: list[InputError], read_nothing: bool) -> list[Finding]:
    """The submission cannot be graded: the file sent as the summary could not be read (or no file could).

    Such a society is set apart as 无法评分, not graded 0 and ranked below every society that was read.
    """
    if any(b.text.strip() for doc in summaries for b in doc.body_blocks()):
        return []
    if failed:
        why = "；".join(f"“{f.name}”：{f.reason}" for f in failed)
        return [Finding.of(FindingKind.UNSCORABLE, why=why)]
    if summaries:
        names = "、".join(f"“{d.name}”" for d in summaries)
        return [Finding.of(FindingKind.UNSCORABLE, "blank", files=names)]
    if read_nothing:
        return [Finding.of(FindingKind.UNSCORABLE, "nothing")]
    return []


def reading(warnings: list[ReadingWarning]) -> list[Finding]:
    """What the reader was unsure of (no summary recognised, a long text without activities), as flags."""
    return [Finding(indicator=None, kind=w.code, self_score=None, supported=None, message=w.message) for w in warnings]


def society_mismatch(label: str, society: str | None) -> list[Finding]:
    """Materials signed by another society than the folder (or file names) they came under."""
    named = society_in_name(label)
    if not society or not named or same_society(named, society):
        return []
    return [Finding.of(FindingKind.SOCIETY_MISMATCH, society=society, label=label)]


def over_claims(findings: list[Finding]) -> list[Finding]:
    """One flag for the 自评表's scores the materials do not support (the details are per indicator)."""
    over = [f for f in findings if f.kind in (FindingKind.OVER_CLAIM, FindingKind.NO_EVIDENCE)]
    if not over:
        return []
    claimed = sum(f.self_score or 0 for f in over)
    supported = sum(f.supported or 0 for f in over)
    return [Finding.of(FindingKind.OVER_CLAIM, "batch", count=len(over), claimed=num(claimed), support=num(supported))]


def reused(label: str, findings: list[Reuse]) -> list[Finding]:
    """One flag per other submission that sent some of the same evidence (the details are on their own sheet)."""
    by_other: dict[str, list[Reuse]] = {}
    for finding in findings:
        for this, other in ((finding.first, finding.second), (finding.second, finding.first)):
            if this.submission == label:
                by_other.setdefault(other.society, []).append(finding)
    return [
        Finding.of(FindingKind.REUSED_EVIDENCE, other=other, count=len(shared),
                   kinds="、".join(dict.fromkeys(KIND_LABELS[f.kind] for f in shared)))
        for other, shared in by_other.items()
    ]
