"""How well kaohe reads the sample summaries: its output compared with the gold labels.

    python -m corpora.report [--set samples|tuning|real-dev|real-test] [--kind docx|pdf|txt|all] [--json]
    python -m corpora.report --set real-dev-scores|real-test-scores [--json]

`samples` are the generated summaries and `tuning` the hand-written ones
(once held out, now tuned on); `real-dev` and `real-test` are the two parts
of the labelled real texts (`corpora/real`), each text handed in alone as
TXT, DOCX and PDF. `real-test` is frozen: print it once at the end of a
piece of work, never to choose between changes. `real-dev-scores` and
`real-test-scores` compare kaohe's per-indicator scores on the real
summaries with a reviewer's hand scores (`corpora/real/scores`).

Predicted activities are aligned one-to-one with gold activities by how much
their evidence text overlaps the gold quote (same type breaks ties). On the
aligned pairs each field is scored; per indicator, the activities kaohe
assigned are checked against the gold assignment; totals and grades are
compared per document. DOCX and PDF are reported apart, since the PDF path
loses layout the DOCX path keeps.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from extractors.reader import ReaderPolicy, using

HERE = Path(__file__).parent
SAMPLES = HERE / "samples"
GOLD = HERE / "gold"
# The generated samples and the hand-written summaries: both have been tuned on.
SETS = {"samples": (SAMPLES, GOLD), "tuning": (HERE / "tuning" / "samples", HERE / "tuning" / "gold")}
REAL_SETS = ("real-dev", "real-test")
# The real summaries a reviewer scored by hand (corpora/real/scores): per-indicator agreement and total error.
SCORE_SETS = ("real-dev-scores", "real-test-scores")
FIELDS = ("type", "date_start", "date_end", "level", "participants", "views", "count", "status", "location")
# Fields every activity has: plain accuracy. The rest may be null: precision and recall of the non-null values.
ALWAYS = {"type", "count", "status"}
MIN_OVERLAP = 0.6
MIN_CHARS = 6

Predict = Callable[[list[Path], str, int], dict]


def default_predict(paths: list[Path], rubric_id: str, year: int) -> dict:
    from ingest.pipeline import run_files  # the pipeline is imported only when really run

    return run_files(paths, rubric_id, year)


def _norm(text: str) -> str:
    # PDF text carries line breaks and stray spaces inside sentences; the words are what count.
    return re.sub(r"\s+", "", text or "")


def overlap(quote: str, text: str) -> float:
    """Share of the shorter text covered by the longest run the two have in common."""
    a, b = _norm(quote), _norm(text)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size / min(len(a), len(b)) if m.size >= MIN_CHARS else 0.0


def _quotes(gold_activity: dict) -> list[str]:
    return [gold_activity["quote"], *gold_activity.get("other_quotes", [])]


def _evidence(pred_activity: dict) -> list[str]:
    return [e.get("text", "") for e in pred_activity.get("evidence", [])]


def _best(quotes: list[str], texts: list[str]) -> float:
    return max((overlap(q, t) for q in quotes for t in texts), default=0.0)


def align(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), greedily by overlap, same type first on ties."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            score = _best(_quotes(g), _evidence(p))
            if score >= MIN_OVERLAP:
                candidates.append((score + (0.01 if g["type"] == p.get("type") else 0.0), gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return sorted(pairs)


def same(field_name: str, gold_value, pred_value) -> bool:
    if field_name == "location" and gold_value and pred_value:
        g, p = _norm(gold_value), _norm(pred_value)
        return g in p or p in g
    return gold_value == pred_value


@dataclass
class Tally:
    """Counts behind one precision/recall figure."""

    tp_pred: int = 0
    pred: int = 0
    tp_gold: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.tp_pred += other.tp_pred
        self.pred += other.pred
        self.tp_gold += other.tp_gold
        self.gold += other.gold

    def scores(self) -> dict:
        p = self.tp_pred / self.pred if self.pred else None
        r = self.tp_gold / self.gold if self.gold else None
        f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        return {"precision": p, "recall": r, "f1": f1, "pred": self.pred, "gold": self.gold}


@dataclass
class DocResult:
    sample: str
    kind: str
    detection: Tally = field(default_factory=Tally)
    fields: dict[str, Tally] = field(default_factory=dict)
    field_equal: dict[str, list[int]] = field(default_factory=dict)  # field → [equal, matched]
    indicators: dict[str, Tally] = field(default_factory=dict)
    counts: dict[str, bool] = field(default_factory=dict)
    score_errors: dict[str, float] = field(default_factory=dict)
    total_error: float | None = None
    grade_match: bool | None = None
    # (confidence, right) per proposal: the reliability table's data.
    calls: list[tuple[float, bool]] = field(default_factory=list)


def evaluate(gold: dict, pred: dict, kind: str = "docx") -> DocResult:
    """Compare one document's prediction (contract JSON) with its gold."""
    result = DocResult(gold["sample"], kind)
    g_acts, p_acts = gold["activities"], pred.get("activities", [])
    pairs = align(g_acts, p_acts)
    matched_p = {pi for _, pi in pairs}
    statements = [s["quote"] for s in gold.get("statements", [])]
    # A prediction that picked up a statement (制度上墙, 年检合格) is no event, but no false alarm either.
    neutral = {pi for pi, p in enumerate(p_acts)
               if pi not in matched_p and _best(statements, _evidence(p)) >= MIN_OVERLAP}
    result.detection = Tally(len(pairs), len(p_acts) - len(neutral), len(pairs), len(g_acts))

    for name in FIELDS:
        tally, equal = Tally(), [0, len(pairs)]
        for gi, pi in pairs:
            g, p = g_acts[gi].get(name), p_acts[pi].get(name)
            ok = same(name, g, p)
            equal[0] += ok
            if p is not None:
                tally.pred += 1
                tally.tp_pred += ok
            if g is not None:
                tally.gold += 1
                tally.tp_gold += ok
        result.fields[name], result.field_equal[name] = tally, equal

    pred_indicators = {i["id"]: i for i in pred.get("indicators", [])}
    by_id = {p.get("id"): p for p in p_acts}
    for ind, g in gold["indicators"].items():
        gold_items = [_quotes(a) for a in g_acts if ind in a["indicators"]]
        gold_items += [[s["quote"]] for s in gold.get("statements", []) if ind in s["indicators"]]
        proposal = pred_indicators.get(ind, {})
        texts = [_evidence(by_id[a]) for a in proposal.get("activities", []) if a in by_id]
        texts += [[e.get("text", "")] for e in proposal.get("evidence", [])]
        tally = Tally(
            tp_pred=sum(any(_best(q, t) >= MIN_OVERLAP for q in gold_items) for t in texts), pred=len(texts),
            tp_gold=sum(any(_best(q, t) >= MIN_OVERLAP for t in texts) for q in gold_items), gold=len(gold_items),
        )
        result.indicators[ind] = tally
        result.counts[ind] = proposal.get("proposed_count", 0) == g["count"]
        result.score_errors[ind] = abs(float(proposal.get("proposed_score", 0.0)) - g["score"])
        if "confidence" in proposal:
            result.calls.append((proposal["confidence"], right(proposal, g)))

    if pred.get("total") is not None:
        result.total_error = abs(float(pred["total"]) - gold["total"])
        result.grade_match = pred.get("grade") == gold["grade"]
    return result


def right(proposal: dict, gold_indicator: dict) -> bool:
    """A proposal is right when its score is the gold score."""
    return abs(float(proposal.get("proposed_score", 0.0)) - gold_indicator["score"]) < 0.005


# Confidence bins of the reliability table: [low, high).
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def reliability(calls: list[tuple[float, bool]]) -> list[dict]:
    """Per confidence bin: how many proposals, and the share of them that were right."""
    rows = []
    for low, high in zip(BINS, BINS[1:]):
        chosen = [ok for c, ok in calls if low <= c < high]
        rows.append({"from": low, "to": min(high, 1.0), "count": len(chosen),
                     "right": sum(chosen) / len(chosen) if chosen else None})
    trusted = [ok for c, ok in calls if c >= 0.8]
    return rows + [{"from": 0.8, "to": 1.0, "count": len(trusted),
                    "right": sum(trusted) / len(trusted) if trusted else None, "trusted": True}]


def summarize(results: list[DocResult]) -> dict:
    """Pool the counts of many documents into the report's figures."""
    detection = Tally()
    fields = {name: Tally() for name in FIELDS}
    equal = {name: [0, 0] for name in FIELDS}
    indicators: dict[str, Tally] = {}
    counts: dict[str, list[int]] = {}
    errors: dict[str, list[float]] = {}
    for r in results:
        detection.add(r.detection)
        for name in FIELDS:
            fields[name].add(r.fields[name])
            equal[name][0] += r.field_equal[name][0]
            equal[name][1] += r.field_equal[name][1]
        for ind, tally in r.indicators.items():
            indicators.setdefault(ind, Tally()).add(tally)
            counts.setdefault(ind, []).append(int(r.counts[ind]))
            errors.setdefault(ind, []).append(r.score_errors[ind])
    totals = [r.total_error for r in results if r.total_error is not None]
    grades = [r.grade_match for r in results if r.grade_match is not None]
    return {
        "documents": len(results),
        "detection": detection.scores(),
        "fields": {
            name: {"accuracy": equal[name][0] / equal[name][1] if equal[name][1] else None,
                   **({} if name in ALWAYS else {k: v for k, v in fields[name].scores().items() if k != "f1"})}
            for name in FIELDS
        },
        "indicators": {
            ind: {**{k: v for k, v in tally.scores().items() if k in ("precision", "recall")},
                  "count_accuracy": sum(counts[ind]) / len(counts[ind]),
                  "score_mae": sum(errors[ind]) / len(errors[ind])}
            for ind, tally in sorted(indicators.items())
        },
        "total": {"mae": sum(totals) / len(totals) if totals else None, "max_error": max(totals, default=None),
                  "grade_agreement": sum(grades) / len(grades) if grades else None},
        "reliability": reliability([c for r in results for c in r.calls]),
    }


def load_gold(gold_dir: Path = GOLD) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def run(samples: Path = SAMPLES, kind: str = "all", predict: Predict = default_predict,
        gold_dir: Path = GOLD) -> dict:
    """Run `predict` on every sample file of the chosen kinds and compare each with its gold."""
    kinds = ("docx", "pdf") if kind == "all" else (kind,)
    results: dict[str, list[DocResult]] = {k: [] for k in kinds}
    failures: list[dict] = []
    for gold in load_gold(gold_dir):
        for k in kinds:
            path = samples / f"{gold['sample']}.{k}"
            if not path.exists():
                continue
            try:
                pred = predict([path], gold["rubric"], gold["year"])
            except ImportError:
                raise
            except Exception as error:  # one failing document is scored as finding nothing, not a stop
                failures.append({"file": path.name, "error": f"{type(error).__name__}: {error}"})
                pred = {}
            results[k].append(evaluate(gold, pred, k))
    report = {"kinds": {k: summarize(rs) for k, rs in results.items()}}
    if len(kinds) > 1:
        report["kinds"]["all"] = summarize([r for rs in results.values() for r in rs])
    report["documents"] = [
        {"sample": r.sample, "kind": r.kind, "total_error": r.total_error, "grade_match": r.grade_match,
         "detection": r.detection.scores()}
        for rs in results.values() for r in rs
    ]
    report["failures"] = failures
    return report


def run_real(set_name: str, forms: tuple[str, ...], errors: bool = False, mode: str = "both") -> dict:
    """The real texts of one part, each read alone in each form, against the hand labels.

    On the development part the reader is cross-fitted: each text is read by
    a model trained without its site, so the figures are not the model
    reciting its own training data. The test part is read by the shipped model.
    """
    from corpora.real.report import cross_fitted, gold_of, predictions, society_agreement, texts_of

    texts = texts_of(set_name)
    if set_name == "real-dev" and mode != "rules":
        predicted = cross_fitted(texts, forms, mode)
    else:
        with using(ReaderPolicy(mode=mode)):
            predicted = predictions(texts, forms)
    report: dict = {"reader": mode, "kinds": {}, "genres": {}, "failures": []}
    for form, preds in predicted.items():
        results = [evaluate(gold_of(t), pred, form) for t, pred in zip(texts, preds)]
        report["kinds"][form] = summarize(results) | {"society": society_agreement(texts, preds)}
        for genre in sorted({t.genre for t in texts}):
            chosen = [r for t, r in zip(texts, results) if t.genre == genre]
            report["genres"].setdefault(genre, {})[form] = summarize(chosen)["detection"]
    if errors:
        report["errors"] = [misread(t, pred) for t, pred in zip(texts, predicted[forms[0]])]
    return report


def misread(text, pred: dict) -> dict:
    """What one text's reading missed and what it read that is not there (for the development part only)."""
    gold, found = text.activities, pred.get("activities", [])
    pairs = align(gold, found)
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    return {
        "id": text.id, "url": text.url,
        "missed": [{"type": g["type"], "quote": g["quote"]} for i, g in enumerate(gold) if i not in matched_g],
        "extra": [{"type": p["type"], "status": p["status"], "quote": _evidence(p)[0] if p["evidence"] else ""}
                  for i, p in enumerate(found) if i not in matched_p],
        "wrong": [{"field": name, "gold": gold[g].get(name), "read": found[p].get(name), "quote": gold[g]["quote"]}
                  for g, p in pairs for name in FIELDS
                  if gold[g].get(name, 1 if name == "count" else None) != found[p].get(name)
                  and not same(name, gold[g].get(name), found[p].get(name))],
    }


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(str(c)) for c in col) for col in zip(header, *rows)]
    lines = []
    for row in [header, *rows]:
        lines.append("  ".join(str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths)))
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


FIELD_NAMES = {"type": "类型", "date_start": "开始日期", "date_end": "结束日期", "level": "级别",
               "participants": "参加人数", "views": "观看人次", "count": "次数", "status": "状态", "location": "地点"}


READER_NAMES = {"rules": "只用规则", "model": "只用模型", "both": "规则与模型结合"}


def format_report(report: dict) -> str:
    out = []
    if "reader" in report:
        out.append(f"语句判断：{READER_NAMES[report['reader']]}")
    for kind, s in report["kinds"].items():
        out.append(f"==== 文档类型：{kind}（{s['documents']} 份）====")
        d = s["detection"]
        out.append("【活动识别】")
        out.append(_table(["精确率", "召回率", "F1", "预测数", "标注数"],
                          [[_pct(d["precision"]), _pct(d["recall"]), _pct(d["f1"]), str(d["pred"]), str(d["gold"])]]))
        out.append("【字段（已对齐的活动）】")
        out.append(_table(["字段", "准确率", "精确率", "召回率"], [
            [FIELD_NAMES[n], _pct(f["accuracy"]), _pct(f.get("precision")), _pct(f.get("recall"))]
            for n, f in s["fields"].items()]))
        if "society" in s:
            g = s["society"]
            out.append("【学会识别（文本属于谁）】")
            out.append(_table(["准确率", "正确", "错误", "未识别", "已标注"], [
                [_pct(g["accuracy"]), str(g["right"]), str(g["wrong"]), str(g["unread"]), str(g["labelled"])]]))
        t = s["total"]
        if not s["indicators"]:
            out.append("")
            continue
        out.append("【指标】")
        out.append(_table(["指标", "分配精确率", "分配召回率", "计数准确率", "得分平均误差"], [
            [ind, _pct(v["precision"]), _pct(v["recall"]), _pct(v["count_accuracy"]), f"{v['score_mae']:.2f}"]
            for ind, v in s["indicators"].items()]))
        out.append("【置信度可靠性（置信度区间 → 建议得分正确的比例）】")
        out.append(_table(["置信度", "建议数", "正确率"], [
            [("≥0.8 合计" if b.get("trusted") else f"{b['from']:.1f}–{b['to']:.1f}"), str(b["count"]), _pct(b["right"])]
            for b in s["reliability"]]))
        out.append("【总分与等次】")
        out.append(_table(["总分平均绝对误差", "最大误差", "等次一致率"], [[
            "—" if t["mae"] is None else f"{t['mae']:.2f}",
            "—" if t["max_error"] is None else f"{t['max_error']:.2f}", _pct(t["grade_agreement"])]]))
        out.append("")
    if report.get("genres"):
        out.append("【按体裁的活动识别 F1】")
        forms = list(report["kinds"])
        out.append(_table(["体裁", *forms], [
            [genre, *(f"{_pct(by_form[f]['f1'])}（{by_form[f]['gold']}）" for f in forms)]
            for genre, by_form in report["genres"].items()]))
    for f in report.get("failures", []):
        out.append(f"处理失败：{f['file']}（{f['error']}）")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpora.report", description="样例工作总结的识别准确率报告")
    parser.add_argument("--set", choices=(*SETS, *REAL_SETS, *SCORE_SETS), default="samples",
                        help="评测集：samples（生成样例）、tuning（手写样例，已用于调校）、real-dev（真实文本开发部分）、"
                             "real-test（真实文本测试部分，冻结）、real-dev-scores / real-test-scores"
                             "（人工评分的真实总结：逐项一致率与合计误差）")
    parser.add_argument("--samples", type=Path, default=None, help="样例所在目录（默认取评测集的目录）")
    parser.add_argument("--kind", choices=("docx", "pdf", "txt", "all"), default="all", help="只评某一类文档")
    parser.add_argument("--errors", action="store_true", help="列出漏识、误识和字段错误（仅限 real-dev）")
    parser.add_argument("--reader", choices=("rules", "model", "both"), default="both",
                        help="语句判断：rules（只用规则）、model（只用模型）、both（两者结合，默认）")
    parser.add_argument("--json", action="store_true", help="输出机器可读的 JSON")
    args = parser.parse_args(argv)
    if args.errors and args.set != "real-dev":
        parser.error("--errors 只用于 real-dev：测试部分冻结，不看其中的错误")
    try:
        if args.set in SCORE_SETS:
            from corpora.real.scores import report as scores_report

            report = scores_report.run(args.set)
            print(json.dumps(report, ensure_ascii=False, indent=2) if args.json
                  else scores_report.format_report(report))
            return 0
        if args.set in REAL_SETS:
            forms = ("txt", "docx", "pdf") if args.kind == "all" else (args.kind,)
            report = run_real(args.set, forms, args.errors, args.reader)
        else:
            samples, gold_dir = SETS[args.set]
            report = run(args.samples or samples, args.kind, gold_dir=gold_dir)
    except ImportError as error:
        print(f"无法运行识别流水线（ingest.pipeline）：{error}", file=sys.stderr)
        return 1
    if args.json or args.errors:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
