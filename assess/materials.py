"""What each submitted file is: 工作总结, 自评表, 汇总表 or 佐证材料.

Notices list the materials a society must send; the audit and the batch's
pre-screening both check here that each is there, and scoring must not read a 自评表 as evidence (its indicator
wording — "主办、承办国际性学术会议10分" — reads like work done). The material
is the document's role (`extractors.evidence`: folders, then the file name,
and only when they say nothing the content, which needs the file parsed) in
the notice's words.
"""

from __future__ import annotations

import re

from collections.abc import Mapping

from core.findings import Finding, FindingKind
from core.vocabulary import DocumentRole
from extractors.evidence import classify_document, role_by_name
from extractors.models import Document
from rubrics.schema import Rubric

SUMMARY = "工作总结"
SELF_EVALUATION = "自评表"
SUMMARY_TABLE = "汇总表"
EVIDENCE = "佐证材料"
KINDS = (SUMMARY, SELF_EVALUATION, SUMMARY_TABLE, EVIDENCE)
# Materials that state claims rather than prove work: kept out of the activity extraction.
CLAIMS = (SELF_EVALUATION, SUMMARY_TABLE)
# Every other role is evidence.
MATERIALS = {DocumentRole.SUMMARY: SUMMARY, DocumentRole.SELF_EVALUATION: SELF_EVALUATION,
             DocumentRole.SUMMARY_TABLE: SUMMARY_TABLE}
# Asked for when a rubric names no materials: every notice wants the summary.
DEFAULT_MATERIALS = (SUMMARY,)
NOTICE_NAME = re.compile(r"通知|考核办法|考核指标")
# Words in a file name that say what the file is, not whose it is.
MATERIAL_WORDS = re.compile(
    r"(?:19|20)\d\d\s*年?度?|工作总结|总结|自评表|自评|汇总表|佐证材料|佐证|材料|附件\s*\d*|考核|年度|工作|情况|主要"
    r"|报告|省级学会|[（）()【】\[\]\-_—\s.、]+|\d+"
)


def kind_by_name(name: str) -> str | None:
    """The material `name` (a path within the submission) says it is, or None."""
    role = role_by_name(name)
    return None if role is None else material(role)


def kind_by_content(document: Document) -> str:
    """The material a parsed file looks like; 佐证材料 when nothing marks it."""
    return material(classify_document(document))


def material(role: DocumentRole) -> str:
    return MATERIALS.get(role, EVIDENCE)


def name_without_material_words(stem: str) -> str:
    """A file name stem with the words that name the material removed ("矿业学会-自评表" → "矿业学会")."""
    return MATERIAL_WORDS.sub("", stem)


def required_materials(rubric: Rubric) -> list[str]:
    return rubric.materials or list(DEFAULT_MATERIALS)


def material_files(rubric: Rubric, kinds: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Per required material, the files of that kind (or, for materials the classifier
    does not know, the files whose name says it); `kinds` maps each file name to its material."""
    return {
        material: [name for name, kind in kinds.items() if kind == material or material in name]
        for material in required_materials(rubric)
    }


def missing_materials(rubric: Rubric, kinds: Mapping[str, str | None]) -> list[Finding]:
    """A finding per required material with no file for it."""
    required = "、".join(required_materials(rubric))
    return [
        Finding.of(FindingKind.MISSING_MATERIAL, material=material, required=required)
        for material, names in material_files(rubric, kinds).items()
        if not names
    ]
