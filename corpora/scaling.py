"""How kaohe's cost grows with the size of one input: time and peak memory at 1×, 4× and 16×.

    python -m corpora.scaling [--kind pdf] [--kind txt] [--base 60]

A cost that grows faster than the input holds a batch worker for hours on
one large file, and memory that grows with it takes the machine down, so
each kind of input is generated at `--base` units (PDF pages, DOCX
paragraphs, XLSX roster rows, KB of plain text) and at four and sixteen
times that, and read as `kaohe extract` reads it (parse, statements,
activities). 16× is close to the largest input kaohe accepts of that kind.
The fitted exponent is the slope of log(time) over log(size) from 1× to
16×: 1 is linear, 2 quadratic. The issue's targets are an exponent of at
most 1.15 and a peak of at most 400 MB; a figure past either is marked.

The summaries are the sample generator's (`corpora.generate`): the sample
societies composed again and again, each round under a new seed, typed by
`corpora.writer` and, for PDF, exported by LibreOffice (as the samples are).
Inputs are written before measuring; each size is then read in a fresh
process, so its peak memory (VmHWM, start-up included) is its own; start-up
(imports, the spaCy pipeline and the jieba dictionary) is paid before timing.
Times are the process's CPU seconds, which equal wall seconds on an idle
machine and are far less disturbed when other jobs share the cores.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import itertools
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

FACTORS = (1, 4, 16)
MAX_EXPONENT = 1.15
MAX_PEAK_MB = 400
# A generated page of 三号 仿宋 holds fewer characters than this: enough text for the pages asked for.
CHARS_PER_PDF_PAGE = 650


TITLE = "江西省科技社团2021年工作总结"
# Paragraphs composed so far: the sizes of one kind, and the kinds, share them.
_COMPOSED: list[str] = []


def _compose() -> Iterator[str]:
    from corpora.generate import compose, document_text
    from corpora.texts.societies import SOCIETIES

    for round_ in itertools.count():
        for society in SOCIETIES:
            _, document, _ = compose(dataclasses.replace(society, stem=f"{society.stem}.{round_}"))
            yield from (line for line in document_text(document).splitlines() if line.strip())


_STREAM = _compose()


def summary_paragraphs() -> Iterator[str]:
    """The non-empty paragraphs of generated summaries without end: the sample societies, each round a new seed."""
    for i in itertools.count():
        if i == len(_COMPOSED):
            _COMPOSED.append(next(_STREAM))
        yield _COMPOSED[i]


def typed_summary(texts: Iterable[str]):
    """A Word summary of these paragraphs, typed as a society's office types it (`corpora.writer`).

    python-docx looks past every paragraph for the section properties before it
    adds one, so the first paragraph is typed and the others are copies of it.
    """
    from docx.oxml.ns import qn

    from corpora.writer import OfficialDocument

    document = OfficialDocument(TITLE)
    typed = document.paragraph("样")._p
    for text in texts:
        paragraph = copy.deepcopy(typed)
        paragraph.find(f"{qn('w:r')}/{qn('w:t')}").text = text
        typed.addprevious(paragraph)
    typed.getparent().remove(typed)
    return document


def paragraphs_within(size: int, measure: Callable[[str], int]) -> list[str]:
    """The first generated paragraphs that, a line each, measure at most `size` together."""
    texts, total = [], 0
    for text in summary_paragraphs():
        total += measure(text) + 1
        if total > size:
            return texts
        texts.append(text)


def summary_docx(paragraphs: int, path: Path) -> None:
    """A Word summary of `paragraphs` paragraphs."""
    typed_summary(itertools.islice(summary_paragraphs(), paragraphs)).save(path)


def summary_pdf(pages: int, path: Path) -> None:
    """A summary of `pages` pages exported from Word by LibreOffice."""
    import pypdfium2

    from corpora.export import docx_to_pdf

    with tempfile.TemporaryDirectory() as tmp:
        texts = paragraphs_within(pages * CHARS_PER_PDF_PAGE, len)
        [exported] = docx_to_pdf([typed_summary(texts).save(Path(tmp) / "summary.docx")], Path(tmp))
        whole = pypdfium2.PdfDocument(exported)
        if len(whole) < pages:
            raise RuntimeError(f"生成的 PDF 只有 {len(whole)} 页，少于 {pages} 页")
        cut = pypdfium2.PdfDocument.new()
        cut.import_pages(whole, list(range(pages)))
        cut.save(path)
        cut.close()
        whole.close()


def summary_txt(kilobytes: int, path: Path) -> None:
    """A plain-text summary of `kilobytes` KB (UTF-8), one paragraph a line."""
    path.write_text("\n".join(paragraphs_within(kilobytes * 1024, lambda text: len(text.encode()))), encoding="utf-8")


def roster_xlsx(rows: int, path: Path) -> None:
    """A member roster (会员名册) of `rows` rows: the largest spreadsheet a society hands in."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "会员名册"
    sheet.append(["序号", "姓名", "性别", "工作单位", "职称", "入会时间"])
    for i in range(rows):
        sheet.append([i + 1, f"会员{i + 1}", "女" if i % 2 else "男", f"江西省第{i % 37 + 1}研究所",
                      "高级工程师", f"2019-{i % 12 + 1:02d}-15"])
    workbook.save(path)


@dataclass(frozen=True)
class Kind:
    """One kind of input: the file name it is read under, what one unit is, how to write `size` units, 1×."""

    name: str
    unit: str
    make: Callable[[int, Path], None]
    base: int


KINDS = {
    # 16× is just under the page limit (1,000 pages).
    "pdf": Kind("工作总结.pdf", "页", summary_pdf, 60),
    # 16× is just under the limit on a Word file's XML.
    "docx": Kind("工作总结.docx", "段", summary_docx, 1000),
    # 16× (11,040 members) is just under the limit on a workbook's XML (about 11,050 rows).
    "xlsx": Kind("会员名册.xlsx", "行", roster_xlsx, 690),
    # 16× is the limit on a text file.
    "txt": Kind("工作总结.txt", "KB", summary_txt, 320),
}


def peak_mb() -> float:
    """This process's peak resident memory.

    Linux carries max RSS over from the parent through fork and exec, and the
    parent holds the generated summaries; VmHWM starts afresh with the program.
    """
    status = Path("/proc/self/status")
    for line in status.read_text().splitlines() if status.exists() else ():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_here(kind: str, path: Path) -> dict:
    """Start up, then read the file at `path` as `kaohe extract` does (runs inside the child)."""
    from extractors.nlp import pipeline
    from extractors.reader import default_reader
    from ingest.files import InputFile
    from ingest.pipeline import process

    data = path.read_bytes()
    pipeline()
    default_reader()
    start = time.process_time()
    submission = process([InputFile(KINDS[kind].name, data)], None, 2021, evidence_apart=False)
    seconds = time.process_time() - start
    return {"bytes": len(data), "blocks": sum(len(d.blocks) for d in submission.documents),
            "activities": len(submission.activities), "failures": [str(f) for f in submission.failures],
            "seconds": seconds, "peak_mb": peak_mb()}


def measure(kind: str, size: int, tmp: Path) -> dict:
    """Write `size` units, then `measure_here` in a fresh Python process, so that peak memory is this size's alone."""
    path = tmp / f"{size}-{KINDS[kind].name}"
    KINDS[kind].make(size, path)
    done = subprocess.run(
        [sys.executable, "-m", "corpora.scaling", "--child", kind, str(path)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
    )
    path.unlink()
    return {"size": size, **json.loads(done.stdout.strip().splitlines()[-1])}


def report(kind: str, base: int) -> bool:
    """Print one kind's table and exponent; whether it meets both targets."""
    unit = KINDS[kind].unit
    print(f"\n{kind}（基准 {base} {unit}）")
    print(f"{'倍数':>4}{unit:>8}{'文件KB':>9}{'块数':>8}{'活动':>7}{'处理秒':>9}{'峰值内存MB':>11}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in FACTORS:
            r = measure(kind, base * factor, Path(tmp))
            results.append(r)
            over = "  超出目标" if r["peak_mb"] > MAX_PEAK_MB else ""
            print(f"{factor:>3}×{r['size']:>8}{r['bytes'] / 1024:>9.0f}{r['blocks']:>8}{r['activities']:>7}"
                  f"{r['seconds']:>9.2f}{r['peak_mb']:>11.0f}{over}", flush=True)
            for failure in r["failures"]:
                print(f"      无法处理 {failure}")
    first, last = results[0], results[-1]
    exponent = math.log(last["seconds"] / first["seconds"]) / math.log(last["size"] / first["size"])
    slow = exponent > MAX_EXPONENT
    print(f"时间指数（1× → {FACTORS[-1]}×）：{exponent:.2f}（1 为线性，2 为平方）{'  超出目标' if slow else ''}")
    return not slow and all(r["peak_mb"] <= MAX_PEAK_MB and not r["failures"] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=KINDS, action="append", help="输入种类（可重复；默认全部）")
    parser.add_argument("--base", type=int, help="1× 的单位数（默认每种各自的基准）")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_here(args.child, args.path)))
        return
    print(f"时间为进程 CPU 秒（空闲机器上与墙钟相同），不含启动（导入、spaCy 管线与 jieba 词典）；"
          f"目标：时间指数 ≤ {MAX_EXPONENT}，峰值内存 ≤ {MAX_PEAK_MB} MB")
    missed = [kind for kind in args.kind or KINDS if not report(kind, args.base or KINDS[kind].base)]
    print(f"\n{'未达目标：' + '、'.join(missed) if missed else '全部达到目标'}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
