"""Build the audit corpus: each submission's files, and the gold a careful evaluator writes for it.

    python -m corpora.audit.build [--set tuning|heldout]

Reads corpora/audit/submissions.yaml and writes corpora/audit/submissions/<key>/
(the summary copied from corpora/samples, the filled 自评表, the evidence) and
corpora/audit/gold/<key>.json.
Needs LibreOffice and fonts-noto-cjk (corpora/install-tools.sh).

The gold comes from what is built, never from kaohe: what the materials
support per indicator is the summary's gold (corpora/gold) raised by events
only evidence reports; the findings are the submission's own list, checked
here against the rule each finding kind states; the true text of a scan is
the text layer of the page it was scanned from (or the lines drawn).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
import zlib
from dataclasses import asdict
from pathlib import Path

import yaml

from corpora.audit import SETS, CorpusSet, render, summary_source
from corpora.audit.model import FINDING_KINDS, ROLES, Evidence, EvidenceOnly, Finding, Paper, Submission
from corpora.audit.papers import sign_in
from corpora.export import docx_to_pdf
from rubrics.loader import load_rubric
from rubrics.schema import Rubric
from corpora.forms import METEOROLOGY, MINING, REPHRASED, Row, jiangxi_docx, jiangxi_xlsx

HERE = Path(__file__).parent
RUBRIC_ID = "jiangxi-2021-society"
YEAR = 2021
# Rows typed from the form as the fixture tables type them: copied, cut short, or rephrased.
WORDINGS = {"full": MINING, "short": METEOROLOGY, "rephrased": REPHRASED}


def load_submissions(path: Path) -> list[Submission]:
    """The submissions written in `path` (YAML), as records."""
    submissions = []
    for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
        evidence = []
        for item in raw.pop("evidence", []):
            if "sign_in" in item:
                item["paper"] = sign_in(**item.pop("sign_in"))
            elif "paper" in item:
                item["paper"] = Paper(**item["paper"])
            item["adds"] = [EvidenceOnly(**add) for add in item.get("adds", [])]
            evidence.append(Evidence(**item))
        findings = [Finding(**f) for f in raw.pop("findings", [])]
        submissions.append(Submission(**raw, evidence=evidence, findings=findings))
    return submissions


def sample_gold(sample: str) -> dict:
    return json.loads(summary_source(sample)[1].read_text(encoding="utf-8"))


def supported(sub: Submission, summary: dict) -> dict[str, float]:
    """Points per indicator the materials support: the summary's gold, raised where evidence adds events."""
    return {ind: float(v["score"]) for ind, v in summary["indicators"].items()} | sub.support


def shown(sub: Submission, summary: dict) -> set[str]:
    """Indicators that something in the materials speaks to (an event, a statement, an evidence-only event)."""
    found = {ind for a in summary["activities"] for ind in a["indicators"]}
    found |= {ind for s in summary["statements"] for ind in s["indicators"]}
    return found | {add.indicator for e in sub.evidence for add in e.adds}


def expected_findings(rubric: Rubric, claims: dict[str, float], support: dict[str, float], found: set[str],
                      claimed_total: float) -> list[tuple[str | None, str]]:
    """The findings each kind's rule gives (the issue's definitions applied to what was built)."""
    result = []
    for _, _, ind in rubric.indicators():
        claim, have = claims[ind.id], support[ind.id]
        if claim > ind.max:
            result.append((ind.id, "over_cap"))
        if claim > 0 and ind.id not in found:
            result.append((ind.id, "no_evidence"))
        elif min(claim, ind.max) > have:
            result.append((ind.id, "over_claim"))
        elif claim < have:
            result.append((ind.id, "under_claim"))
    if claimed_total != sum(claims.values()):
        result.append((None, "sum_mismatch"))
    return result


def check(sub: Submission, summary: dict, rubric: Rubric, claims: dict[str, float],
          support: dict[str, float], claimed_total: float) -> None:
    """Refuse to write a submission whose stated findings or links do not follow from what it contains."""
    stated = sorted((f.indicator or "", f.kind) for f in sub.findings)
    derived = sorted((i or "", k) for i, k in
                     expected_findings(rubric, claims, support, shown(sub, summary), claimed_total))
    if stated != derived:
        raise ValueError(f"{sub.key}: stated findings {stated} but the claims give {derived}")
    by_id = {a["id"]: a for a in summary["activities"]}
    for e in sub.evidence:
        if e.role not in ROLES:
            raise ValueError(f"{sub.key}: {e.file} has an unknown role {e.role}")
        for gid in e.corroborates:
            activity = by_id.get(gid)
            if activity is None or not (activity["status"] == "done" or activity["december_evidence"]):
                raise ValueError(f"{sub.key}: {e.file} corroborates {gid}, which is no event of the year")
    if not all(f.kind in FINDING_KINDS for f in sub.findings):
        raise ValueError(f"{sub.key}: unknown finding kind")


def basis(sub: Submission, summary: dict, indicator: str, claim: float) -> str:
    """The 自评依据 an office writes: its own words where set, else the summary's sentences for the row."""
    if indicator in sub.basis:
        return sub.basis[indicator]
    if claim == 0:
        return ""
    quotes = [a["quote"] for a in summary["activities"] if indicator in a["indicators"] and not a["is_tally"]]
    quotes += [s["quote"] for s in summary["statements"] if indicator in s["indicators"]]
    return "；".join(q.rstrip("。") for q in quotes[:2])


def table_rows(sub: Submission, summary: dict, rubric: Rubric, claims: dict[str, float]) -> list[Row]:
    wording = {row.indicator: row.wording for row in WORDINGS[sub.wording]}
    return [Row(ind.id, wording[ind.id], f"{claims[ind.id]:g}", basis(sub, summary, ind.id, claims[ind.id]))
            for _, _, ind in rubric.indicators()]


def _seed(sub: Submission, name: str) -> int:
    return zlib.crc32(f"{sub.key}/{name}".encode())


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Builder:
    """Writes all submissions; Word files that must become PDFs are exported in one LibreOffice run."""

    def __init__(self, rubric: Rubric, work: Path, folder: Path):
        self.rubric = rubric
        self.folder = folder
        self.work = work
        self.exports: list[tuple[Submission, Path, Evidence | None]] = []  # (submission, docx, evidence or 自评表)
        self.scans: dict[str, list[dict]] = {}

    def submission(self, sub: Submission) -> dict:
        summary = sample_gold(sub.sample)
        support = supported(sub, summary)
        claims = support | sub.claims
        rows_total = sum(claims.values())
        claimed_total = sub.typed_total if sub.typed_total is not None else rows_total
        check(sub, summary, self.rubric, claims, support, claimed_total)
        folder = self.folder / sub.key
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        shutil.copyfile(summary_source(sub.sample)[0] / f"{sub.sample}.{sub.summary_form}", folder / sub.summary_name)
        self._table(sub, summary, claims, claimed_total, folder)
        self.scans[sub.key] = []
        for e in sub.evidence:
            self._evidence(sub, e, folder)
        return self._gold(sub, summary, claims, support, rows_total, claimed_total)

    def _table(self, sub: Submission, summary: dict, claims: dict[str, float], total: float, folder: Path) -> None:
        rows, society = table_rows(sub, summary, self.rubric, claims), summary["society"]
        if sub.table_form == "xlsx":
            jiangxi_xlsx(folder / sub.table_name, self.rubric, society, rows, f"{total:g}")
        elif sub.table_form == "docx":
            jiangxi_docx(folder / sub.table_name, self.rubric, society, rows, f"{total:g}")
        else:
            source = jiangxi_docx(self.work / f"{sub.key}-{Path(sub.table_name).stem}.docx", self.rubric, society,
                                  rows, f"{total:g}")
            self.exports.append((sub, source, None))

    def _evidence(self, sub: Submission, e: Evidence, folder: Path) -> None:
        if e.form == "docx":
            render.write_docx(e.paper, folder / e.file)
        elif e.form in ("pdf", "scan", "scan_pdf"):
            source = render.write_docx(e.paper, self.work / f"{sub.key}-{Path(e.file).stem}.docx")
            self.exports.append((sub, source, e))
        elif e.form == "drawn":
            render.save_png(render.draw_page(e.paper), folder / e.file)
            self.scans[sub.key].append({"file": e.file, "page": 1, "quality": e.quality,
                                        "text": _plain("".join(e.paper.lines()))})
        else:
            render.save_jpeg(render.draw_photo(e.banner, e.setting, _seed(sub, e.file)), folder / e.file)

    def finish_exports(self) -> None:
        """Export the queued Word files and put each PDF, scan or exported 自评表 in its place."""
        if not self.exports:
            return
        pdfs = docx_to_pdf([source for _, source, _ in self.exports], self.work / "pdf")
        for (sub, _, e), pdf in zip(self.exports, pdfs):
            folder = self.folder / sub.key
            if e is None:
                shutil.copyfile(pdf, folder / sub.table_name)
            elif e.form == "pdf":
                shutil.copyfile(pdf, folder / e.file)
            else:
                pages = render.scan_pages(pdf, e.quality == "degraded", _seed(sub, e.file))
                if e.form == "scan":
                    if len(pages) != 1:
                        raise ValueError(f"{sub.key}: {e.file} is one picture but its paper takes {len(pages)} pages")
                    render.save_jpeg(pages[0][0], folder / e.file)
                else:
                    render.save_image_pdf([image for image, _ in pages], folder / e.file)
                self.scans[sub.key] += [{"file": e.file, "page": n, "quality": e.quality, "text": text}
                                        for n, (_, text) in enumerate(pages, start=1)]

    def _gold(self, sub: Submission, summary: dict, claims: dict[str, float], support: dict[str, float],
              rows_total: float, claimed_total: float) -> dict:
        quotes = {a["id"]: a["quote"] for a in summary["activities"]}
        links: dict[str, list[str]] = {}
        for e in sub.evidence:
            for gid in e.corroborates:
                links.setdefault(gid, []).append(e.file)
        return {
            "key": sub.key,
            "society": summary["society"],
            "rubric": RUBRIC_ID,
            "year": YEAR,
            "sample": sub.sample,
            "summary": sub.summary_name,
            "self_evaluation": sub.table_name,
            "evidence": [e.file for e in sub.evidence],
            "roles": {sub.summary_name: "summary", sub.table_name: "self_evaluation",
                      **{e.file: e.role for e in sub.evidence}},
            "audit": {
                "claims": claims, "supported": support, "rows_total": rows_total, "claimed_total": claimed_total,
                "findings": [asdict(f) for f in sub.findings],
            },
            "corroboration": [{"activity": gid, "quote": quotes[gid], "evidence": files}
                              for gid, files in sorted(links.items(), key=lambda kv: int(kv[0][1:]))],
            "evidence_only": [{"file": e.file, **asdict(add)} for e in sub.evidence for add in e.adds],
            "photos": [{"file": e.file, "banner": e.banner} for e in sub.evidence if e.form == "photo"],
        }


def build(corpus: CorpusSet) -> int:
    """Write every submission of `corpus` and its gold; the number written."""
    rubric = load_rubric(RUBRIC_ID)
    corpus.gold.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        builder = Builder(rubric, Path(tmp), corpus.submissions)
        golds = [builder.submission(sub) for sub in load_submissions(corpus.source)]
        builder.finish_exports()
    for gold in golds:
        gold["scans"] = builder.scans[gold["key"]]
        (corpus.gold / f"{gold['key']}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n",
                                                          encoding="utf-8")
    return len(golds)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m corpora.audit.build", description="生成审核语料")
    parser.add_argument("--set", choices=SETS, default="tuning", help="调参集（tuning）或留出集（heldout）")
    corpus = SETS[parser.parse_args(argv).set]
    count = build(corpus)
    size = sum(p.stat().st_size for p in corpus.submissions.rglob("*") if p.is_file())
    print(f"已生成 {count} 份材料（{corpus.submissions.name}），共 {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
