"""Pre-screening: what a 学会部 checks before any reviewer opens a file.

Each check returns flags with a message in Chinese that says what is wrong
and where, so the workbook can be sorted and filtered by them: required
materials missing, submitted after the deadline, files that cannot be read,
a summary too short to be one, what the reader was unsure of, materials
signed by a different society than the folder they were sent in, a
submission whose summary could not be read at all (无法评分), and evidence
another submission of the batch also sent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from assess.audit import AuditFinding
from core.vocabulary import FindingKind
from extractors.models import Document, ReadingWarning
from extractors.reuse import KIND_LABELS, Reuse
from ingest.batch.layout import same_society, society_in_name
from ingest.batch.materials import SUMMARY
from ingest.batch.submitted import Dated
from ingest.files import InputError
from rubrics.explain import num
from rubrics.schema import Rubric

# A 工作总结 with less body text than this is a cover page or a placeholder, not a summary.
MIN_SUMMARY_CHARS = 800
# Asked for when a rubric names no materials: every notice wants the summary.
DEFAULT_MATERIALS = (SUMMARY,)


@dataclass(frozen=True)
class Flag:
    kind: str
    message: str

    def to_json(self) -> dict:
        return asdict(self)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def required_materials(rubric: Rubric) -> list[str]:
    return rubric.materials or list(DEFAULT_MATERIALS)


def material_files(rubric: Rubric, kinds: dict[str, str | None]) -> dict[str, list[str]]:
    """Per required material, the files of that kind (or, for materials the classifier
    does not know, the files whose name says it)."""
    return {
        material: [name for name, kind in kinds.items() if kind == material or material in name]
        for material in required_materials(rubric)
    }


def missing_materials(rubric: Rubric, kinds: dict[str, str | None]) -> list[Flag]:
    """A flag per required material with no file for it."""
    listed = "、".join(required_materials(rubric))
    return [
        Flag("missing_material", f"缺少{material}（通知要求报送：{listed}）")
        for material, names in material_files(rubric, kinds).items()
        if not names
    ]


def lateness(deadline: date | None, stated: Dated | None, saved: Dated | None) -> tuple[date | None, list[Flag]]:
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
            flags.append(Flag("late", f"“{stated.where}”落款日期为{cn_date(stated.day)}，晚于报送截止日期{due}"))
        elif saved is not None and saved.day > deadline:
            flags.append(Flag(
                "late_metadata",
                f"“{saved.where}”的文件保存时间为{cn_date(saved.day)}，晚于截止日期{due}"
                f"（落款日期{cn_date(stated.day)}），请核实报送时间",
            ))
        return stated.day, flags
    if saved is not None:
        flags = []
        if saved.day > deadline:
            flags.append(Flag(
                "late",
                f"材料未写落款日期；“{saved.where}”的文件保存时间为{cn_date(saved.day)}，晚于报送截止日期{due}",
            ))
        return saved.day, flags
    return None, [Flag("no_date", f"材料未写落款日期，文件也无保存时间，无法核对是否在{due}前报送")]


def unreadable(failures: list[InputError], documents: list[Document]) -> list[Flag]:
    flags = [Flag("unreadable", f"无法读取“{f.name}”：{f.reason}") for f in failures]
    flags += [Flag("unreadable", f"“{d.name}”读取出错：{'；'.join(d.errors)}") for d in documents if d.errors]
    return flags


def empty_summaries(summaries: list[Document]) -> list[Flag]:
    """Summaries with (almost) no text; a long one that gave no activity is the reader's warning."""
    flags = []
    for doc in summaries:
        chars = sum(len(b.text.strip()) for b in doc.body_blocks())
        if chars == 0 and doc.needs_ocr:
            flags.append(Flag("empty_summary", f"工作总结“{doc.name}”是扫描件或图片，未能读取文字，请人工查看"))
        elif chars < MIN_SUMMARY_CHARS:
            flags.append(Flag("empty_summary", f"工作总结“{doc.name}”仅有{chars}字，内容过少，疑似空白或未完整提交"))
    return flags


def unscorable(summaries: list[Document], failed: list[InputError], read_nothing: bool) -> list[Flag]:
    """The submission cannot be graded: the file sent as the summary could not be read (or no file could).

    Such a society is set apart as 无法评分, not graded 0 and ranked below every society that was read.
    """
    if any(b.text.strip() for doc in summaries for b in doc.body_blocks()):
        return []
    if failed:
        why = "；".join(f"“{f.name}”：{f.reason}" for f in failed)
        return [Flag("unscorable", f"工作总结无法读取（{why}），无法评分，请补交可读取的工作总结")]
    if summaries:
        names = "、".join(f"“{d.name}”" for d in summaries)
        return [Flag("unscorable", f"工作总结{names}未能读出文字，无法评分，请补交可读取的工作总结")]
    if read_nothing:
        return [Flag("unscorable", "所有材料都无法读取，无法评分")]
    return []


def reading(warnings: list[ReadingWarning]) -> list[Flag]:
    """What the reader was unsure of (no summary recognised, a long text without activities), as flags."""
    return [Flag(w.code, w.message) for w in warnings]


def society_mismatch(label: str, society: str | None) -> list[Flag]:
    """Materials signed by another society than the folder (or file names) they came under."""
    named = society_in_name(label)
    if not society or not named or same_society(named, society):
        return []
    return [Flag("society_mismatch", f"“{label}”名下的材料署名为“{society}”，请核实是否放错")]


def over_claims(findings: list[AuditFinding]) -> list[Flag]:
    """One flag for the 自评表's scores the materials do not support (the details are per indicator)."""
    over = [f for f in findings if f.kind in (FindingKind.OVER_CLAIM, FindingKind.NO_EVIDENCE)]
    if not over:
        return []
    claimed = sum(f.self_score or 0 for f in over)
    supported = sum(f.supported or 0 for f in over)
    return [Flag(
        "over_claim",
        f"自评表有{len(over)}项自评分高于材料能支持的分数（自评{num(claimed)}分，材料支持{num(supported)}分），详见明细",
    )]


def reused(label: str, findings: list[Reuse]) -> list[Flag]:
    """One flag per other submission that sent some of the same evidence (the details are on their own sheet)."""
    by_other: dict[str, list[Reuse]] = {}
    for finding in findings:
        for this, other in ((finding.first, finding.second), (finding.second, finding.first)):
            if this.submission == label:
                by_other.setdefault(other.society, []).append(finding)
    return [
        Flag("reused_evidence", f"与“{other}”报送的材料有{len(shared)}处相同"
                                f"（{'、'.join(dict.fromkeys(KIND_LABELS[f.kind] for f in shared))}），详见“共用材料”表")
        for other, shared in by_other.items()
    ]
