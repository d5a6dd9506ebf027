"""Societies' submissions as a 学会部 receives them, built from the sample corpus.

Each society folder holds what the Jiangxi notice asks for: its 工作总结 (a
corpus sample, DOCX or PDF, renamed the way offices name it), a 自评表 (XLSX
with the notice's indicator rows, self scores and 填表日期), its 汇总表 (DOCX,
the notice's first table) and 佐证材料 in a subfolder. Builders can leave a
material out, move the signature date past the deadline, or drop it and
date the file instead, to produce the cases pre-screening must flag.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path

from docx import Document

from corpora.batch_benchmark import meeting_notice, self_evaluation
from corpora.texts.societies import SOCIETIES
from ingest.batch.run import BatchReport

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "corpora" / "samples"
FIXTURES = REPO / "tests" / "fixtures"
NOTICE = FIXTURES / "notices" / "jiangxi-2021.txt"
NAMES = {s.stem: s.name for s in SOCIETIES}
SIGNED = "2021年11月26日"  # the date under every corpus summary


def summary_table(path: Path, society: str) -> Path:
    doc = Document()
    doc.add_paragraph("2021年度省级学会主要工作情况汇总表")
    doc.add_paragraph("一、2021年度省级学会举办（承办）高层次、重大学术活动情况")
    table = doc.add_table(rows=2, cols=7)
    for c, text in enumerate(["学会名称", "活动名称", "主题", "时间", "规模", "邀请院士", "编印论文集（册数）"]):
        table.cell(0, c).text = text
    for c, text in enumerate([society, "2021年学术年会", "学科发展", "2021年6月", "200人", "", ""]):
        table.cell(1, c).text = text
    doc.save(path)
    return path


def redate_summary(source: Path, target: Path, signed: str | None, saved: datetime | None = None) -> Path:
    """The sample summary with its signature date changed (or removed) and its save time set."""
    doc = Document(source)
    for paragraph in doc.paragraphs:
        if paragraph.text.strip() == SIGNED:
            if signed is None:
                paragraph._p.getparent().remove(paragraph._p)
            else:
                paragraph.runs[0].text = signed
                for run in paragraph.runs[1:]:
                    run.text = ""
    if saved is not None:
        doc.core_properties.modified = saved
        doc.core_properties.created = saved
    doc.save(target)
    return target


def empty_summary(path: Path, society: str) -> Path:
    doc = Document()
    doc.add_paragraph(f"{society}2021年工作总结")
    doc.add_paragraph("（待补充）")
    doc.add_paragraph(society)
    doc.add_paragraph(SIGNED)
    doc.save(path)
    return path


def society_folder(
    root: Path,
    stem: str,
    *,
    fmt: str = "docx",
    omit: tuple[str, ...] = (),
    signed: str | None = SIGNED,
    saved: datetime | None = None,
    filled: str | None = "2021年11月25日",
) -> Path:
    """One society's folder as it arrives; `omit` leaves out materials by kind."""
    name = NAMES[stem]
    folder = root / name
    folder.mkdir(parents=True)
    summary = folder / f"{name}2021年工作总结.{fmt}"
    if signed == SIGNED and saved is None:
        shutil.copy(SAMPLES / f"{stem}.{fmt}", summary)
    else:
        redate_summary(SAMPLES / f"{stem}.docx", summary, signed, saved)
    if "自评表" not in omit:
        self_evaluation(folder / "2021年度学会工作考核自评表.xlsx", name, filled)
    if "汇总表" not in omit:
        summary_table(folder / "主要工作情况汇总表.docx", name)
    if "佐证材料" not in omit:
        (folder / "佐证材料").mkdir()
        meeting_notice(folder / "佐证材料" / "关于召开2021年学术年会的通知.docx", name)
    return folder


def notice(root: Path) -> Path:
    """The notice itself, as the 学会部 keeps it beside the submissions."""
    target = root / "关于开展2021年度省级学会考核的通知.txt"
    shutil.copy(NOTICE, target)
    return target


# ---- one realistic year ----------------------------------------------------------

RUBRIC = "jiangxi-2021-society"
COMPLETE = "01_kuangye"
COMPLETE_PDF = "07_zhongyiyao"
INCOMPLETE = "02_zuowu"
LATE = "05_qixiang"
SAVED_LATE = "06_dizhi"
EMPTY = "江西省心理学会"


@dataclass
class Batch:
    root: Path
    report: BatchReport

    def row(self, society: str):
        return next(r for r in self.report.rows if r.society == society)


def build_year(root: Path) -> Path:
    society_folder(root, COMPLETE)
    society_folder(root, COMPLETE_PDF, fmt="pdf")
    society_folder(root, INCOMPLETE, omit=("自评表", "汇总表"))
    society_folder(root, LATE, signed="2021年12月6日")
    # 02:00 on 3 December in Beijing is still 2 December in UTC, as Word stores it.
    society_folder(root, SAVED_LATE, signed=None, filled=None,
                   saved=datetime(2021, 12, 2, 18, 0, tzinfo=UTC))
    empty = root / EMPTY
    (empty / "佐证材料").mkdir(parents=True)
    empty_summary(empty / "工作总结.docx", EMPTY)
    self_evaluation(empty / "自评表.xlsx", EMPTY)
    shutil.copy(FIXTURES / "corrupt.pdf", empty / "佐证材料" / "年会照片.pdf")
    notice(root)
    return root
