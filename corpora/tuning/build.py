"""Build the tuning set: Word summaries (and PDFs of them) with a reviewer's gold labels.

    python -m corpora.tuning.build [--no-pdf]

Writes corpora/tuning/samples/*.docx|pdf and corpora/tuning/gold/*.json in the
schema of corpora/gold. The labels are checked against the text before anything
is written: every quote must be a sentence of the document, tallies may only
cover labelled activities, each labelled indicator must be scored and each
score must stay within the rubric, and the total must give the grade stated.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from docx.shared import RGBColor

from corpora.export import docx_to_pdf, soffice
from corpora.tuning.model import INSPECTION, Heading, Numbered, Para, Signature, Summary, Table
from corpora.tuning.summaries import SUMMARIES
from corpora.writer import HEADING_FONTS, OfficialDocument
from rubrics.loader import load_rubric

HERE = Path(__file__).parent
SAMPLES = HERE / "samples"
GOLD = HERE / "gold"
RUBRIC_ID = "jiangxi-2021-society"
YEAR = 2021


def _restarted_list(doc: OfficialDocument) -> str:
    """A new instance of the List Number numbering that counts from 1, as Word's 重新开始编号 makes."""
    numbering = doc.doc.part.numbering_part.element
    style_num = doc.doc.styles["List Number"].element.pPr.numPr.numId.val
    num = numbering.add_num(numbering.num_having_numId(style_num).abstractNumId.val)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def write_docx(summary: Summary, path: Path) -> list[str]:
    """Type the summary into Word; returns the text of every paragraph, table cell included."""
    doc = OfficialDocument(summary.title)
    texts = [summary.title]
    for block in summary.blocks:
        match block:
            case Heading(level, text) if summary.word_styles:
                # Word's own 标题 styles, recoloured black as offices do; the outline level is in the style.
                p = doc.paragraph(text, HEADING_FONTS[level], 16, indent=False, bold=level == 1)
                p.style = doc.doc.styles[f"Heading {level}"]
                p.runs[0].font.color.rgb = RGBColor(0, 0, 0)
                texts.append(text)
            case Heading(level, text):
                doc.heading(level, text)
                texts.append(text)
            case Para(text):
                doc.paragraph(text)
                texts.append(text)
            case Numbered(items):
                num_id = _restarted_list(doc)
                for text in items:
                    p = doc.paragraph(text, indent=False)
                    p.style = doc.doc.styles["List Number"]
                    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                    num_pr.get_or_add_ilvl().val = 0
                    num_pr.get_or_add_numId().val = num_id
                    texts.append(text)
            case Table(header, rows, caption):
                doc.table(list(header), [list(r) for r in rows], caption)
                texts += ([caption] if caption else []) + list(header) + [c for r in rows for c in r]
            case Signature(society, date):
                doc.signature(society, date)
                texts += [society, date]
    doc.save(path)
    return texts


def gold(summary: Summary, files: list[str]) -> dict:
    """The gold JSON of one summary, in the schema of corpora/gold."""
    rubric = load_rubric(RUBRIC_ID)
    ids = {a.key: f"g{n}" for n, a in enumerate(summary.activities, 1) if a.key}
    activities = [
        {"id": f"g{n}", "type": a.type, "title": a.title, "date_start": a.start, "date_end": a.end,
         "level": a.level, "participants": a.participants, "views": a.views, "count": a.count,
         "location": a.location, "status": a.status, "quote": a.quote, "is_tally": a.tally,
         "covers": [ids[k] for k in a.covers], "indicators": list(a.indicators), "tag": a.tag, "part": a.part,
         "december_evidence": a.december, "other_quotes": list(a.also)}
        for n, a in enumerate(summary.activities, 1)
    ]
    facts: dict[str, dict] = {}
    for s in summary.statements:
        for ind in s.indicators:
            if ind == INSPECTION:
                continue  # the 年检 is scored by its outcome, not by a count of sentences
            holder = facts.setdefault(ind, {"parts": {}})["parts"].setdefault(s.part, {}) if s.part \
                else facts.setdefault(ind, {})
            holder.setdefault("items", []).append({"count": 1})
    if summary.inspection:
        facts[INSPECTION] = {"outcome": summary.inspection}
    indicators = {i.id: {"count": summary.scores.get(i.id, (0, 0))[0], "score": float(summary.scores.get(i.id, (0, 0))[1])}
                  for c in rubric.categories for g in c.groups for i in g.indicators}
    total = sum(v["score"] for v in indicators.values())
    vetoes = next(i.rule.veto for c in rubric.categories for g in c.groups for i in g.indicators if i.id == INSPECTION)
    vetoed = summary.inspection in vetoes
    grade = rubric.grading.veto_grade if vetoed else next(b.grade for b in rubric.grading.bands if total >= b.min)
    return {"sample": summary.sample, "society": summary.society, "rubric": RUBRIC_ID, "year": YEAR,
            "files": files, "title": summary.title, "activities": activities,
            "statements": [{"quote": s.quote, "indicators": list(s.indicators), "part": s.part}
                           for s in summary.statements],
            "facts": facts, "indicators": indicators, "total": total, "vetoed": vetoed, "grade": grade}


def problems(summary: Summary, texts: list[str], labels: dict) -> list[str]:
    """Where the labels disagree with the text, the rubric or themselves (empty when they agree)."""
    rubric = load_rubric(RUBRIC_ID)
    maxima = {i.id: i.max for c in rubric.categories for g in c.groups for i in g.indicators}
    out = []
    quotes = [q for a in summary.activities for q in (a.quote, *a.also)] + [s.quote for s in summary.statements]
    out += [f"引文不在文中：{q}" for q in quotes if not any(q in t for t in texts)]
    keys = {a.key for a in summary.activities if a.key}
    out += [f"汇总覆盖了未标注的活动：{k}" for a in summary.activities for k in a.covers if k not in keys]
    out += [f"未开展的活动不应计分：{a.quote}" for a in summary.activities
            if a.indicators and a.status != "done" and not a.december]
    labelled = {i for a in summary.activities for i in a.indicators} | {i for s in summary.statements for i in s.indicators}
    scored = {i for i, (count, _) in summary.scores.items() if count}
    out += [f"有标注却未计分：{i}" for i in sorted(labelled - scored)]
    out += [f"计分却无标注：{i}" for i in sorted(scored - labelled)]
    out += [f"分值超出范围：{i}" for i, (_, score) in summary.scores.items() if not 0 <= score <= maxima.get(i, -1)]
    if labels["grade"] != summary.grade:
        out.append(f"总分{labels['total']}对应{labels['grade']}，标注为{summary.grade}")
    return [f"{summary.sample}：{p}" for p in out]


def build(pdf: bool = True) -> list[Path]:
    """Write every DOCX (and PDF when LibreOffice is there) and its gold; refuse inconsistent labels."""
    SAMPLES.mkdir(parents=True, exist_ok=True)
    GOLD.mkdir(parents=True, exist_ok=True)
    texts = {s.sample: write_docx(s, SAMPLES / f"{s.sample}.docx") for s in SUMMARIES}
    docx = [SAMPLES / f"{s.sample}.docx" for s in SUMMARIES]
    pdfs = docx_to_pdf(docx, SAMPLES) if pdf and soffice() else []
    labels = {s.sample: gold(s, [f"{s.sample}.docx"] + ([f"{s.sample}.pdf"] if pdfs else [])) for s in SUMMARIES}
    errors = [p for s in SUMMARIES for p in problems(s, texts[s.sample], labels[s.sample])]
    if errors:
        raise ValueError("标注与文本不一致：\n" + "\n".join(errors))
    written = []
    for sample, data in labels.items():
        written.append(GOLD / f"{sample}.json")
        written[-1].write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return docx + pdfs + written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpora.tuning.build", description="生成手写调校集及其标注")
    parser.add_argument("--no-pdf", action="store_true", help="只生成 DOCX，不导出 PDF")
    args = parser.parse_args(argv)
    try:
        paths = build(pdf=not args.no_pdf)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print("\n".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
