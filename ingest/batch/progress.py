"""The batch's progress bar: how many are done, reused, failed, and which societies are in hand."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ingest.batch.runner import Events, Job

NAMES_SHOWN = 2


class ProgressBar(Events):
    def __init__(self, console: Console, total: int, reused: int):
        self.n_done, self.n_reused, self.n_failed = 0, reused, 0
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

    def running(self, labels: list[str]) -> None:
        shown = "、".join(labels[:NAMES_SHOWN]) + ("等" if len(labels) > NAMES_SHOWN else "")
        self.progress.update(self.task, description=f"正在处理：{shown}" if shown else "预审")

    def finished(self, job: Job, record: dict) -> None:
        self.n_done += 1
        self.progress.update(self.task, advance=1, counts=self._counts())

    def failed(self, job: Job, message: str) -> None:
        self.n_failed += 1
        self.progress.update(self.task, advance=1, counts=self._counts())
