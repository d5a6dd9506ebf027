"""A society's completeness check before it submits (`kaohe check`, the service's 材料自查 page).

Three lists, and no score: the materials the notice requires that are not
there; the rows of the society's own 自评表 that claim points with nothing
found behind them; the files that could not be read, each with what to do.
Nothing is stored. kaohe's counts, scores, ranges and confidence are left out
on purpose: a society must not be able to tune its wording against the matcher
(see `assess.completeness`).
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field

from assess.completeness import RowCheck, check_rows
from assess.materials import material_files
from extractors.evidence import IMAGE_KINDS
from extractors.models import Document
from ingest.batch.checks import cn_date
from ingest.batch.work import sort_materials
from ingest.files import InputError, InputFile
from ingest.pipeline import process
from rubrics.loader import load_rubric

# What to do about a file that could not be read, by the words of the reason; the last one is the default.
ADVICE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"加密"), "请取消文件的密码保护（在 Word、WPS 或 PDF 软件中另存为不加密的文件）后重新上传"),
    (re.compile(r"为空|没有文件"), "文件没有内容：请确认选对了文件，重新保存或导出后再上传"),
    (re.compile(r"过大|过多|上限|压缩炸弹"), "请拆分或压缩后分别上传（如把长文档按章节拆开、把图片缩小）"),
    (re.compile(r"不支持的文件类型|旧版 Office|不符|压缩包"),
     "请另存为 DOCX、PDF（含文字）、XLSX 或 TXT 后上传；压缩包请解开后分别上传或重新打包"),
    (re.compile(r""), "文件可能已损坏：请在本机打开确认无误，重新导出（另存为 DOCX 或 PDF）后上传"),
)
NO_TEXT = "扫描件或图片，没有读出文字"
NO_TEXT_ADVICE = "请上传 Word 原件或由 Word 导出的 PDF；只有扫描件时，请重新清晰、端正地扫描（不低于 300 dpi）"


class MaterialCheck(BaseModel):
    material: str
    files: list[str] = Field(default_factory=list)


class Unreadable(BaseModel):
    file: str
    reason: str
    advice: str


class Checklist(BaseModel):
    """What `kaohe check --json` prints (and `POST /api/check` returns)."""

    # id, title and the notice's deadline (ISO date, or None when the notice sets none).
    rubric: dict[str, str | None]
    materials: list[MaterialCheck]
    # The 自评表 read row by row, if one was among the files.
    self_evaluation: str | None = None
    rows: list[RowCheck] = Field(default_factory=list)
    unreadable: list[Unreadable] = Field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [m.material for m in self.materials if not m.files]

    @property
    def unfounded(self) -> list[RowCheck]:
        return [row for row in self.rows if not row.found]

    @property
    def complete(self) -> bool:
        return not (self.missing or self.unfounded or self.unreadable)

    def to_json(self) -> dict:
        return {**self.model_dump(mode="json"), "missing": self.missing, "complete": self.complete}


def check_materials(
    files: list[InputFile], failures: list[InputError], rubric_id: str, year: int | None = None
) -> Checklist:
    """The checklist for one society's draft materials against the rubric `rubric_id`."""
    rubric = load_rubric(rubric_id)
    failures = list(failures)
    sorted_files = sort_materials(files, "", failures)
    submission = process(sorted_files.evidence, rubric.id, year or rubric.year, failures,
                         sorted_files.self_evaluation)
    claims_document = submission.self_evaluation_document
    documents = [*submission.documents, *sorted_files.claims, *([claims_document] if claims_document else [])]
    unreadable = [Unreadable(file=f.name, reason=f.reason, advice=_advice(f.reason)) for f in submission.failures]
    unreadable += [Unreadable(file=d.name, reason=NO_TEXT, advice=NO_TEXT_ADVICE) for d in documents if _no_text(d)]
    # A material counts as sent only if it can be read: an encrypted 自评表 is as good as none.
    bad = {u.file for u in unreadable}
    kinds = {name: kind for name, kind in sorted_files.kinds.items() if name not in bad}
    rows = []
    if submission.self_evaluation is not None and claims_document.name not in bad:
        rows = check_rows(rubric, submission.self_evaluation, submission.proposals, submission.activities,
                          submission.documents)
    return Checklist(
        rubric={"id": rubric.id, "title": rubric.title,
                "deadline": rubric.deadline.isoformat() if rubric.deadline else None},
        materials=[MaterialCheck(material=m, files=names) for m, names in material_files(rubric, kinds).items()],
        self_evaluation=claims_document.name if claims_document else None,
        rows=rows,
        unreadable=unreadable,
    )


def _advice(reason: str) -> str:
    return next(advice for pattern, advice in ADVICE if pattern.search(reason))


def _no_text(document: Document) -> bool:
    """A page-based file that gave no text at all; a photo of an event has none and needs none."""
    return document.kind not in IMAGE_KINDS and not document.text.strip()


def render_lines(checklist: Checklist) -> list[str]:
    """The checklist as plain lines in Chinese (the CLI prints them; the page shows the same items)."""
    lines = [f"材料自查：{checklist.rubric['title']}（{checklist.rubric['id']}）",
             "本清单只列出缺漏，不评分，也不给出建议分。"]
    if deadline := deadline_text(checklist):
        lines.append(deadline)
    lines += ["", "一、通知要求报送的材料"]
    for m in checklist.materials:
        lines.append(f"  ✓ {m.material}：{'、'.join(m.files)}" if m.files else f"  ✗ {m.material}：未找到")
    lines += ["", "二、自评表逐行核对"]
    if checklist.self_evaluation is None:
        lines.append("  未上传可读取的自评表，未逐行核对")
    elif not checklist.rows:
        lines.append(f"  “{checklist.self_evaluation}”中没有读出填了自评分的行")
    for row in checklist.rows:
        lines.append(f"  {'✓' if row.found else '✗'} {row_title(row)}")
        lines.append(f"      {row_status(row)}")
    lines += ["", "三、无法读取的文件"]
    if not checklist.unreadable:
        lines.append("  无")
    for u in checklist.unreadable:
        lines.append(f"  ✗ {u.file}：{u.reason}")
        lines.append(f"      处理办法：{u.advice}")
    lines += ["", conclusion(checklist)]
    return lines


def deadline_text(checklist: Checklist) -> str:
    deadline = checklist.rubric["deadline"]
    return f"通知规定的报送截止日期：{cn_date(date.fromisoformat(deadline))}" if deadline else ""


def row_title(row: RowCheck) -> str:
    path = " / ".join(row.path)
    return f"{path + '：' if path else ''}{row.wording}（自评{row.self_score:g}分）"


def row_status(row: RowCheck) -> str:
    if not row.matched:
        return "未能对应到评分表中的指标，无法核对：请照通知所附自评表的原文填写该行"
    if not row.found:
        return "未找到相关活动或佐证"
    places = "；".join(p.file + (f" 第{p.page}页" if p.page else "") for p in row.found_in)
    return f"找到相关活动或佐证：{places}" if places else "找到相关活动或佐证"


def conclusion(checklist: Checklist) -> str:
    if checklist.complete:
        return "结论：未发现缺漏。"
    parts = [f"缺少材料{len(checklist.missing)}项" if checklist.missing else "",
             f"自评表有{len(checklist.unfounded)}行未找到相关活动或佐证" if checklist.unfounded else "",
             f"{len(checklist.unreadable)}个文件无法读取" if checklist.unreadable else ""]
    return "结论：" + "，".join(p for p in parts if p) + "，请补充后再报送。"
