"""A batch's outputs, written safely: one batch per output at a time, and every file replaced whole."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.batch.runner import BatchError


def lock_path(output: Path) -> Path:
    """The lock beside the report and its state: report.xlsx → report.lock."""
    return output.with_name(f"{output.stem}.lock")


@contextmanager
def exclusive(output: Path) -> Iterator[None]:
    """Hold the output's lock while the batch runs; BatchError when another batch holds it.

    The lock goes with its process, however that ends: a killed batch never leaves it held."""
    path = lock_path(output)
    with open(path, "a+", encoding="utf-8") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().strip() or "未知"
            raise BatchError(
                f"另一个预审（进程 {holder}）正在生成 {output.name}（锁文件 {path.name}）；请等它结束，或用 -o 换一个报告文件"
            ) from None
        file.seek(0)
        file.truncate()
        file.write(str(os.getpid()))
        file.flush()
        yield


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write to; it replaces `path` only once written in full,
    so a write that fails or is killed midway leaves the previous file as it was."""
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
