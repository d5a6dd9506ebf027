"""Human-readable output for reviewers: Chinese tables with the evidence quoted."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from core.vocabulary import LEVEL_LABELS, STATUS_LABELS, TYPE_LABELS
from ingest.pipeline import Submission

QUOTE_CHARS = 80


def _quote(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def render_documents(console: Console, submission: Submission) -> None:
    for d in submission.documents:
        line = f"[bold]{d.name}[/]  {d.kind.upper()}，{d.pages} 页"
        console.print(line)
        for warning in d.warnings:
            console.print(f"  [yellow]提示：{warning}[/]")
    for failure in submission.failures:
        console.print(f"[red]无法处理 {failure}[/]")
    for warning in submission.warnings:
        console.print(f"[yellow]注意：{warning.message}[/]")


def render_activities(console: Console, submission: Submission) -> None:
    table = Table(title=f"识别到的活动（{len(submission.activities)} 项）", show_lines=False)
    for column in ("编号", "类型", "日期", "级别", "人数", "场次", "状态"):
        table.add_column(column)
    # Quotes are what a reviewer checks: wrap them rather than cut them off.
    table.add_column("原文", overflow="fold", min_width=10, ratio=1)
    for a in submission.activities:
        date = a.date_start or ""
        if a.date_end:
            date += f" 至 {a.date_end}"
        table.add_row(
            a.id,
            TYPE_LABELS[a.type],
            date,
            LEVEL_LABELS.get(a.level or "", ""),
            str(a.participants or ""),
            f"{a.count}{'（汇总）' if a.is_tally else ''}",
            STATUS_LABELS[a.status],
            _quote(a.evidence[0].text),
        )
    console.print(table)


def render_score(console: Console, submission: Submission) -> None:
    sheet, rubric = submission.sheet, submission.rubric
    table = Table(title=f"{rubric.title}：逐项建议", show_lines=True)
    for column in ("指标", "评分标准", "计数", "建议得分"):
        table.add_column(column, overflow="fold")
    table.add_column("依据（原文）", overflow="fold", min_width=16, ratio=1)
    for p in submission.proposals:
        score = f"{p.proposed_score:g}/{p.max:g}"
        if p.score_range[0] != p.score_range[1]:
            score += f"（{p.score_range[0]:g}–{p.score_range[1]:g}）"
        if p.pending:
            score = f"待录入（0–{p.score_range[1]:g}）"
        elif p.needs_review:
            score += "\n[yellow]需复核[/]"
        quotes = "\n".join(
            f"第{e.page or 1}页：{_quote(e.text)}" for e in p.evidence[:3]
        ) or "[dim]未找到相关材料[/]"
        table.add_row(f"{' / '.join(p.path)}\n{_quote(p.label)}", p.explanation or p.rule, str(p.proposed_count), score, quotes)
    console.print(table)
    low, high = sheet.total_range
    total_line = f"建议总分：[bold]{sheet.total:g}[/] / {rubric.max_total:g}"
    if sheet.pending:
        total_line += f"（材料支持的部分；待录入项可变化 {sheet.pending_range[0]:+g} 至 {sheet.pending_range[1]:+g} 分）"
    if low != high:
        total_line += f"（可能区间 {low:g}–{high:g}）"
    console.print(total_line)
    console.print(f"建议等次：[bold]{sheet.grade or '—'}[/]")
    for note in sheet.notes:
        console.print(f"[yellow]{note}[/]")


def render_audit(console: Console, submission: Submission) -> None:
    """The self-evaluation against the evidence: one line per finding, with where the claim is written."""
    claims = submission.self_evaluation
    table = Table(title=f"自评核查（{submission.self_evaluation_document.name}）", show_lines=True)
    for column in ("指标", "问题", "自评", "材料支持"):
        table.add_column(column, overflow="fold")
    table.add_column("说明", overflow="fold", min_width=16, ratio=1)
    labels = {p.id: p.label for p in submission.proposals}
    for f in submission.audit:
        table.add_row(
            _quote(labels.get(f.indicator, "自评总分"))[:30],
            f.label,
            "" if f.self_score is None else f"{f.self_score:g}",
            "" if f.supported is None else f"{f.supported:g}",
            f.message,
        )
    console.print(table if submission.audit else "[green]自评与材料一致，未发现问题[/]")
    total = "—" if claims.claimed_total is None else f"{claims.claimed_total:g}"
    console.print(f"自评总分：{total}；建议总分：{submission.sheet.total:g}")
    for warning in claims.warnings:
        console.print(f"[yellow]提示：{warning}[/]")
