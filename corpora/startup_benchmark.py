"""Start-up time and peak memory of the light `kaohe` commands.

    python -m corpora.startup_benchmark [--repeat 5]

`kaohe --help` and `kaohe rubrics` should answer in under 0.4 s: each command
imports its heavy modules (spaCy, jieba, the parsers, Celery, SQLAlchemy)
inside its own function. Each run is a fresh process of the installed `kaohe`
script; the best of `--repeat` runs is shown, in CPU seconds (wall seconds on
an idle machine, far less disturbed when other jobs share the cores) and in
wall seconds, with the process's peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = (("--help",), ("rubrics",))
TARGET_SECONDS = 0.4


def run_once(args: tuple[str, ...]) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and peak MB of one `kaohe` process."""
    kaohe = Path(sys.executable).with_name("kaohe")
    start = time.perf_counter()
    child = subprocess.Popen([str(kaohe), *args], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"kaohe {' '.join(args)} 退出码 {child.returncode}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="每条命令运行次数，取最好的一次")
    args = parser.parse_args()
    print(f"{'命令':<16}{'CPU 秒':>8}{'墙钟秒':>8}{'峰值 MB':>9}")
    for command in COMMANDS:
        runs = [run_once(command) for _ in range(args.repeat)]
        cpu, wall, peak = min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)
        mark = "" if cpu < TARGET_SECONDS else f"  超出目标 {TARGET_SECONDS} 秒"
        print(f"{'kaohe ' + ' '.join(command):<16}{cpu:>8.2f}{wall:>8.2f}{peak:>9.0f}{mark}")


if __name__ == "__main__":
    main()
