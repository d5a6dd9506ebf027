"""Speed and memory of kaohe against the bare PDF libraries, on the same PDFs.

    python -m corpora.benchmark [--pages 100]

Each method runs in its own process so peak memory (max RSS) is its own. The
sample PDFs are measured as they are and, to show memory stays flat in page
count, joined into one long PDF of about `--pages` pages.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
METHODS = ("pdfplumber", "pypdfium2", "kaohe_parse", "kaohe_score")
RUBRIC = "jiangxi-2021-society"


def run_method(method: str, paths: list[Path]) -> dict:
    """Process every PDF with one method; return pages and seconds (runs inside the child)."""
    import pdfplumber
    import pypdfium2

    pages = 0
    start = time.perf_counter()
    if method == "pdfplumber":
        for path in paths:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.dedupe_chars().extract_text(x_tolerance_ratio=0.3)
                    page.close()
                    pages += 1
    elif method == "pypdfium2":
        for path in paths:
            pdf = pypdfium2.PdfDocument(path)
            for page in pdf:
                page.get_textpage().get_text_bounded()
                pages += 1
            pdf.close()
    elif method == "kaohe_parse":
        from extractors.parse import parse

        for i, path in enumerate(paths):
            pages += parse(path.read_bytes(), path.name, f"d{i}").pages
    else:
        from ingest.files import InputFile
        from ingest.pipeline import process

        for path in paths:
            submission = process([InputFile(path.name, path.read_bytes())], RUBRIC, None)
            pages += sum(d.pages for d in submission.documents)
    seconds = time.perf_counter() - start
    return {"pages": pages, "seconds": seconds}


def measure(method: str, paths: list[Path]) -> dict:
    code = (
        "import json,sys,resource;from corpora.benchmark import run_method;"
        f"r=run_method({method!r},[__import__('pathlib').Path(p) for p in sys.argv[1:]]);"
        "r['peak_mb']=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024;print(json.dumps(r))"
    )
    done = subprocess.run([sys.executable, "-c", code, *map(str, paths)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def long_pdf(paths: list[Path], pages: int, out: Path) -> Path:
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
    return out


def report(label: str, paths: list[Path]) -> None:
    results = {m: measure(m, paths) for m in METHODS}
    base = results["pdfplumber"]["pages"] / results["pdfplumber"]["seconds"]
    print(f"\n{label}")
    print(f"{'方法':<14}{'页数':>6}{'秒':>9}{'页/秒':>9}{'相对pdfplumber':>16}{'峰值内存MB':>12}")
    for method, r in results.items():
        rate = r["pages"] / r["seconds"]
        print(f"{method:<14}{r['pages']:>6}{r['seconds']:>9.2f}{rate:>9.1f}{rate / base:>16.2f}{r['peak_mb']:>12.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=100, help="长文档的页数")
    args = parser.parse_args()
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    if not pdfs:
        sys.exit("corpora/samples 中没有 PDF：请先运行 python -m corpora.generate")
    report(f"样本 PDF（{len(pdfs)} 份）", pdfs)
    with tempfile.TemporaryDirectory() as tmp:
        report(f"合并长文档（约 {args.pages} 页）", [long_pdf(pdfs, args.pages, Path(tmp) / "long.pdf")])
        report(f"合并长文档（约 {args.pages * 3} 页）", [long_pdf(pdfs, args.pages * 3, Path(tmp) / "longer.pdf")])


if __name__ == "__main__":
    main()
