"""Facts a notice states around its table: year, issuing body, document number,
attachment, stated total, weighting, deadline, grades and conditions on grades.

Only what the notice's own words say is taken; a grade line the notice does not
give is a TODO, never a guess.
"""

from __future__ import annotations

import re
from datetime import date

from assess.draft.marks import Marks


def year(text: str) -> int | None:
    """The assessed year: "2021年度" before any other year, since notices also carry their issue date."""
    m = re.search(r"(20\d{2})\s*年度", text) or re.search(r"(20\d{2})\s*年", text)
    return int(m.group(1)) if m else None


def body(notice: str) -> str | None:
    """The issuing 科协, looked for in the notice's head, where the issuer is named."""
    m = re.search(r"[\u4e00-\u9fff]{2,8}?(?:省|市|自治区)?科学技术协会", notice[:600])
    return m.group() if m else None


def source(notice: str, attachment: str) -> str:
    """Document number and attachment ("赣科协字〔2021〕135号 附件1"), so a reviewer can find the original."""
    m = re.search(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d+号", notice)
    number = m.group() if m else ""
    return " ".join(p for p in (number, f"附件{attachment}" if attachment else "") if p)


def december_evidence(notice: str) -> bool:
    """Whether the notice accepts proof of work planned for December (the year is not over when it is due)."""
    return bool(re.search(r"12月份?拟开展的工作.{0,20}证明", notice))


def attachment(notice: str, title: str) -> str:
    """The attachment number the notice gives the table ("附件1.江西省科协2021年度学会工作考核自评表")."""
    m = re.search(r"附件\s*(\d+)\s*[.．、:：]?\s*" + re.escape(title), notice)
    return m.group(1) if m else ""


def stated_total(notice: str) -> float | None:
    """The total the notice states ("满分100分"), checked against the table's own sums."""
    m = re.search(r"(?:总分值|分值为|满分为?)\s*(\d+)\s*分", notice)
    return float(m.group(1)) if m else None


def weighting(notice: str, attachment: str) -> str | None:
    """The sentence that weights this table into a total ("分数统计后按70%权重计入总分"), if the notice has one."""
    for m in re.finditer(r"[^。\n]*权重[^。\n]*。[^。\n]{0,40}?附件\s*(\d+)", notice):
        if m.group(1) == attachment:
            return re.search(r"[^。，；\n]*权重[^。，；\n]*", m.group()).group()
    return None


def deadline(notice: str, year: int | None) -> date | None:
    """The submission deadline ("11月30日前"), in the assessed year when the notice omits it."""
    m = re.search(r"(?:(20\d{2})年)?(\d{1,2})月(\d{1,2})日[^，。；]{0,8}?(?:之前|以前|前)", notice)
    if not m:
        return None
    y = int(m.group(1)) if m.group(1) else year
    try:
        return date(y, int(m.group(2)), int(m.group(3))) if y else None
    except ValueError:
        return None


GRADE_LIST = r"((?:[\u4e00-\u9fff]{1,3}[、，和及]){1,6}[\u4e00-\u9fff]{1,3}?)"
GRADES = (
    # "分别确定为优秀、良好、合格、不合格4个等次"
    re.compile(r"(?:确定为|分为|评定为|划分为)" + GRADE_LIST + r"(?:\s*\d+\s*个|[二三四五六]个)?等次"),
    # "考核等次分为特等、一等、二等。"
    re.compile(r"等次(?:分为|为|确定为)" + GRADE_LIST + r"[。；\n]"),
)


def _grades(notice: str) -> list[str]:
    """The grades a notice names, best first."""
    for pattern in GRADES:
        if m := pattern.search(notice):
            return [g for g in re.split(r"[、，和及]", m.group(1)) if g]
    return []


GRADE_LINES = (
    # "90分以上为优秀", "总分75分及以上的评为良好"
    re.compile(r"(\d+)分(?:及|或)?以上(?:的)?(?:为|评为|定为)([\u4e00-\u9fff]{1,3})"),
    # "60—74分为合格"
    re.compile(r"(\d+)\s*[-—–~～至到]\s*\d+分(?:的)?(?:为|评为|定为)([\u4e00-\u9fff]{1,3})"),
)
LOWEST_GRADE = re.compile(r"(?:\d+分以下|低于\d+分|不足\d+分)(?:的)?(?:为|评为|定为)([\u4e00-\u9fff]{1,3})")


def grading(notice: str, marks: Marks) -> dict:
    """Grades and their score lines as the notice states them; missing lines are a TODO, never guessed."""
    grades = _grades(notice)
    if not grades:
        return {"method": "none", "veto_grade": None}
    lines = {g: float(n) for pattern in GRADE_LINES for n, g in pattern.findall(notice) if g in grades}
    lines.update({g: 0.0 for g in LOWEST_GRADE.findall(notice) if g in grades and g not in lines})
    bands = [{"grade": g, "min": m} for g, m in sorted(lines.items(), key=lambda x: -x[1])]
    rank = bool(re.search(r"从高到低|按[^，。]{0,6}排名|排序确定|等次比例|比例不超过", notice))
    grading: dict = {"method": "rank" if rank else "threshold", "bands": bands}
    grading["veto_grade"] = "不合格" if "不合格" in grades else None
    if len(bands) < len(grades):
        missing = "、".join(g for g in grades if g not in lines)
        marks.todo(("grading",), f"通知列出等次{'、'.join(grades)}，未给出{missing}的分数线，请填写 bands（或排名比例 shares）")
    return grading


def conditions(notice: str) -> list[dict]:
    """Grade rules in the notice that no indicator scores (不按时提供材料为不合格；出现扣分项不能评为特等)."""
    found = []
    if m := re.search(r"不按时[^。；]{0,20}?为([\u4e00-\u9fff]{2,3})等次", notice):
        found.append({"id": "late", "label": m.group(0), "trigger": "late", "grade": m.group(1)})
    if m := re.search(r"出现扣分项的单位不能评为([\u4e00-\u9fff]{1,3}?)奖?[。；\n]", notice):
        found.append({"id": "deducted", "label": m.group(0).rstrip("。；\n"), "trigger": "deductions",
                      "bar": [m.group(1).removesuffix("奖")]})
    if m := re.search(r"[^。\n]*有事法则[^。\n]*", notice):
        label = re.sub(r"^(?:注[：:])?\s*\d*[.．、]?", "", m.group()).strip()
        bars = [g.removesuffix("奖") for g in re.findall(r"“([\u4e00-\u9fff]{1,3}奖?)”", label) if "奖" in g]
        if bars:
            found.append({"id": "incident_bar", "label": label, "bar": bars})
        if "不予考核" in label:
            found.append({"id": "incident_exclude", "label": label, "exclude": True})
    return found
