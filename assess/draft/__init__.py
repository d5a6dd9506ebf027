"""Draft a rubric file from a notice's self-evaluation table, for a person to finish.

Rubric authors start from the notice: a Word or PDF file, or its text with the
table flattened (one row per line with tab-separated cells, or one cell per
line). This package reads the table into rows, rebuilds the hierarchy (一级 /
二级 / 三级指标, or numbered items whose points are written inside the text),
reads each indicator's maximum and guesses its rule kind from the wording
("国际性10分；全国6分" → tiered, "五次以上5分" → count bands, "未开展扣2分" →
deduction, "结合实际工作开展情况赋分" → discretionary, "一票否决" → veto).
Keywords are drafted from the indicator's words.

What the wording does not settle is marked `# TODO` in the YAML and listed in
`Draft.todos`; the draft never invents a number silently. When the table's own
arithmetic does not hold, or the notice gives no grade thresholds, the draft is
left failing `kaohe rubric check`, which then lists exactly what is left.

Modules, in the order a draft is made: `tables` (a notice's tables as rows of
cells), `hierarchy` (categories, groups, indicators), `clauses`, `rules` and
`tiers` (what a row's wording scores), `match` (keywords, activity types),
`facts` (the notice's own text: deadline, grades, conditions), `ids`,
`assemble` (the rubric as data, with `marks` for TODOs) and `render` (the YAML).

Pure: text or a parsed `Document` in, a rubric as data and YAML text out.
"""

from assess.draft.assemble import Draft, draft_from_document, draft_from_text
from assess.draft.match import keywords
from assess.draft.rules import guess_rule

__all__ = ["Draft", "draft_from_document", "draft_from_text", "guess_rule", "keywords"]
