"""The draft as a rubric file laid out like the bundled ones, each TODO a comment above its place.

PyYAML cannot write comments, so the layout is emitted here line by line and
PyYAML only formats scalars and flow collections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from assess.draft.marks import Marks

if TYPE_CHECKING:
    from assess.draft.assemble import Draft

# Lists whose entries read best one per line ("- {min: 5, points: 5, label: 五次以上}").
FLOW_ENTRIES = {"tiers", "bands", "conditions"}


def render_yaml(draft: Draft) -> str:
    """The draft as a rubric file laid out like the bundled ones, each TODO as a comment above its place."""
    lines = [
        f"# 草稿：由 kaohe rubric import 从“{draft.table.title or '评分表'}”起草，须人工核对后使用。",
        f"# 待办 {draft.todo_count()} 处，标为 TODO；改完后用 kaohe rubric check 校验。",
        "# match.keywords 取自指标措辞（jieba 分词，去掉常用词），types 按措辞猜测；同时写 types 和",
        "# keywords 时，活动须类型相符且含关键词之一，计次的指标可考虑删去 keywords。",
        "# 没有给分措辞的指标按“有材料即得满分”（presence）起草；通知若要求按实效酌情打分，改为 discretionary。",
        *(f"# TODO: {t}" for t in draft.todos.get((), [])),
        "",
    ]
    _emit(draft.rubric, (), 0, lines, draft.marks)
    return "\n".join(lines) + "\n"


def _flow(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10**9).strip()


def _scalar(value) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, width=10**9).strip()
    return text.removesuffix("...").strip()


def _comments(marks: Marks, at: tuple, pad: str) -> list[str]:
    source = [f"{pad}# {marks.sources[at]}"] if at in marks.sources else []
    return source + [f"{pad}# TODO: {t}" for t in marks.todos.get(at, [])]


def _emit(value: dict, where: tuple, indent: int, lines: list[str], marks: Marks) -> None:
    pad = " " * indent
    for key, item in value.items():
        at = (*where, key)
        lines.extend(_comments(marks, at, pad))
        if isinstance(item, dict) and (key == "outcomes" or not any(isinstance(v, (dict, list)) for v in item.values())):
            lines.append(f"{pad}{key}: {_flow(item)}")
        elif isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            _emit(item, at, indent + 2, lines, marks)
        elif isinstance(item, list) and any(isinstance(x, dict) for x in item):
            lines.append(f"{pad}{key}:")
            for i, entry in enumerate(item):
                lines.extend(_comments(marks, (*at, i), f"{pad}  "))
                if key in FLOW_ENTRIES:
                    lines.append(f"{pad}  - {_flow(entry)}")
                    continue
                sub: list[str] = []
                _emit(entry, (*at, i), indent + 4, sub, marks)
                first = next(k for k, line in enumerate(sub) if not line.lstrip().startswith("#"))
                sub[first] = f"{pad}  - {sub[first].lstrip()}"
                lines.extend(sub)
        else:
            lines.append(f"{pad}{key}: {_flow(item) if isinstance(item, list) else _scalar(item)}")
