"""The batch's progress on stderr: how many are done, reused, failed, and which societies are in hand.

On a terminal, a live bar; otherwise (a log file, a pipe, a service) one
plain line at most every `LINE_SECONDS`, and the bar once when the batch
ends. Notes (a lost worker, a stall) are printed either way.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ingest.batch.runner import Events, Job

NAMES_SHOWN = 2
LINE_SECONDS = 10


class ProgressBar(Events):
    def __init__(self, console: Console, total: int, reused: int):
        self.n_done, self.n_reused, self.n_failed = 0, reused, 0
        self.total = total
        self.console = console
        self.shown = ""
        self.last_line = time.monotonic()
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task = self.progress.add_task("预审", total=total, completed=reused, counts=self._counts())

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.update(self.task, description="预审完成")
        self.progress.stop()

    def _counts(self) -> str:
        return f"完成 {self.n_done} · 沿用 {self.n_reused} · 失败 {self.n_failed}"

    def _line(self) -> None:
        if self.console.is_terminal or time.monotonic() - self.last_line < LINE_SECONDS:
            return
        self.last_line = time.monotonic()
        ended = self.n_done + self.n_reused + self.n_failed
        running = f"；正在处理：{self.shown}" if self.shown and ended < self.total else ""
        self.console.print(f"预审 {ended}/{self.total}（{self._counts()}）{running}")

    def running(self, labels: list[str]) -> None:
        self.shown = "、".join(labels[:NAMES_SHOWN]) + ("等" if len(labels) > NAMES_SHOWN else "")
        self.progress.update(self.task, description=f"正在处理：{self.shown}" if self.shown else "预审")
        self._line()

    def finished(self, job: Job, record: dict) -> None:
        self.n_done += 1
        self.progress.update(self.task, advance=1, counts=self._counts())
        self._line()

    def failed(self, job: Job, message: str) -> None:
        self.n_failed += 1
        self.progress.update(self.task, advance=1, counts=self._counts())
        self._line()

    def note(self, message: str) -> None:
        self.progress.console.print(message)
