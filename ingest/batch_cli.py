"""`kaohe batch DIR_OR_ZIP --rubric ID [-o report.xlsx] [--json]`: pre-screen a year's submissions.

Exit codes as for the other commands: 0 the report was written (flags on
submissions are findings, not failures); 1 the input could not be read or
some submission could not be processed (named on stderr), or another batch
is writing the same report; 2 wrong usage; 143 stopped by SIGTERM (what was
finished is kept, and running the command again continues).
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)  # one line per message, names as written


def batch_command(
    source: Annotated[Path, typer.Argument(help="各学会材料所在的文件夹或 .zip（每个学会一个文件夹，或按学会名命名的文件）", show_default=False)],
    rubric: Annotated[str, typer.Option("--rubric", help="评分表编号，见 kaohe rubrics")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="预审报告 .xlsx（默认：<输入名>-预审报告.xlsx）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="考核年度（默认取评分表的年度）")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="并行进程数（默认：CPU 核数）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 摘要")] = False,
) -> None:
    """批量预审：识别各学会材料，检查材料齐全与报送时间，评分、排名，生成预审工作簿和汇总表。"""
    # Imported here, as in ingest.cli: the batch runner brings Celery, SQLAlchemy, spaCy and jieba.
    from ingest.batch.run import run_batch
    from ingest.batch.runner import BatchError, Terminated
    from ingest.files import InputError
    from rubrics.loader import RubricError

    output = output or Path(f"{source.stem or source.resolve().name}-预审报告.xlsx")
    if output.suffix.lower() != ".xlsx":
        err.print(f"预审报告应为 .xlsx 文件：{output.name}")
        raise typer.Exit(2)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        report = run_batch(source, rubric, output, year=year, workers=workers, console=err)
    except Terminated as error:
        err.print("预审已终止：已完成的学会已保存，再次运行同一命令会接着做")
        raise typer.Exit(128 + signal.SIGTERM) from error
    except RubricError as error:  # checked before anything is read
        err.print(str(error))
        raise typer.Exit(2) from error
    except InputError as error:
        err.print(f"无法处理 {error}")
        raise typer.Exit(1) from error
    except BatchError as error:
        err.print(str(error))
        raise typer.Exit(1) from error
    finally:
        signal.signal(signal.SIGTERM, previous)
    for row in report.rows:
        if row.failure:
            err.print(f"无法处理 {row.label}：{row.failure}")
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _summary(report)
    if report.failed:
        raise typer.Exit(1)


def _terminate(signum, frame) -> None:
    """SIGTERM stops the batch like Ctrl-C: its workers are ended, the finished work is kept."""
    from ingest.batch.runner import Terminated

    raise Terminated


def _summary(report) -> None:
    from ingest.batch.run import state_path
    from ingest.batch.store import shown_url

    flagged = sum(1 for r in report.rows if r.flags)
    unscorable = sum(1 for r in report.rows if r.unscorable)
    out.print(
        f"共 {len(report.rows)} 个学会：本次处理 {report.processed}，沿用上次结果 {report.reused}，"
        f"失败 {report.failed}；有预审提示的 {flagged} 个" + (f"，其中无法评分 {unscorable} 个" if unscorable else "")
    )
    out.print(f"预审报告：{report.output}")
    for path in report.forms:
        out.print(f"汇总表：{path}")
    if report.store_url.startswith("sqlite"):
        out.print(f"[dim]断点续跑状态：{state_path(report.output)}[/]")
    else:
        out.print(f"[dim]结果保存在数据库：{shown_url(report.store_url)}（KAOHE_DATABASE_URL）[/]")
