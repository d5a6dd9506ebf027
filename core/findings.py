"""What kaohe tells a reviewer is wrong or uncertain, as one type with a stable code.

The audit of a 自评表, the reader's warnings and the batch's pre-screening all
say things of the same kind ("缺少汇总表", "“x.docx”无法读取"); each code has
its Chinese label and message wording here, once, so the CLI, the review
pages, the workbook and the accuracy report name a finding with the same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, Field

from core.span import Span


class FindingKind(StrEnum):
    """A finding's stable code (contract: `audit[].kind`, `warnings[].code`, the batch's flags)."""

    # The self-evaluation audit: a claim against what the materials support.
    OVER_CLAIM = "over_claim"
    UNDER_CLAIM = "under_claim"
    NO_EVIDENCE = "no_evidence"
    OVER_CAP = "over_cap"
    SUM_MISMATCH = "sum_mismatch"
    # The notice's own rules.
    MISSING_MATERIAL = "missing_material"
    VETO = "veto"
    # What the reader was unsure of.
    NO_SUMMARY = "no_summary"
    NO_ACTIVITIES = "no_activities"
    UNBROKEN_TEXT = "unbroken_text"
    DUPLICATE_DOCUMENT = "duplicate_document"
    UNREADABLE_CHARACTERS = "unreadable_characters"
    # The batch's pre-screening.
    LATE = "late"
    LATE_METADATA = "late_metadata"
    NO_DATE = "no_date"
    UNREADABLE = "unreadable"
    EMPTY_SUMMARY = "empty_summary"
    SOCIETY_MISMATCH = "society_mismatch"
    UNSCORABLE = "unscorable"
    FAILED = "failed"
    IGNORED = "ignored"
    REUSED_EVIDENCE = "reused_evidence"


class Wording(NamedTuple):
    """A code's label and message template; `variants` word the cases that need other sentences."""

    label: str
    template: str
    variants: Mapping[str, str] = {}


FINDINGS: dict[FindingKind, Wording] = {
    FindingKind.OVER_CLAIM: Wording(
        "自评高于材料支持", "{cell}，材料支持{support}分（{explanation}）；{basis}",
        {"deduction": "{cell}，少于材料所示应扣的{support}分；{basis}",
         "batch": "自评表有{count}项自评分高于材料能支持的分数（自评{claimed}分，材料支持{support}分），详见明细"}),
    FindingKind.UNDER_CLAIM: Wording(
        "自评低于材料支持", "{cell}，低于材料支持的{support}分（{explanation}）；{basis}",
        {"deduction": "{cell}，多于材料所示应扣的{support}分；{basis}"}),
    FindingKind.NO_EVIDENCE: Wording("无材料支持", "{cell}，但工作总结和佐证材料中未找到相关内容"),
    FindingKind.OVER_CAP: Wording("超过满分", "{cell}，超过该项满分{max}分"),
    FindingKind.SUM_MISMATCH: Wording("合计不符", "各项自评分合计{rows}分，与填报的自评总分{claimed}分不一致"),
    FindingKind.MISSING_MATERIAL: Wording("缺少材料", "缺少{material}（通知要求报送：{required}）"),
    FindingKind.VETO: Wording("一票否决", "{name}：{explanation}，按通知一票否决"),
    FindingKind.NO_SUMMARY: Wording(
        "未识别出工作总结", "材料中没有识别出工作总结，已把最长的文本“{file}”当作工作总结读取，请核实"),
    FindingKind.NO_ACTIVITIES: Wording("未识别到活动", "“{file}”有{chars}字，却没有识别出任何活动，请人工查看"),
    FindingKind.UNBROKEN_TEXT: Wording(
        "超长段落无句读", "“{file}”中有一段{chars}字的文字没有句末标点，已按逗号、空格分段读取，请人工查看"),
    FindingKind.DUPLICATE_DOCUMENT: Wording(
        "重复提交", "“{file}”与“{original}”内容完全相同，只按“{original}”读取一次，不重复计数",
        {"similar": "“{file}”与“{original}”内容几乎相同（如同一份材料的 Word 版和 PDF 版），"
                    "只按“{original}”读取一次，不重复计数"}),
    FindingKind.UNREADABLE_CHARACTERS: Wording(
        "含无法识别的字符", "“{file}”中有{count}处字符无法识别，已用“\ufffd”代替后读取，请核对原件"),
    FindingKind.LATE: Wording(
        "逾期报送", "“{where}”落款日期为{day}，晚于报送截止日期{due}",
        {"saved": "材料未写落款日期；“{where}”的文件保存时间为{day}，晚于报送截止日期{due}"}),
    FindingKind.LATE_METADATA: Wording(
        "报送时间存疑", "“{where}”的文件保存时间为{day}，晚于截止日期{due}（落款日期{stated}），请核实报送时间"),
    FindingKind.NO_DATE: Wording("无落款日期", "材料未写落款日期，文件也无保存时间，无法核对是否在{due}前报送"),
    FindingKind.UNREADABLE: Wording("无法读取", "无法读取“{file}”：{reason}", {"errors": "“{file}”读取出错：{reason}"}),
    FindingKind.EMPTY_SUMMARY: Wording(
        "总结内容过少", "工作总结“{file}”仅有{chars}字，内容过少，疑似空白或未完整提交",
        {"scanned": "工作总结“{file}”是扫描件或图片，未能读取文字，请人工查看"}),
    FindingKind.SOCIETY_MISMATCH: Wording("署名不符", "“{label}”名下的材料署名为“{society}”，请核实是否放错"),
    FindingKind.UNSCORABLE: Wording(
        "无法评分", "工作总结无法读取（{why}），无法评分，请补交可读取的工作总结",
        {"blank": "工作总结{files}未能读出文字，无法评分，请补交可读取的工作总结",
         "nothing": "所有材料都无法读取，无法评分"}),
    FindingKind.FAILED: Wording("处理失败", "{reason}"),
    FindingKind.IGNORED: Wording("未归属的文件", "“{file}”：{reason}"),
    FindingKind.REUSED_EVIDENCE: Wording(
        "与其他学会共用材料", "与“{other}”报送的材料有{count}处相同（{kinds}），详见“共用材料”表"),
}


def label(kind: str) -> str:
    """The Chinese name of a finding code, as a stored record or result writes it."""
    return FINDINGS[FindingKind(kind)].label


def message(kind: FindingKind, variant: str | None = None, **values: object) -> str:
    """The code's message (or its `variant`'s) with `values` filled in."""
    wording = FINDINGS[kind]
    return (wording.variants[variant] if variant else wording.template).format(**values)


class Finding(BaseModel):
    """One thing a reviewer should look at: its code, what it is about, the message and where it shows.

    The keys up to `evidence` are the contract's `audit[]`; `file` and `society`
    name the other subjects a finding can have and are written only when set.
    """

    indicator: str | None
    kind: FindingKind
    self_score: float | None
    supported: float | None
    message: str
    # Where it shows: for the audit, the claim's cell in the 自评表 (else the row's wording).
    evidence: list[Span] = Field(default_factory=list)
    file: str | None = Field(default=None, exclude_if=lambda value: value is None)
    society: str | None = Field(default=None, exclude_if=lambda value: value is None)

    @classmethod
    def of(cls, kind: FindingKind, variant: str | None = None, *, indicator: str | None = None,
           self_score: float | None = None, supported: float | None = None, evidence: Sequence[Span] = (),
           file: str | None = None, society: str | None = None, **values: object) -> Finding:
        """A finding worded from the table; `file`, `society` and `supported` fill the template too."""
        subject = {k: v for k, v in (("file", file), ("society", society)) if v is not None}
        return cls(indicator=indicator, kind=kind, self_score=self_score, supported=supported,
                   message=message(kind, variant, **subject, **values), evidence=list(evidence), **subject)

    @property
    def label(self) -> str:
        return FINDINGS[self.kind].label

    def flag(self) -> dict[str, str]:
        """The batch record's view: code and message."""
        return {"kind": self.kind.value, "message": self.message}
