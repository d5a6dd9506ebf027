"""Speed and memory of kaohe against the bare PDF libraries, on the same PDFs.

    python -m corpora.benchmark [--pages 100] [--repeat 1]

Four methods read the same PDFs: pdfplumber's `extract_text` (with the
`dedupe_chars()` and `x_tolerance_ratio=0.3` kaohe needed when it read PDFs
through pdfplumber), pypdfium2's plain text, `kaohe parse` alone and the
whole of `kaohe score` (each file its own submission: parse, activities,
matching, rubric). The sample PDFs are measured as they are, then joined into
one long PDF of about `--pages` pages and of three times that, to show
whether memory grows with the page count.

Each method and PDF set runs in a fresh process, so its peak memory (max
RSS) is its own. Start-up (imports; for `score` also the spaCy pipeline and
the jieba dictionary) is timed apart from processing: a service
or batch worker pays it once, a single CLI run pays it every time, so rates
are shown both without and with it. Times are the process's CPU seconds,
which equal wall seconds on an idle machine (all four methods run on one
core) and are far less disturbed than wall seconds when other jobs share the
cores; `--repeat` keeps the best of several runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
METHODS = ("pdfplumber", "pypdfium2", "kaohe_parse", "kaohe_score")
RUBRIC = "jiangxi-2021-society"


def _clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clocks()
    return wall - start[0], cpu - start[1]


def _start(method: str):
    """Import what `method` needs and load what it loads once; return the function that reads one file."""
    if method == "pdfplumber":
        import pdfplumber

        def read(path: Path) -> int:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.dedupe_chars().extract_text(x_tolerance_ratio=0.3)
                    page.close()
                return len(pdf.pages)
    elif method == "pypdfium2":
        import pypdfium2

        def read(path: Path) -> int:
            pdf = pypdfium2.PdfDocument(path)
            for page in pdf:
                textpage = page.get_textpage()
                textpage.get_text_bounded()
                textpage.close()
                page.close()
            pages = len(pdf)
            pdf.close()
            return pages
    elif method == "kaohe_parse":
        from extractors.parse import parse

        def read(path: Path) -> int:
            return parse(path.read_bytes(), path.name, "d1").pages
    else:
        from extractors.nlp import pipeline
        from ingest.files import InputFile
        from ingest.pipeline import process

        pipeline()

        def read(path: Path) -> int:
            submission = process([InputFile(path.name, path.read_bytes())], RUBRIC, None)
            return sum(d.pages for d in submission.documents)
    return read


def measure_here(method: str, paths: list[Path], repeat: int) -> dict:
    """Start `method`, then read every PDF `repeat` times; the best run counts (runs inside the child)."""
    start = _clocks()
    read = _start(method)
    startup_wall, startup_cpu = _since(start)
    runs = []
    for _ in range(repeat):
        start = _clocks()
        pages = sum(read(path) for path in paths)
        runs.append(_since(start))
    wall, cpu = min(runs, key=lambda run: run[1])
    return {"pages": pages, "startup": startup_cpu, "startup_wall": startup_wall, "seconds": cpu, "wall": wall,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(method: str, paths: list[Path], repeat: int) -> dict:
    """`measure_here` in a fresh Python process, so that peak memory belongs to this method and these PDFs."""
    done = subprocess.run(
        [sys.executable, "-m", "corpora.benchmark", "--child", method, "--repeat", str(repeat), *map(str, paths)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def long_pdf(paths: list[Path], pages: int, out: Path) -> Path:
    """The sample PDFs joined over and over until the document has at least `pages` pages."""
    import pypdfium2

    joined = pypdfium2.PdfDocument.new()
    while len(joined) < pages:
        for path in paths:
            source = pypdfium2.PdfDocument(path)
            joined.import_pages(source)
            source.close()
            if len(joined) >= pages:
                break
    joined.save(out)
    joined.close()
    return out


def report(label: str, paths: list[Path], repeat: int) -> dict[str, dict]:
    results = {method: measure(method, paths, repeat) for method in METHODS}
    base = results["pdfplumber"]
    rate = base["pages"] / base["seconds"]
    rate_cold = base["pages"] / (base["startup"] + base["seconds"])
    print(f"\n{label}")
    print(f"{'方法':<12}{'页数':>6}{'启动秒':>8}{'处理秒':>8}{'(墙钟)':>8}{'页/秒':>8}{'相对':>7}"
          f"{'含启动页/秒':>11}{'相对':>7}{'峰值内存MB':>11}")
    for method, r in results.items():
        warm, cold = r["pages"] / r["seconds"], r["pages"] / (r["startup"] + r["seconds"])
        print(f"{method:<12}{r['pages']:>6}{r['startup']:>8.2f}{r['seconds']:>8.2f}{r['wall']:>8.2f}{warm:>8.1f}"
              f"{warm / rate:>6.2f}x{cold:>11.1f}{cold / rate_cold:>6.2f}x{r['peak_mb']:>11.0f}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100, help="长文档的页数（另测三倍页数）")
    parser.add_argument("--repeat", type=int, default=1, help="每种方法重复几次，取最快的一次")
    parser.add_argument("--child", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_here(args.child, args.paths, args.repeat)))
        return
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    if not pdfs:
        sys.exit("corpora/samples 中没有 PDF：请先运行 python -m corpora.generate")
    print("时间为进程 CPU 秒（空闲机器上与墙钟相同）；“相对”为与 pdfplumber 的页/秒之比；"
          "启动=导入与一次性加载（score 含 spaCy 管线与 jieba 词典）")
    report(f"样本 PDF（{len(pdfs)} 份，每份单独处理）", pdfs, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        sizes = (args.pages, args.pages * 3)
        peaks = {}
        for pages in sizes:
            path = long_pdf(pdfs, pages, Path(tmp) / f"long{pages}.pdf")
            peaks[pages] = report(f"合并长文档（约 {pages} 页）", [path], args.repeat)
    small, large = (peaks[pages] for pages in sizes)
    print(f"\n峰值内存随页数的变化（{small['pdfplumber']['pages']} 页 → {large['pdfplumber']['pages']} 页）")
    for method in METHODS:
        before, after = small[method]["peak_mb"], large[method]["peak_mb"]
        print(f"{method:<12}{before:>8.0f} MB → {after:>4.0f} MB（{after - before:+.0f} MB）")


if __name__ == "__main__":
    main()
