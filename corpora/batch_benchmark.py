"""Throughput of `kaohe batch` on a generated year of submissions, in one run.

    python -m corpora.batch_benchmark [--submissions 200] [--subset 40] [--keep DIR]

Generates `--submissions` society folders (default 200) in a temporary
directory: each a 工作总结 of about 30 pages composed like the sample corpus
(`corpora.generate`) but with up to eight times the work, sent as DOCX or
(every fourth) as a text-layer PDF exported by LibreOffice, with a 自评表
and a 佐证材料; some leave out a material or sign after the deadline, as
real batches do. `--keep` names a new directory to keep them in. Then:

1. the speed-up from 1 to 2 workers, on the first `--subset` submissions,
   beside what two processes of pure Python get from the machine at that
   moment (on a shared machine the second core may be busy);
2. the whole batch with 2 workers: submissions per minute, pages per second
   (PDF pages; a DOCX counted at the exported PDFs' characters per page), and each
   worker's peak memory after its first and its last submission, which shows
   whether memory grows with the batch;
3. the same batch again: it must reuse every result and process none.

Times are wall seconds, including hashing, the store and the workbook; the
pool's fork server is started before timing (a long-running batch pays it
once). Other jobs on the machine slow every figure; the load is printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pypdfium2
from docx import Document
from openpyxl import Workbook

from corpora.export import docx_to_pdf
from corpora.generate import compose
from corpora.texts.societies import SOCIETIES, Plan, Society
from rubrics.loader import load_rubric

RUBRIC = "jiangxi-2021-society"
# Prefixes that make distinct society names from the corpus's seventeen fields.
PREFIXES = ("", "青年", "应用", "基础", "工程", "现代", "绿色", "智能", "农村", "城市", "数字", "生态")
# How many times the corpus plans' work a benchmark summary reports (≈30 pages).
SCALES = (8, 6, 4)
PAGES = 36  # the composer's length target, in its 500-character pages
MAX_MEETINGS = 12  # the phrase bank runs out of distinct meeting titles beyond this
LATE_EVERY, MISSING_EVERY = 11, 7
# Every fourth summary is sent as a PDF (LibreOffice export, the slow part of generating).
PDF_EVERY = 4
SPIN = 5_000_000  # a busy loop of about half a second


# ---- materials besides the summary (also used by the batch tests) --------------------------


def self_evaluation(path: Path, society: str, filled: str | None = "2021年11月25日") -> Path:
    """A 自评表 as societies return it: the notice's indicator rows, full self scores, 填表日期."""
    rubric = load_rubric(RUBRIC)
    book = Workbook()
    sheet = book.active
    sheet.title = "自评表"
    sheet.append(["江西省科协2021年度学会工作考核自评表"])
    sheet.append([f"学会名称：{society}"])
    sheet.append(["一级指标", "二级指标", "三级指标", "分值", "自评分", "核分"])
    for category, group, indicator in rubric.indicators():
        sheet.append([category.name, group.name, indicator.label, indicator.max, indicator.max, None])
    sheet.append(["合 计", None, None, rubric.max_total, rubric.max_total, None])
    if filled:
        sheet.append([f"填表日期：{filled}"])
    book.save(path)
    return path


def meeting_notice(path: Path, society: str) -> Path:
    """A 佐证材料: the society's own notice of its annual meeting."""
    doc = Document()
    for text in ("关于召开2021年学术年会的通知", "各会员单位：",
                 f"经研究，{society}定于2021年6月18日在南昌召开2021年学术年会，会期一天，请各单位选派代表参加。",
                 society, "2021年5月20日"):
        doc.add_paragraph(text)
    doc.save(path)
    return path


# ---- a generated year --------------------------------------------------------------------


def _scaled(plan: Plan, k: int) -> Plan:
    return dataclasses.replace(
        plan, pages=PAGES, meetings=(plan.meetings * k)[:MAX_MEETINGS], kepu=(plan.kepu + 1) * k,
        rural=(plan.rural + 1) * k, tech=(plan.tech + 1) * k, training=(plan.training + 1) * k,
        governance=plan.governance * k, party_study=plan.party_study * k + 1, party_history=plan.party_history * k + 1,
        consulting=plan.consulting * k or [False] * k, government=(plan.government + 1) * k, award=plan.award * k,
    )


def _society(i: int) -> Society:
    base = SOCIETIES[i % len(SOCIETIES)]
    prefix = PREFIXES[i // len(SOCIETIES) % len(PREFIXES)]
    name = base.name.replace("江西省", f"江西省{prefix}", 1)
    date = "2021年12月3日" if i % LATE_EVERY == LATE_EVERY - 1 else base.date
    return dataclasses.replace(base, stem=f"bench_{i:03d}", name=name, date=date)


def _compose(society: Society):
    """The longest summary the phrase bank can write for this society."""
    for k in SCALES:
        try:
            return compose(dataclasses.replace(society, plan=_scaled(society.plan, k)))
        except RuntimeError:  # not enough distinct sentences at this scale
            continue
    return compose(society)


def generate(count: int, root: Path) -> dict[str, int]:
    """`count` society folders under root/batch; returns pages per society (its folder name)."""
    drafts, batch = root / "drafts", root / "batch"
    drafts.mkdir(parents=True, exist_ok=True)
    societies = [_society(i) for i in range(count)]
    chars, sources = [], []
    for society in societies:
        _, doc, _ = _compose(society)
        chars.append(sum(len(p.text) for p in doc.doc.paragraphs))
        sources.append(doc.save(drafts / f"{society.stem}.docx"))
    as_pdf = [i for i in range(count) if i % PDF_EVERY == 1]
    # Two LibreOffice processes (one per core), each with its own profile.
    with ThreadPoolExecutor(2) as pool:
        halves = [[sources[i] for i in as_pdf[::2]], [sources[i] for i in as_pdf[1::2]]]
        list(pool.map(lambda half: docx_to_pdf(half, drafts) if half else [], halves))
    summary_pages = {i: _pdf_pages(drafts / f"{societies[i].stem}.pdf") for i in as_pdf}
    # A DOCX has no pages until it is laid out: count them at the exported PDFs' characters per page.
    per_page = sum(chars[i] for i in as_pdf) / max(1, sum(summary_pages.values()))
    pages = {}
    for i, society in enumerate(societies):
        folder = batch / society.name
        folder.mkdir(parents=True)
        fmt = "pdf" if i in summary_pages else "docx"
        shutil.copy(drafts / f"{society.stem}.{fmt}", folder / f"{society.name}2021年工作总结.{fmt}")
        if i % MISSING_EVERY != MISSING_EVERY - 1:
            self_evaluation(folder / "2021年度学会工作考核自评表.xlsx", society.name)
        (folder / "佐证材料").mkdir()
        meeting_notice(folder / "佐证材料" / "关于召开2021年学术年会的通知.docx", society.name)
        # The summary, the 自评表's sheet and the one-page notice.
        pages[society.name] = summary_pages.get(i) or round(chars[i] / per_page) + 2
    return pages


def _pdf_pages(path: Path) -> int:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return len(pdf) + 2
    finally:
        pdf.close()


# ---- measuring ------------------------------------------------------------------------------


def _timed(source: Path, output: Path, workers: int):
    from ingest.batch.run import run_batch

    start = time.perf_counter()
    report = run_batch(source, RUBRIC, output, workers=workers)
    return report, time.perf_counter() - start


def _subset(batch: Path, target: Path, n: int) -> Path:
    for folder in sorted(batch.iterdir())[:n]:
        shutil.copytree(folder, target / folder.name)
    return target


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def machine_speedup() -> float:
    """What the machine gives two processes of pure Python right now: the ceiling for the batch's speed-up."""
    times = []
    for workers in (1, 2):
        start = time.perf_counter()
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_spin, [SPIN] * 8))
        times.append(time.perf_counter() - start)
    return times[0] / times[1]


def _memory(stats: list[dict]) -> list[str]:
    by_worker: dict[int, list[int]] = {}
    for s in stats:
        by_worker.setdefault(s["pid"], []).append(s["peak_rss_kb"])
    return [
        f"  进程 {pid}：{len(peaks)} 份，首份后峰值 {peaks[0] / 1024:.0f} MB，末份后峰值 {peaks[-1] / 1024:.0f} MB"
        for pid, peaks in sorted(by_worker.items())
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--subset", type=int, default=40, help="1 与 2 个进程对比所用的份数")
    parser.add_argument("--keep", type=Path, help="生成的材料放在此新目录并保留（默认临时目录，结束即删）")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kaohe-batch-bench-"))
    try:
        _run(root, args.submissions, args.subset)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _run(root: Path, count: int, subset: int) -> None:
    load = os.getloadavg()[0]
    print(f"机器：{os.cpu_count()} 核，开始时负载 {load:.2f}")
    start = time.perf_counter()
    pages = generate(count, root)
    print(f"生成 {count} 份材料（工作总结平均 {sum(pages.values()) / len(pages) - 2:.1f} 页）：{time.perf_counter() - start:.0f} 秒")
    batch, runs = root / "batch", root / "runs"

    # Start the pool's fork server (imports, dictionaries) outside the timings.
    _timed(_subset(batch, root / "warm", 1), runs / "warm.xlsx", 1)

    few = _subset(batch, root / "subset", subset)
    _, one = _timed(few, runs / "one.xlsx", 1)
    _, two = _timed(few, runs / "two.xlsx", 2)
    print(f"前 {subset} 份：1 个进程 {one:.1f} 秒，2 个进程 {two:.1f} 秒，加速比 {one / two:.2f}"
          f"（同一时刻纯计算的加速比 {machine_speedup():.2f}，即本机此时能给出的上限）")

    report, elapsed = _timed(batch, runs / "all.xlsx", 2)
    total_pages = sum(pages[r.label] for r in report.rows if r.record)
    print(f"全部 {count} 份，2 个进程：{elapsed:.1f} 秒，{report.processed / elapsed * 60:.1f} 份/分钟，"
          f"{total_pages / elapsed:.1f} 页/秒（共 {total_pages} 页），失败 {report.failed} 份")
    print("各进程内存峰值（ru_maxrss）：")
    for line in _memory(report.stats):
        print(line)
    flagged = sum(1 for r in report.rows if r.flags)
    print(f"有预审提示的 {flagged} 份")

    again, elapsed = _timed(batch, runs / "all.xlsx", 2)
    print(f"再次运行：处理 {again.processed} 份，沿用 {again.reused} 份，{elapsed:.1f} 秒")


if __name__ == "__main__":
    main()
