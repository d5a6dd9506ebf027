"""How kaohe's cost grows with the size of one input: time and peak memory at 1×, 4× and 16×.

    python -m corpora.scaling [--kind xlsx] [--base 625]

A cost that grows faster than the input holds a batch worker for hours on
one large file, so each kind of input is generated at `--base` units (XLSX
roster rows) and at four and sixteen times that, and read as
`kaohe extract` reads it (parse, statements, activities). The fitted
exponent is the slope of log(time) over log(size) from 1× to 16×: 1 is
linear, 2 quadratic; the issue's target is at most 1.15.

Each size runs in a fresh process, so its peak memory (max RSS) is its own;
start-up (imports, the spaCy pipeline and the jieba dictionary) is paid
before timing. Times are the process's CPU seconds, which equal wall seconds
on an idle machine and are far less disturbed when other jobs share the cores.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FACTORS = (1, 4, 16)


def roster_xlsx(rows: int) -> bytes:
    """A member roster (会员名册) of `rows` rows: the largest spreadsheet a society hands in."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "会员名册"
    sheet.append(["序号", "姓名", "性别", "工作单位", "职称", "入会时间"])
    for i in range(rows):
        sheet.append([i + 1, f"会员{i + 1}", "女" if i % 2 else "男", f"江西省第{i % 37 + 1}研究所",
                      "高级工程师", f"2019-{i % 12 + 1:02d}-15"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Kind:
    """One kind of input: the file name it is read under, what one unit is, how to make `size` units, 1×."""

    name: str
    unit: str
    make: Callable[[int], bytes]
    base: int


KINDS = {
    # 1× is a roster of a few hundred members, 16× a large society's.
    "xlsx": Kind("会员名册.xlsx", "行", roster_xlsx, 625),
}


def measure_here(kind: str, size: int) -> dict:
    """Generate, start up, then read one file of `size` units as `kaohe extract` does (runs inside the child)."""
    from extractors.nlp import pipeline
    from extractors.reader import default_reader
    from ingest.files import InputFile
    from ingest.pipeline import process

    data = KINDS[kind].make(size)
    pipeline()
    default_reader()
    start = time.process_time()
    submission = process([InputFile(KINDS[kind].name, data)], None, 2021, evidence_apart=False)
    seconds = time.process_time() - start
    return {"size": size, "bytes": len(data), "blocks": sum(len(d.blocks) for d in submission.documents),
            "failures": [str(f) for f in submission.failures], "seconds": seconds,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(kind: str, size: int) -> dict:
    """`measure_here` in a fresh Python process, so that peak memory belongs to this size alone."""
    done = subprocess.run(
        [sys.executable, "-m", "corpora.scaling", "--child", kind, "--base", str(size)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(kind: str, base: int) -> None:
    unit = KINDS[kind].unit
    print(f"\n{kind}（基准 {base} {unit}）")
    print(f"{'倍数':>4}{unit:>8}{'文件KB':>9}{'块数':>8}{'处理秒':>9}{'峰值内存MB':>11}")
    results = []
    for factor in FACTORS:
        r = measure(kind, base * factor)
        results.append(r)
        print(f"{factor:>3}×{r['size']:>8}{r['bytes'] / 1024:>9.0f}{r['blocks']:>8}{r['seconds']:>9.2f}"
              f"{r['peak_mb']:>11.0f}", flush=True)
        for failure in r["failures"]:
            print(f"      无法处理 {failure}")
    first, last = results[0], results[-1]
    exponent = math.log(last["seconds"] / first["seconds"]) / math.log(last["size"] / first["size"])
    print(f"时间指数（1× → {FACTORS[-1]}×）：{exponent:.2f}（1 为线性，2 为平方）")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=KINDS, action="append", help="输入种类（可重复；默认全部）")
    parser.add_argument("--base", type=int, help="1× 的单位数（默认每种各自的基准）")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_here(args.child, args.base)))
        return
    print("时间为进程 CPU 秒（空闲机器上与墙钟相同），不含启动（导入、spaCy 管线与 jieba 词典）")
    for kind in args.kind or KINDS:
        report(kind, args.base or KINDS[kind].base)


if __name__ == "__main__":
    main()
