"""The `kaohe` command line (see the public contract).

Exit codes: 0 success; 1 an input could not be processed (each named on
stderr with the reason, the other files still processed); 2 wrong usage.

Each command imports what it needs inside its function, so `kaohe --help` and
`kaohe rubrics` start without spaCy, jieba, the parsers, Celery or SQLAlchemy
(corpora/startup_benchmark.py measures it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ingest.batch_cli import batch_command
from ingest.rubric_cli import app as rubric_app

app = typer.Typer(add_completion=False, no_args_is_help=True, help="考核：学会年度考核材料的识别与评分建议")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)  # one line per message, names as written
app.add_typer(rubric_app, name="rubric")
app.command("batch")(batch_command)

Files = Annotated[list[Path], typer.Argument(help="工作总结等材料：.docx .pdf .txt .md .xlsx 或 .zip", show_default=False)]
Year = Annotated[int | None, typer.Option("--year", help="考核年度；未写年份的日期取此年份")]
AsJson = Annotated[bool, typer.Option("--json", help="输出 JSON")]


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command("rubrics")
def rubrics_command(as_json: AsJson = False) -> None:
    """列出可用的考核评分表。"""
    from rubrics.loader import list_rubrics

    items = [
        {"id": r.id, "title": r.title, "year": r.year, "body": r.body, "max_total": r.max_total}
        for r in list_rubrics()
    ]
    if as_json:
        _print_json(items)
        return
    for item in items:
        out.print(f"{item['id']}\t{item['year']}\t{item['body']}\t{item['title']}（满分 {item['max_total']:g}）")


def _run(
    files: list[Path], rubric_id: str | None, year: int | None, as_json: bool, self_eval: Path | None = None
) -> None:
    from ingest.pipeline import process, read_submission, to_json
    from ingest.render import render_activities, render_audit, render_documents, render_score

    inputs, failures, claims = read_submission(files, self_eval)
    # `extract` lists what every file tells; `score` reads the summary and lets evidence back it.
    submission = process(inputs, rubric_id, year, failures, claims, evidence_apart=rubric_id is not None)
    for failure in submission.failures:
        err.print(f"无法处理 {failure}")
    if as_json:
        _print_json(to_json(submission))
    else:
        render_documents(out, submission)
        render_activities(out, submission)
        if submission.sheet is not None:
            render_score(out, submission)
        if submission.self_evaluation is not None:
            render_audit(out, submission)
    if submission.failures:
        raise typer.Exit(1)


@app.command("extract")
def extract_command(files: Files, year: Year = None, as_json: AsJson = False) -> None:
    """识别材料中的活动（不需要评分表）。"""
    _run(files, None, year, as_json)


@app.command("score")
def score_command(
    files: Files,
    rubric: Annotated[str, typer.Option("--rubric", help="评分表编号，见 kaohe rubrics")],
    year: Year = None,
    self_eval: Annotated[
        Path | None, typer.Option("--self-eval", help="学会填报的自评表（.docx .xlsx .pdf），与材料逐项核对")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """识别活动，逐项匹配评分表指标，给出建议得分、总分和等次；给出自评表时逐项核对。"""
    _require_rubric(rubric)
    _run(files, rubric, year, as_json, self_eval)


def _require_rubric(rubric: str) -> None:
    """Stop with the loader's Chinese message (exit 2) before any file is read for an unknown or broken rubric."""
    from rubrics.loader import RubricError, load_rubric

    try:
        load_rubric(rubric)
    except RubricError as error:
        err.print(str(error))
        raise typer.Exit(2) from error


@app.command("check")
def check_command(
    files: Files,
    rubric: Annotated[str, typer.Option("--rubric", help="评分表编号，见 kaohe rubrics")],
    year: Year = None,
    as_json: AsJson = False,
) -> None:
    """报送前自查：缺少哪些材料、自评表哪些行未找到相关活动或佐证、哪些文件无法读取（不评分）。"""
    from ingest.check import check_materials, render_lines
    from ingest.files import read_inputs

    _require_rubric(rubric)
    files_read, failures = read_inputs(files)
    checklist = check_materials(files_read, failures, rubric, year)
    if as_json:
        _print_json(checklist.to_json())
    else:
        typer.echo("\n".join(render_lines(checklist)))
    if not checklist.complete:
        raise typer.Exit(1)


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
) -> None:
    """启动评审服务（网页与 API）；默认使用数据目录中的 SQLite，KAOHE_DATABASE_URL 可指定 PostgreSQL。"""
    from ingest.service.server import serve

    serve(host, port)
