"""Ids of a drafted rubric and its categories, from the region, year and unit kind the notice names.

Rubric ids are file names (jiangxi-2021-society) and indicator ids carry a short
prefix (jx21.party.1), so drafts are named the way the bundled rubrics are.
"""

from __future__ import annotations

from assess.draft.hierarchy import DraftCategory

# Province-level names, the pinyin used in rubric ids and the prefix of indicator ids.
REGIONS = (
    ("北京", "beijing", "bj"), ("天津", "tianjin", "tj"), ("河北", "hebei", "heb"), ("山西", "shanxi", "sx"),
    ("内蒙古", "neimenggu", "nmg"), ("辽宁", "liaoning", "ln"), ("吉林", "jilin", "jl"), ("黑龙江", "heilongjiang", "hlj"),
    ("上海", "shanghai", "sh"), ("江苏", "jiangsu", "js"), ("浙江", "zhejiang", "zj"), ("安徽", "anhui", "ah"),
    ("福建", "fujian", "fj"), ("江西", "jiangxi", "jx"), ("山东", "shandong", "sd"), ("河南", "henan", "hen"),
    ("湖北", "hubei", "hub"), ("湖南", "hunan", "hun"), ("广东", "guangdong", "gd"), ("广西", "guangxi", "gx"),
    ("海南", "hainan", "hi"), ("重庆", "chongqing", "cq"), ("四川", "sichuan", "sc"), ("贵州", "guizhou", "gz"),
    ("云南", "yunnan", "yn"), ("西藏", "xizang", "xz"), ("陕西", "shaanxi", "sn"), ("甘肃", "gansu", "gs"),
    ("青海", "qinghai", "qh"), ("宁夏", "ningxia", "nx"), ("新疆", "xinjiang", "xj"),
    # A table that names no region, only "自治区…".
    ("自治区", "zizhiqu", "zzq"),
)
# What kind of unit a table assesses, from its title; the last word of a rubric id.
UNIT_KINDS = (("高校", "university"), ("企业", "enterprise"), ("区县", "district"), ("学会", "society"))
# Words in a 一级指标's name and the English id they give the category.
CATEGORY_IDS = (
    ("党建", "party"), ("政治引领", "political"), ("能力", "capability"), ("学术", "academic"),
    ("全民素质", "popularization"), ("科普", "popularization"), ("决策", "consulting"), ("创新驱动", "innovation"),
    ("科技服务", "service"), ("技术服务", "service"), ("自身建设", "self"), ("科技工作者", "members"),
    ("特色", "featured"), ("业务", "business"), ("重点工作", "priorities"), ("常规", "routine"), ("改革", "reform"),
    ("宣传", "publicity"),
)


def category_id(category: DraftCategory, index: int, used: set[str]) -> str:
    """An English id from the category's words (党建 → party), unique in the rubric; c1, c2… otherwise."""
    base = {"bonus": "bonus", "deduction": "deductions"}.get(category.role) or next(
        (cid for word, cid in CATEGORY_IDS if word in category.name), None)
    cid = base or f"c{index + 1}"
    n = 2
    while cid in used:
        cid = f"{base or 'c'}{n}"
        n += 1
    used.add(cid)
    return cid
