"""`kaohe rubric …`: tools for the people who write rubric files.

A sub-app of the `kaohe` command line, so rubric authoring commands (check,
import) live together and stay out of the reviewer's commands.
Exit codes as in `ingest.cli`: 0 success, 1 the file is not a usable rubric.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from rubrics.explain import num

if TYPE_CHECKING:
    from assess.draft import Draft
    from rubrics.schema import Rubric

app = typer.Typer(add_completion=False, no_args_is_help=True, help="评分表工具：校验、起草评分表文件")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help="评分表文件（.yaml）", show_default=False)],
) -> None:
    """校验评分表：各级分值合计、编号唯一、规则完整；错误注明文件和行号。"""
    from rubrics.loader import RubricError, load_rubric_file, released_rules, rules_sha256

    try:
        rubric = load_rubric_file(file)
    except RubricError as error:
        for line, reason in error.problems:
            err.print(f"{error.file}{f' 第{line}行' if line else ''}：{reason}", markup=False)
        err.print(f"{error.file}：共 {len(error.problems)} 处问题，评分表不可用", markup=False)
        raise typer.Exit(1) from error
    frozen = released_rules().get(rubric.id)
    if frozen is not None and frozen != rules_sha256(rubric):
        err.print(f"{file.name}：评分表“{rubric.id}”已发布并用于评分，计分规则不得修改；"
                  f"修订或新年度请另建文件（新编号）", markup=False)
        raise typer.Exit(1)
    out.print(f"{file.name}：评分表“{rubric.title}”校验通过", markup=False)
    for line in _summary(rubric):
        out.print(f"  {line}", markup=False)


def _summary(rubric: Rubric) -> list[str]:
    """What the file says, in the reviewer's terms, so an author can compare it with the notice."""
    from rubrics.engine import max_possible

    base = [c for c in rubric.categories if c.role == "base"]
    count = sum(len(g.indicators) for c in base for g in c.groups)
    lines = [f"{len(base)}个一级指标、{count}个指标，合计{num(rubric.base_points())}分"]
    for role, word in (("bonus", "加分项"), ("deduction", "扣分项")):
        for c in (c for c in rubric.categories if c.role == role):
            each = f"，每项不超过{num(c.item_cap)}分" if c.item_cap is not None else ""
            lines.append(f"{word}{sum(len(g.indicators) for g in c.groups)}项，合计不超过{num(c.points)}分{each}")
    if rubric.composition:
        terms = " + ".join(f"{t.label}{num(t.points)}分" + (f"×{num(t.weight * 100)}%" if t.weight != 1 else "") for t in rubric.composition)
        lines.append(f"总分 = {terms}")
    lines.append(f"满分{num(rubric.max_total)}分，最高可得{num(max_possible(rubric))}分")
    for c in rubric.conditions:
        effect = f"定为{c.grade}" if c.grade else "不予考核" if c.exclude else f"不能评为{'、'.join(c.bar)}"
        lines.append(f"情形：{c.label}——{effect}")
    return lines


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="通知或评分表：.docx .pdf .xlsx .txt .md", show_default=False)],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="草稿写入此文件（默认输出到屏幕）")] = None,
    table: Annotated[int | None, typer.Option("--table", min=1, help="只起草第N张评分表（从1数起）")] = None,
) -> None:
    """从通知的自评表起草评分表（YAML）：层级、分值、评分规则和关键词，待办处标 TODO，供人工完成。"""
    from assess.draft import draft_from_document, draft_from_text
    from extractors.parse import ParseError, parse, sniff_kind
    from extractors.parse.text import decode

    try:
        data = file.read_bytes()
    except OSError as error:
        err.print(f"{file.name}：无法读取文件（{error.strerror}）", markup=False)
        raise typer.Exit(1) from error
    try:
        # A notice's text keeps its tables only in the tabs the text parser folds away.
        if sniff_kind(data, file.name) in ("txt", "md"):
            drafts = draft_from_text(decode(data, file.name))
        else:
            drafts = draft_from_document(parse(data, file.name, "notice"))
    except ParseError as error:
        err.print(str(error), markup=False)
        raise typer.Exit(1) from error
    if not drafts:
        err.print(f"{file.name}：没有找到带分值的评分表（需有“分值”列，或指标文字中写明“N分”）", markup=False)
        raise typer.Exit(1)
    if table is not None:
        if table > len(drafts):
            raise typer.BadParameter(f"{file.name} 中只找到 {len(drafts)} 张评分表", param_hint="--table")
        drafts = [drafts[table - 1]]
    elif len(drafts) > 1:
        err.print(f"{file.name}：找到 {len(drafts)} 张评分表，已全部起草；用 --table N 只起草其中一张", markup=False)
    for number, draft in enumerate(drafts, 1):
        text = draft.yaml()
        target = output
        if output is not None and len(drafts) > 1:
            target = output.with_name(f"{output.stem}-{number}{output.suffix}")
        if target is None:
            # stdout carries only YAML, so it can be redirected into a file.
            sys.stdout.write(("---\n" if number > 1 else "") + text)
        else:
            target.write_text(text, encoding="utf-8")
        _report_draft(draft, text, target, number if len(drafts) > 1 else None)


def _report_draft(draft: Draft, text: str, target: Path | None, number: int | None) -> None:
    """One line per draft on stderr: what was drafted, what is left, whether check would pass."""
    from rubrics.loader import RubricError, parse_rubric

    rubric = draft.rubric
    count = sum(len(g["indicators"]) for c in rubric["categories"] for g in c["groups"])
    where = f"，已写入 {target}" if target is not None else ""
    err.print(
        f"{f'第{number}张 ' if number else ''}“{rubric['title']}”：{len(rubric['categories'])}个一级指标、{count}个指标，"
        f"满分{num(rubric['max_total'])}分；待办 {draft.todo_count()} 处（标为 TODO）{where}",
        markup=False,
    )
    try:
        parse_rubric(text.encode("utf-8"), target.name if target else "草稿")
    except RubricError as error:
        err.print(f"  草稿尚有 {len(error.problems)} 处不能通过校验，完成 TODO 后用 kaohe rubric check 复查", markup=False)
