"""How well kaohe audits whole submissions: findings, document roles, corroboration and OCR, against the audit gold.

    python -m corpora.audit_report [--set tuning|heldout] [--only KEY ...] [--json]

Each submission of a set (`tuning`: corpora/audit/submissions, the cases the
audit was tuned on; `heldout`: corpora/audit/heldout, written apart) is run as `kaohe score FILES
--self-eval 自评表` would run it, and compared with the set's gold:

- audit findings as (indicator, kind) pairs, precision and recall overall and per kind;
- the role of each document (the 自评表 is handed over as such, so it is left out);
- corroboration as (summary activity, evidence file) pairs: kaohe's summary
  activities are aligned with the summary's gold activities by their quotes
  (as in corpora.report), and each file their `corroboration` spans come from
  is a predicted link; activities resting on evidence alone are scored apart
  (right when the gold has that event; a notice's title or a news headline
  read as an event of its own is wrong, and worse when it is counted);
- OCR on every scanned page and picture of text: character error rate (the
  Levenshtein distance over the true text's length, both NFKC-normalised with
  whitespace removed) and seconds per page, model loading timed apart.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from core.findings import label
from corpora.audit import SETS, CorpusSet, summary_source
from corpora.audit.model import FINDING_KINDS
from corpora.report import Tally, _pct, _table, align

TUNING = SETS["tuning"]

Predict = Callable[[list[Path], Path, str, int], dict]


def default_predict(paths: list[Path], self_evaluation: Path, rubric_id: str, year: int) -> dict:
    from ingest.pipeline import run_files  # the pipeline is imported only when really run

    return run_files(paths, rubric_id, year, self_evaluation)


def load_gold(keys: list[str] | None = None, corpus: CorpusSet = TUNING) -> list[dict]:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus.gold.glob("*.json"))]
    return [g for g in golds if keys is None or g["key"] in keys]


def normalise(text: str) -> str:
    # Full-width and half-width forms of one character are one character; layout spaces are no characters.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def cer(found: str, truth: str) -> float:
    found, truth = normalise(found), normalise(truth)
    return Levenshtein.distance(found, truth) / max(len(truth), 1)


@dataclass
class Result:
    """One submission compared with its gold; the lists say what went wrong, for whoever fixes it."""

    key: str
    findings: dict[str, Tally] = field(default_factory=dict)
    missed_findings: list[str] = field(default_factory=list)
    extra_findings: list[str] = field(default_factory=list)
    roles: list[tuple[str, str, str | None]] = field(default_factory=list)  # file, gold, predicted
    corroboration: Tally = field(default_factory=Tally)
    missed_links: list[str] = field(default_factory=list)
    extra_links: list[str] = field(default_factory=list)
    evidence_only: list[dict] = field(default_factory=list)
    alone: Tally = field(default_factory=Tally)  # activities resting on evidence alone
    extra_alone: list[str] = field(default_factory=list)
    ocr: list[dict] = field(default_factory=list)
    seconds: float = 0.0


def _label(indicator: str | None, kind: str) -> str:
    return f"{indicator or '合计'}:{kind}"


def compare_findings(gold: dict, pred: dict, result: Result) -> None:
    expected = {(f["indicator"], f["kind"]) for f in gold["audit"]["findings"]}
    found = {(f["indicator"], f["kind"]) for f in pred.get("audit", [])}
    for kind in FINDING_KINDS:
        g = {f for f in expected if f[1] == kind}
        p = {f for f in found if f[1] == kind}
        result.findings[kind] = Tally(len(g & p), len(p), len(g & p), len(g))
    by_pair = {(f["indicator"], f["kind"]): f for f in pred.get("audit", [])}
    result.missed_findings = [_label(*f) for f in sorted(expected - found, key=str)]
    result.extra_findings = [f"{_label(*f)}（自评{by_pair[f]['self_score']}，支持{by_pair[f]['supported']}）"
                             for f in sorted(found - expected, key=str)]


def compare_roles(gold: dict, pred: dict, result: Result) -> None:
    predicted = {d["name"]: d.get("role") for d in pred.get("documents", [])}
    result.roles = [(name, role, predicted.get(name)) for name, role in gold["roles"].items()
                    if name != gold["self_evaluation"]]


def compare_corroboration(gold: dict, pred: dict, result: Result) -> None:
    names = {d["id"]: d["name"] for d in pred.get("documents", []) if d.get("id")}
    summary = gold["summary"]
    activities = pred.get("activities", [])
    claimed = [a for a in activities if any(names.get(s["document"]) == summary for s in a.get("evidence", []))]
    summary_gold = json.loads(summary_source(gold["sample"])[1].read_text(encoding="utf-8"))
    gold_ids = {pi: summary_gold["activities"][gi]["id"] for gi, pi in align(summary_gold["activities"], claimed)}
    predicted = {(gold_ids.get(pi, f"未对齐:{(a.get('title') or a['evidence'][0]['text'])[:20]}"),
                  names.get(s["document"], s["document"]))
                 for pi, a in enumerate(claimed) for s in a.get("corroboration", [])
                 if names.get(s["document"]) != summary}
    expected = {(c["activity"], f) for c in gold["corroboration"] for f in c["evidence"]}
    hit = predicted & expected
    result.corroboration = Tally(len(hit), len(predicted), len(hit), len(expected))
    result.missed_links = [f"{a} ← {f}" for a, f in sorted(expected - predicted)]
    result.extra_links = [f"{a} ← {f}" for a, f in sorted(predicted - expected)]
    # Activities resting on evidence alone: right when the gold has that event (type, file and date).
    counted = {a for i in pred.get("indicators", []) for a in i.get("activities", [])}
    alone = [a for a in activities if a not in claimed]
    right = []
    for item in gold["evidence_only"]:
        matches = [a for a in alone if a["type"] == item["type"] and a["date_start"] == item["date_start"]
                   and any(names.get(s["document"]) == item["file"] for s in a.get("evidence", []))]
        right += matches[:1]
        result.evidence_only.append({"file": item["file"], "found": bool(matches),
                                     "counted": bool(matches) and matches[0]["id"] in counted})
    result.alone = Tally(len(right), len(alone), len(right), len(gold["evidence_only"]))
    result.extra_alone = [
        f"{names.get(a['evidence'][0]['document'])}「{a['evidence'][0]['text'][:40]}」→ {a['type']}"
        f"{'，计入指标' if a['id'] in counted else ''}"
        for a in alone if a not in right]


def measure_ocr(gold: dict, result: Result, folder: Path) -> None:
    from extractors.parse import parse

    for name in dict.fromkeys(s["file"] for s in gold["scans"]):
        pages = [s for s in gold["scans"] if s["file"] == name]
        start, cpu = time.perf_counter(), time.process_time()
        document = parse((folder / name).read_bytes(), name, "d1")
        seconds = (time.perf_counter() - start) / len(pages)
        cpu = (time.process_time() - cpu) / len(pages)
        for page in pages:
            text = "".join(b.text for b in document.blocks if b.page == page["page"])
            result.ocr.append({"file": name, "page": page["page"], "quality": page["quality"],
                               "cer": cer(text, page["text"]), "chars": len(normalise(page["text"])),
                               "seconds": seconds, "cpu_seconds": cpu})


def evaluate(gold: dict, predict: Predict = default_predict, ocr: bool = True, corpus: CorpusSet = TUNING) -> Result:
    folder = corpus.submissions / gold["key"]
    result = Result(gold["key"])
    start = time.perf_counter()
    pred = predict([folder / gold["summary"], *(folder / f for f in gold["evidence"])],
                   folder / gold["self_evaluation"], gold["rubric"], gold["year"])
    result.seconds = time.perf_counter() - start
    compare_findings(gold, pred, result)
    compare_roles(gold, pred, result)
    compare_corroboration(gold, pred, result)
    if ocr:
        measure_ocr(gold, result, folder)
    return result


def _pool(tallies: list[Tally]) -> Tally:
    total = Tally()
    for t in tallies:
        total.add(t)
    return total


def _pr(tally: Tally) -> dict:
    return {k: v for k, v in tally.scores().items() if k in ("precision", "recall", "f1", "pred", "gold")}


def _ocr_summary(pages: list[dict]) -> dict:
    # Pooled over characters, so a long page weighs what it holds.
    chars = sum(p["chars"] for p in pages)
    return {"pages": len(pages),
            "cer": sum(p["cer"] * p["chars"] for p in pages) / chars if chars else None,
            "worst_cer": max((p["cer"] for p in pages), default=None),
            "seconds_per_page": sum(p["seconds"] for p in pages) / len(pages) if pages else None,
            "cpu_seconds_per_page": sum(p["cpu_seconds"] for p in pages) / len(pages) if pages else None}


def summarize(results: list[Result], model_seconds: float | None) -> dict:
    findings = {kind: _pool([r.findings[kind] for r in results]) for kind in FINDING_KINDS}
    roles = [role for r in results for role in r.roles]
    only = [item for r in results for item in r.evidence_only]
    pages = [p for r in results for p in r.ocr]
    return {
        "submissions": len(results),
        "audit": {"overall": _pr(_pool(list(findings.values()))), "kinds": {k: _pr(t) for k, t in findings.items()}},
        "roles": {"documents": len(roles),
                  "accuracy": sum(g == p for _, g, p in roles) / len(roles) if roles else None},
        "corroboration": _pr(_pool([r.corroboration for r in results])),
        "evidence_only": {**_pr(_pool([r.alone for r in results])), "found": sum(i["found"] for i in only),
                          "counted": sum(i["counted"] for i in only)},
        "ocr": {"model_seconds": model_seconds, "all": _ocr_summary(pages),
                **{q: _ocr_summary([p for p in pages if p["quality"] == q]) for q in ("clean", "degraded")}},
        "pipeline_seconds": sum(r.seconds for r in results),
    }


def _warm_ocr() -> float | None:
    """Seconds to load the OCR models, or None when OCR is not installed."""
    from extractors.parse.ocr import ocr_available

    start = time.perf_counter()
    return time.perf_counter() - start if ocr_available() else None


def run(keys: list[str] | None = None, predict: Predict = default_predict, corpus: CorpusSet = TUNING) -> dict:
    golds = load_gold(keys, corpus)
    model_seconds = _warm_ocr()
    results = [evaluate(g, predict, ocr=model_seconds is not None, corpus=corpus) for g in golds]
    return {"set": next(name for name, c in SETS.items() if c == corpus), "summary": summarize(results, model_seconds),
            "submissions": [{
                "key": r.key, "seconds": r.seconds,
                "missed_findings": r.missed_findings, "extra_findings": r.extra_findings,
                "role_errors": [{"file": f, "gold": g, "predicted": p} for f, g, p in r.roles if g != p],
                "missed_links": r.missed_links, "extra_links": r.extra_links,
                "evidence_only": r.evidence_only, "extra_alone": r.extra_alone, "ocr": r.ocr,
            } for r in results]}


SET_NAMES = {"tuning": "·调参集", "heldout": "·留出集"}
QUALITY_NAMES = {"all": "全部", "clean": "清晰扫描", "degraded": "旧扫描件"}


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def format_report(report: dict) -> str:
    s = report["summary"]
    out = [f"==== 审核语料{SET_NAMES[report['set']]}（{s['submissions']} 份材料，识别流水线共 {s['pipeline_seconds']:.1f} 秒）===="]
    out.append("【审核发现】")
    rows = [[label, _pct(v["precision"]), _pct(v["recall"]), _pct(v["f1"]), str(v["pred"]), str(v["gold"])]
            for label, v in [("全部", s["audit"]["overall"]),
                             *((f"{label(k)}（{k}）", v) for k, v in s["audit"]["kinds"].items())]]
    out.append(_table(["类别", "精确率", "召回率", "F1", "预测数", "标注数"], rows))
    out.append("【材料类型识别】")
    out.append(_table(["文档数", "准确率"], [[str(s["roles"]["documents"]), _pct(s["roles"]["accuracy"])]]))
    c, e = s["corroboration"], s["evidence_only"]
    out.append("【佐证关联（总结活动 ← 佐证文件）与仅见于佐证的活动】")
    out.append(_table(["", "精确率", "召回率", "预测数", "标注数"], [
        ["关联", _pct(c["precision"]), _pct(c["recall"]), str(c["pred"]), str(c["gold"])],
        ["仅见于佐证的活动", _pct(e["precision"]), _pct(e["recall"]), str(e["pred"]), str(e["gold"])]]))
    out.append(f"仅见于佐证的标注活动：找到 {e['found']} 个，计入指标 {e['counted']} 个")
    o = s["ocr"]
    out.append("【OCR（扫描件与图片）】")
    if o["model_seconds"] is None:
        out.append("OCR 组件不可用，未测")
    else:
        out.append(_table(["扫描质量", "页数", "字符错误率", "最差一页", "秒/页", "CPU秒/页"], [
            [QUALITY_NAMES[q], str(o[q]["pages"]), _pct(o[q]["cer"]), _pct(o[q]["worst_cer"]),
             _num(o[q]["seconds_per_page"]), _num(o[q]["cpu_seconds_per_page"])]
            for q in ("all", "clean", "degraded")]))
        # Wall-clock time grows with other work on the machine; CPU time (all threads) does not.
        out.append(f"模型加载：{o['model_seconds']:.2f} 秒（不计入每页时间）；每页时间含解析与 OCR")
    out.append("")
    out.append("【错误明细】")
    for sub in report["submissions"]:
        lines = [*(f"  漏报：{x}" for x in sub["missed_findings"]), *(f"  误报：{x}" for x in sub["extra_findings"]),
                 *(f"  类型错：{x['file']}（应为 {x['gold']}，识别为 {x['predicted']}）" for x in sub["role_errors"]),
                 *(f"  未关联：{x}" for x in sub["missed_links"]), *(f"  错关联：{x}" for x in sub["extra_links"]),
                 *(f"  仅见于佐证的活动未找到：{x['file']}" for x in sub["evidence_only"] if not x["found"]),
                 *(f"  多余活动：{x}" for x in sub["extra_alone"]),
                 *(f"  OCR：{p['file']} 第{p['page']}页 错误率 {p['cer']:.1%}" for p in sub["ocr"] if p["cer"] > 0.02)]
        out.append(f"{sub['key']}（{sub['seconds']:.1f} 秒）" + ("：无错误" if not lines else ""))
        out += lines
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpora.audit_report", description="审核语料的准确率报告")
    parser.add_argument("--set", choices=SETS, default="tuning",
                        help="调参集（tuning，审核规则据以调整）或留出集（heldout，另行编写，不据以调整）")
    parser.add_argument("--only", nargs="+", metavar="KEY", help="只评这些材料（目录名，如 kuangye）")
    parser.add_argument("--json", action="store_true", help="输出机器可读的 JSON")
    args = parser.parse_args(argv)
    try:
        report = run(args.only, corpus=SETS[args.set])
    except ImportError as error:
        print(f"无法运行识别流水线（ingest.pipeline）：{error}", file=sys.stderr)
        return 1
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
