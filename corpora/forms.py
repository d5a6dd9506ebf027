"""Filled self-evaluation tables (自评表) as societies hand them in: Word and Excel.

Each form is a table typed by an office from the notice's blank form: the
indicator wording copied, shortened or rephrased, a self-score per row, the
自评依据 in words, and a 合计 row. The truth (which indicator each row is for)
sits beside the wording, so the tests and the audit corpus can measure how
rows are mapped. `tests/fixtures/selfeval/build.py` exports the committed PDF.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm
from openpyxl.styles import Alignment, Border, Font, Side

from corpora.writer import BODY_FONT, OfficialDocument, _font
from rubrics.schema import Rubric



@dataclass
class Row:
    indicator: str | None  # the rubric indicator this row is for (the truth); None for work the rubric does not score
    wording: str  # the row's indicator text as the office typed it
    score: str  # the self-score as written ("5", "4.5", "3分")
    basis: str = ""


# 江西省矿业学会: the form's wording copied with light edits, 自评依据 filled in.
MINING = [
    Row("jx21.party.study", "深入学习贯彻习近平总书记“七一”重要讲话精神和在中国科协“十大”上的重要讲话精神", "5",
        "学会党支部组织集中学习“七一”重要讲话精神3次，理事会专题学习中国科协“十大”精神（佐证1-2）"),
    Row("jx21.party.political", "树牢“四个意识”、坚定“四个自信”、做到“两个维护”；开展党史学习教育", "3",
        "4月召开党史学习教育动员会，6月赴井冈山开展红色教育（佐证3）"),
    Row("jx21.party.organization", "在学会负责人或秘书处层面建立党组织并开展工作", "2", "学会党支部2019年成立，全年召开支委会6次"),
    Row("jx21.party.room", "党员活动室制度上墙", "3", "秘书处设党员活动室，基本制度已上墙（照片见佐证4）"),
    Row("jx21.party.ledger", "建立党建工作台账", "2", "建立党建工作台账，制度尚在完善"),
    Row("jx21.party.conduct", "落实科技社团党委和上级党组织工作要求及党风廉政建设责任制", "2", "签订党风廉政建设责任书"),
    Row("jx21.capability.academic", "主办、承办学术会议（国际性10分、全国或区域性6分、全省性4分）", "20",
        "主办全国智能采矿学术研讨会、全省智能采矿学术研讨会、尾矿库安全监测学术报告会、2021年学术年会"),
    Row("jx21.capability.alliance", "与其他学会、社会组织合作建立创新联盟、技术联盟", "2", "与省地质学会共建绿色矿山技术联盟"),
    Row("jx21.capability.publication", "主办、协办学术期刊，引导促进学科发展", "3", "协办《江西矿业》，编印论文集1册"),
    Row("jx21.capability.integrity", "科学道德和学风建设", "2", "开展科学道德和学风建设宣讲1场"),
    Row("jx21.service.innovation", "深入园区企业建立科技服务站、开展产学研", "8", "在赣州稀土园区建立科技服务站1个，服务企业12家"),
    Row("jx21.service.rural", "深入乡村开展志愿服务，助力乡村振兴", "6", "赴寻乌县开展科技下乡2次"),
    Row("jx21.service.consulting", "发挥智库作用开展决策咨询（被采纳4分，其他2分）", "4", "《稀土尾矿综合利用的建议》获副省长批示"),
    Row("jx21.service.government", "承接政府转移职能（科技评估、资格认定、标准研制、奖励推荐等）", "5", "承担省科技厅项目评审2批次"),
    Row("jx21.popularization.activities", "组建科技志愿服务队伍，开展科普活动五次以上", "7", "组建矿业科普志愿服务队，开展科普活动6次"),
    Row("jx21.popularization.campaigns", "参与全国科普日活动；开展“赣鄱科普大讲堂”活动", "8", "参加2021年全国科普日；举办赣鄱科普大讲堂1期"),
    Row("jx21.self.governance", "按《章程》规范管理，理事会、常务理事作用发挥良好", "2", "召开常务理事会2次、理事会1次"),
    Row("jx21.self.inspection", "年检合格", "5", "2020年度年检合格"),
    Row("jx21.self.talent", "设立奖项表彰科技工作者，推荐优秀人才", "2", "评选矿业青年科技奖5人"),
    Row("jx21.self.members", "吸纳会员登记造册，建立专家库", "2", "新增个人会员86人，专家库入库专家120人"),
    Row("jx21.self.finance", "财务规范，按规定审计、税务登记", "1.5", "完成年度财务审计，税务登记正常"),
    Row("jx21.self.media", "期刊、网站、公众号、抖音号管理规范、更新及时", "2", "微信公众号全年发布推文96篇"),
]
MINING_TOTAL = "96.5"

# 江西省气象学会: a spreadsheet with every row cut down to a few words, and a total mis-added.
METEOROLOGY = [
    Row("jx21.party.study", "学习“七一”重要讲话精神", "5", "理论学习中心组学习4次"),
    Row("jx21.party.political", "党史学习教育", "3", "开展党史学习教育专题讲座"),
    Row("jx21.party.organization", "建立党组织", "2", "成立学会党的工作小组"),
    Row("jx21.party.room", "党员活动室", "0", "暂无"),
    Row("jx21.party.ledger", "党建台账", "3", "台账齐全"),
    Row("jx21.party.conduct", "党风廉政建设", "2", "落实一岗双责"),
    Row("jx21.capability.academic", "学术会议", "14", "全国性学术会议1次、全省学术年会2次"),
    Row("jx21.capability.alliance", "创新联盟", "0", ""),
    Row("jx21.capability.publication", "学术期刊", "3", "主办《气象与减灾研究》"),
    Row("jx21.capability.integrity", "学风建设", "2", "科研诚信专题报告会"),
    Row("jx21.service.innovation", "科技服务站、产学研", "8", "与3家企业签订技术服务合同"),
    Row("jx21.service.rural", "乡村振兴志愿服务", "6", "气象助农服务进乡村"),
    Row("jx21.service.consulting", "决策咨询", "2", "报送防汛气象服务建议1份"),
    Row("jx21.service.government", "承接政府职能", "5", "承担气象科技成果评价"),
    Row("jx21.popularization.activities", "科普队伍及科普活动", "7", "气象科普志愿者服务队，开展科普进校园8次"),
    Row("jx21.popularization.campaigns", "科普日、赣鄱科普大讲堂", "3分", "参加全国科普日"),
    Row("jx21.self.governance", "理事会作用", "2", "召开理事会1次"),
    Row("jx21.self.inspection", "年检", "5", "年检合格"),
    Row("jx21.self.talent", "奖项及人才举荐", "2", "推荐省青年科技奖候选人2名"),
    Row("jx21.self.members", "会员发展、专家库", "2", "新增会员40人"),
    Row("jx21.self.finance", "财务审计、税务登记", "2", "年度审计报告"),
    Row("jx21.self.media", "新媒体管理", "2", "网站和公众号及时更新"),
]
# The rows add up to 80; the office typed 82.
METEOROLOGY_TOTAL = "82"


# Rows rephrased in the office's own words (few of the form's), for a table with no 分值
# and no category cells to help: only the wording says which indicator a row is for.
REPHRASED = [
    Row("jx21.party.study", "学习总书记七一讲话", "5"),
    Row("jx21.party.political", "党史学习教育、两个维护", "3"),
    Row("jx21.party.organization", "学会党支部建设", "2"),
    Row("jx21.party.room", "党员活动阵地建设，制度上墙", "3"),
    Row("jx21.party.ledger", "党建工作记录和制度", "3"),
    Row("jx21.party.conduct", "廉政建设责任落实", "2"),
    Row("jx21.capability.academic", "举办各级学术会议", "16"),
    Row("jx21.capability.alliance", "跨领域合作联盟", "2"),
    Row("jx21.capability.publication", "出版学术期刊", "3"),
    Row("jx21.capability.integrity", "科研诚信与学风", "2"),
    Row("jx21.service.innovation", "服务企业园区、产学研合作", "8"),
    Row("jx21.service.rural", "科技助力乡村振兴", "6"),
    Row("jx21.service.consulting", "建言献策，建议获采纳", "6"),
    Row("jx21.service.government", "承接科技评估、团体标准等政府职能", "5"),
    Row("jx21.popularization.activities", "科普志愿者队伍和科普活动场次", "7"),
    Row("jx21.popularization.campaigns", "科普日及赣鄱大讲堂", "8"),
    Row("jx21.self.governance", "理事会、常务理事会召开情况", "2"),
    Row("jx21.self.inspection", "年度检查结果", "5"),
    Row("jx21.self.talent", "人才举荐与表彰", "2"),
    Row("jx21.self.members", "会员管理和专家库", "2"),
    Row("jx21.self.finance", "财务管理", "2"),
    Row("jx21.self.media", "网站及微信公众号运维", "2"),
]


def _groups(rubric: Rubric, rows: list[Row]) -> list[tuple[str, str, Row]]:
    """Each row with the 一级指标 (with its points) and 二级指标 cells it sits under."""
    where = {ind.id: (f"{c.name}（{c.points:g}分）", g.name) for c, g, ind in rubric.indicators()}
    return [(*where[row.indicator], row) for row in rows]


def _cell(table, r: int, c: int, text: str, size: float = 10.5, bold: bool = False, center: bool = False) -> None:
    paragraph = table.cell(r, c).paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    if text:
        _font(paragraph.add_run(text), BODY_FONT, size, bold)


def _widths(table, widths: list) -> None:
    """Fixed column widths (the grid LibreOffice lays out by, and each cell's own width as Word writes it)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _merge_runs(table, col: int, first_row: int, values: list[str]) -> None:
    """Merge equal consecutive cells of one column vertically (一级、二级指标 as on the form)."""
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if i - start > 1:
                table.cell(first_row + start, col).merge(table.cell(first_row + i - 1, col))
            start = i


def jiangxi_docx(path: Path, rubric: Rubric, society: str = "江西省矿业学会",
                 rows: list[Row] = MINING, total: str = MINING_TOTAL) -> Path:
    """The Jiangxi form in Word: two header rows (指标分类 over 一级/二级/三级), merged 一级/二级 cells,
    a 自评依据 column added by the society, 合计 and 备注 rows; header rows repeat on every page."""
    doc = OfficialDocument("江西省科协2021年度学会工作考核自评表", header=f"{society}2021年度自评表")
    section = doc.doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.0)
    doc.paragraph(f"填报单位（盖章）：{society}", size=14, indent=False)
    header = ["指标分类", None, None, "分值", "自评分", "自评依据", "核分"]
    placed = _groups(rubric, rows)
    table = doc.doc.add_table(rows=2 + len(placed) + 2, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, text in enumerate(header):
        _cell(table, 0, c, text or "", 12, True, True)
    for c, text in enumerate(["一级指标", "二级指标", "三级指标"]):
        _cell(table, 1, c, text, 12, True, True)
    maxima = {ind.id: ind.max for _, _, ind in rubric.indicators()}
    previous = (None, None)
    for r, (category, group, row) in enumerate(placed, start=2):
        # Only the first cell of a merged run holds the text, as in Word.
        values = [category if category != previous[0] else "", group if (category, group) != previous else "",
                  row.wording, f"{maxima[row.indicator]:g}分", row.score, row.basis, ""]
        previous = (category, group)
        for c, text in enumerate(values):
            _cell(table, r, c, text, center=c in (0, 1, 3, 4))
    end = 2 + len(placed)
    for c, text in enumerate(["合    计", "", "", "100分", total, "", ""]):
        _cell(table, end, c, text, 12, c == 0, True)
    _cell(table, end + 1, 0, "备注", 12, True, True)
    # Merges last: python-docx moves a merged cell's text into the first cell.
    _merge_runs(table, 0, 2, [category for category, _, _ in placed])
    _merge_runs(table, 1, 2, [f"{category}/{group}" for category, group, _ in placed])
    table.cell(0, 0).merge(table.cell(0, 2))
    for c in range(3, len(header)):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(end, 0).merge(table.cell(end, 2))
    table.cell(end + 1, 1).merge(table.cell(end + 1, len(header) - 1))
    for r in (0, 1):
        table.rows[r]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    _widths(table, [Cm(2.0), Cm(2.2), Cm(5.2), Cm(1.3), Cm(1.4), Cm(4.0), Cm(1.0)])
    doc.signature(society, "2021年11月25日")
    return doc.save(path)


def jiangxi_xlsx(path: Path, rubric: Rubric, society: str = "江西省气象学会",
                 rows: list[Row] = METEOROLOGY, total: str = METEOROLOGY_TOTAL) -> Path:
    """The same form kept in Excel: a merged title row and 填报单位 line above the header,
    the society's own column names (考核内容, 自评得分, 自评说明), numbers stored as numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    columns = ["一级指标", "二级指标", "考核内容", "分值", "自评得分", "自评说明", "核定得分"]
    sheet.append(["江西省科协2021年度学会工作考核自评表"])
    sheet.append([f"填报单位：{society}（盖章）"])
    sheet.append(columns)
    placed = _groups(rubric, rows)
    maxima = {ind.id: ind.max for _, _, ind in rubric.indicators()}
    for category, group, row in placed:
        score = float(row.score) if re.fullmatch(r"\d+(\.\d+)?", row.score) else row.score
        sheet.append([category, group, row.wording, maxima[row.indicator], score, row.basis or None, None])
    sheet.append(["合计", None, None, 100, float(total), None, None])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    first = 4
    for col, key in ((1, lambda p: p[0]), (2, lambda p: (p[0], p[1]))):
        start = 0
        for i in range(1, len(placed) + 1):
            if i == len(placed) or key(placed[i]) != key(placed[start]):
                if i - start > 1:
                    sheet.merge_cells(start_row=first + start, start_column=col, end_row=first + i - 1, end_column=col)
                start = i
    last = first + len(placed)
    sheet.merge_cells(start_row=last, start_column=1, end_row=last, end_column=3)
    thin = Side(style="thin")
    for line in sheet.iter_rows(min_row=3, max_row=last):
        for cell in line:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.font = Font(name="仿宋_GB2312", size=11)
    for letter, width in zip("ABCDEFG", (14, 14, 40, 8, 10, 36, 10)):
        sheet.column_dimensions[letter].width = width
    workbook.save(path)
    return path


# ---- tables for the other rubrics, typed from their own forms ------------------------

# Adverbs offices drop when a column is narrow.
_FILLER = re.compile(r"^(?:积极|深入|大力|认真|注重|定期|充分)")
# Score notes inside the wording ("（10分，5分/项）", "(加1分/次)").
_SCORE_NOTE = re.compile(r"[（(][^（）()]*分[^（）()]*[)）]")


def shorten(label: str, how: int) -> str:
    """The wording an office might type for `label`: 0 as printed, 1 first clause, 2 cut short, 3 clause without adverb."""
    plain = _SCORE_NOTE.sub("", label).strip("。；; ")
    clauses = [c for c in re.split("[，；。,;]", plain) if c]
    if how == 0 or not clauses:
        return label
    if how == 1:
        return clauses[0]
    if how == 2:
        return plain[:12] + "…" if len(plain) > 14 else plain
    return _FILLER.sub("", clauses[-1] if len(clauses) > 1 else clauses[0])


def filled_rows(rubric: Rubric, seed: int) -> list[Row]:
    """A plausible filled table for any rubric: wordings varied, scores up to each row's maximum."""
    rng = random.Random(seed)
    rows = []
    for i, (_, _, ind) in enumerate(rubric.indicators()):
        score = rng.choice([ind.max, ind.max, round(ind.max / 2), 0])
        rows.append(Row(ind.id, shorten(ind.label, (i + seed) % 4), f"{score:g}", f"见佐证材料{i + 1}"))
    return rows


# Column layouts of the other notices' forms (seeds: 浙江 2020, 重庆 2020, 自治区 2022).
LAYOUTS = {
    "zhejiang": ["序号", "类别", "项目", "评价内容", "分值", "自评分", "自评依据(工作实效)", "备注"],
    "chongqing": ["指标说明", "完成情况", "自评分"],
    "zizhiqu": ["A级指标", "B级指标", "C级指标", "分值", "评分标准", "自评", "备注"],
}


def generic_docx(path: Path, rubric: Rubric, layout: str, rows: list[Row]) -> Path:
    """A filled form in one of the other layouts, category cells merged down their rows."""
    columns = LAYOUTS[layout]
    where = {ind.id: (c, g, ind) for c, g, ind in rubric.indicators()}
    doc = OfficialDocument(rubric.title)
    section = doc.doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    table = doc.doc.add_table(rows=1 + len(rows) + 1, cols=len(columns))
    table.style = "Table Grid"
    for c, text in enumerate(columns):
        _cell(table, 0, c, text, 12, True, True)
    categories = []
    for r, row in enumerate(rows, start=1):
        category, group, ind = where.get(row.indicator, (None, None, None))
        categories.append(f"{category.name}（{category.points:g}分）" if category else "其他")
        first = len(categories) == 1 or categories[-1] != categories[-2]
        values = {
            "序号": str(r), "类别": categories[-1] if first else "", "项目": group.name if group else "",
            "评价内容": row.wording, "分值": f"{ind.max:g}分" if ind else "", "自评分": row.score,
            "自评依据(工作实效)": row.basis, "备注": "", "指标说明": row.wording, "完成情况": row.basis,
            "A级指标": categories[-1] if first else "", "B级指标": group.name if group else "",
            "C级指标": row.wording, "评分标准": ind.rule_text if ind else "", "自评": row.score,
        }
        for c, column in enumerate(columns):
            _cell(table, r, c, values[column])
    total = sum(float(row.score) for row in rows)
    for c, column in enumerate(columns):
        text = "总计" if c == 0 else f"{total:g}" if column in ("自评分", "自评") else ""
        _cell(table, len(rows) + 1, c, text)
    if "类别" in columns or "A级指标" in columns:
        _merge_runs(table, columns.index("类别" if "类别" in columns else "A级指标"), 1, categories)
    return doc.save(path)
