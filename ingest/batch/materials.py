"""What each submitted file is: 工作总结, 自评表, 汇总表 or 佐证材料.

Notices list the materials a society must send; pre-screening checks that
each is there, and scoring must not read a 自评表 as evidence (its indicator
wording — "主办、承办国际性学术会议10分" — reads like work done). Offices name
their files, and usually say what they are, so names decide first: the
folders a file sits in (a society's own sorting: "佐证材料/年会总结.docx"),
then the file name. Only a file whose name says nothing is judged by its
content, which needs it parsed.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from extractors.models import BlockKind, Document

SUMMARY = "工作总结"
SELF_EVALUATION = "自评表"
SUMMARY_TABLE = "汇总表"
EVIDENCE = "佐证材料"
KINDS = (SUMMARY, SELF_EVALUATION, SUMMARY_TABLE, EVIDENCE)
# Materials that state claims rather than prove work: kept out of the activity extraction.
CLAIMS = (SELF_EVALUATION, SUMMARY_TABLE)

# In order: "工作考核自评表" is a 自评表 although it says 工作; "工作情况汇总表" a 汇总表.
NAME_CUES = (
    (SELF_EVALUATION, re.compile(r"自评|自查|评分表|考核表|打分表")),
    (SUMMARY_TABLE, re.compile(r"汇总表|情况汇总|一览表|统计表")),
    (SUMMARY, re.compile(r"总结|工作报告|年度报告|述职")),
    (EVIDENCE, re.compile(r"佐证|证明|附件|照片|图片|合同|协议|通知|批示|证书|报道|简报|纪要|获奖|聘书|截图|发票|名单")),
)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
NOTICE_NAME = re.compile(r"通知|考核办法|考核指标")
# Words in a file name that say what the file is, not whose it is.
MATERIAL_WORDS = re.compile(
    r"(?:19|20)\d\d\s*年?度?|工作总结|总结|自评表|自评|汇总表|佐证材料|佐证|材料|附件\s*\d*|考核|年度|工作|情况|主要"
    r"|报告|省级学会|[（）()【】\[\]\-_—\s.、]+|\d+"
)


def kind_by_name(name: str) -> str | None:
    """The material `name` (a path within the submission) says it is, or None."""
    path = PurePosixPath(name)
    for folder in reversed(path.parts[:-1]):
        if kind := _cue(folder):
            return kind
    if kind := _cue(path.stem):
        return kind
    return EVIDENCE if path.suffix.lower() in IMAGE_SUFFIXES else None


def _cue(text: str) -> str | None:
    return next((kind for kind, cue in NAME_CUES if cue.search(text)), None)


def kind_by_content(document: Document) -> str:
    """The material a parsed file looks like; 佐证材料 when nothing marks it."""
    cells = " ".join(b.text for b in document.blocks if b.kind == BlockKind.TABLE_CELL)
    if "自评" in cells and ("分值" in cells or "指标" in cells):
        return SELF_EVALUATION
    opening = " ".join(b.text for b in document.body_blocks()[:3])
    if "汇总表" in opening or ("学会名称" in cells and "活动名称" in cells):
        return SUMMARY_TABLE
    if re.search(r"总结|工作报告|工作情况", opening):
        return SUMMARY
    return EVIDENCE


def name_without_material_words(stem: str) -> str:
    """A file name stem with the words that name the material removed ("矿业学会-自评表" → "矿业学会")."""
    return MATERIAL_WORDS.sub("", stem)
