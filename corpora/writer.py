"""A Word document typed the way a society's office types its annual summary.

GB/T 9704 official-document style: A4, margins 3.7/3.5/2.8/2.6 cm, title in
方正小标宋简体 22 pt centred, body 仿宋_GB2312 三号 (16 pt) with a two-character
first-line indent at exact 28 pt line spacing, "一、" headings in 黑体, "（一）"
headings in 楷体, a running header that repeats the title and a "— N —" footer.
The sample generator only says *what* to write; this module knows *how it looks*.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}


def _font(run, east_asian: str, size: float, bold: bool = False) -> None:
    # Word picks the CJK face from w:eastAsia; the Latin name alone leaves CJK text in the default font.
    run.font.name = east_asian
    run.font.size = Pt(size)
    run.font.bold = bold
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def official_page_setup(doc, header_text: str, header_font: str = BODY_FONT, footer_dash: str = "— ") -> None:
    """A4 with the margins of 党政机关公文格式, a running header, and "— 1 —" page numbers in the footer."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(header.add_run(header_text), header_font, 10.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run(footer_dash), "宋体", 14)
    # A PAGE field as Word writes it; LibreOffice fills in the number on export.
    for xml in (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'):
        run = footer.add_run()
        _font(run, "宋体", 14)
        run._r.append(parse_xml(xml))
    _font(footer.add_run(" —"), "宋体", 14)


class OfficialDocument:
    """One summary being typed; call the methods in reading order, then `save`."""

    def __init__(self, title: str, header: str | None = None):
        self.doc = Document()
        self._page_setup(header if header is not None else title)
        self._title(title)

    def _page_setup(self, header_text: str) -> None:
        official_page_setup(self.doc, header_text)

    def paragraph(self, text: str, font: str = BODY_FONT, size: float = 16, *, indent: bool = True,
                  align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold: bool = False):
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.alignment = align
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28 if size <= 16 else 36)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if text:
            _font(p.add_run(text), font, size, bold)
        return p

    def _title(self, text: str) -> None:
        self.paragraph(text, TITLE_FONT, 22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.paragraph("", indent=False)

    def heading(self, level: int, text: str) -> None:
        # Offices often set 一、 headings bold as well; without a bold face that becomes faux bold in PDF.
        self.paragraph(text, HEADING_FONTS.get(level, BODY_FONT), 16, bold=level == 1)

    def table(self, header: list[str], rows: list[list[str]], caption: str | None = None) -> None:
        """A bordered table in 仿宋 四号 whose header row repeats on every page."""
        if caption:
            self.paragraph(caption, HEADING_FONTS[1], 16, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate([header, *rows]):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else WD_ALIGN_PARAGRAPH.LEFT
                _font(cell.paragraphs[0].add_run(text), BODY_FONT, 14 if r == 0 else 12, bold=r == 0)
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        self.paragraph("", indent=False)

    def textbox(self, paragraphs: list[str]) -> None:
        """A bordered text box as Word saves it: DrawingML in mc:Choice, a VML copy in mc:Fallback."""
        body = "".join(
            f'<w:p {nsdecls("w")}><w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:r><w:rPr>'
            f'<w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:hAnsi="{BODY_FONT}"/>'
            f'<w:sz w:val="28"/></w:rPr><w:t>{text}</w:t></w:r></w:p>'
            for text in paragraphs
        )
        height = 400000 * (2 + sum(len(t) // 30 + 1 for t in paragraphs))
        xml = textbox_xml(body, width=5600000, height=height)
        p = self.doc.add_paragraph()
        p.add_run()._r.append(parse_xml(xml))

    def signature(self, society: str, date: str) -> None:
        """The society's name and the date, right-aligned under the text, as on a stamped copy."""
        self.paragraph("", indent=False)
        for text in (society, date):
            p = self.paragraph(text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(32)

    def save(self, path: Path) -> Path:
        self.doc.save(path)
        return path


def textbox_xml(body: str, *, width: int, height: int) -> str:
    """A bordered text box as Word saves it: DrawingML in mc:Choice, a VML copy in mc:Fallback.

    `body` is the WordprocessingML paragraphs inside; sizes are in EMU.
    """
    return f"""
<mc:AlternateContent {nsdecls("w", "wp", "a")}
    xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
    xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:Choice Requires="wps"><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">
    <wp:extent cx="{width}" cy="{height}"/><wp:docPr id="101" name="文本框 1"/>
    <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
      <wps:wsp><wps:cNvSpPr txBox="1"/>
        <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>
          <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
          <a:ln w="12700"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>
        <wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
    </a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape style="width:{width // 12700}pt;height:{height // 12700}pt"><v:textbox>
    <w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent>"""
