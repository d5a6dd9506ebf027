"""From the bytes of one submitted file to a `Document` of ordered, traceable blocks.

`parse` sniffs the real type, hands the bytes to the parser for that type and
assembles the blocks (offsets and indices are assigned in one place,
`extractors.models.assemble`). Every failure is a `ParseError` that names the
file and says why in one line of Chinese.
"""

from __future__ import annotations

import hashlib

from extractors.models import Document, assemble
from extractors.parse.container import check_container
from extractors.parse.docx import parse_docx
from extractors.parse.errors import ParseError
from extractors.parse.image import parse_image
from extractors.parse.ocr import read_scanned_pages
from extractors.parse.pdf import parse_pdf
from extractors.parse.sniff import sniff_kind
from extractors.parse.text import parse_text
from extractors.parse.xlsx import parse_xlsx

__all__ = ["ParseError", "parse", "sniff_kind"]


def parse(data: bytes, name: str, doc_id: str, *, max_pages: int = 1000) -> Document:
    """The document in `data`; ParseError when the file cannot be read."""
    kind = sniff_kind(data, name)
    fields: dict = {"sha256": hashlib.sha256(data).hexdigest()}
    if kind in ("docx", "xlsx"):
        check_container(data, name, kind)
    if kind == "docx":
        blocks, fields["pages"] = parse_docx(data, name)
    elif kind == "pdf":
        result = parse_pdf(data, name, max_pages=max_pages)
        blocks, warnings = result.blocks, result.warnings
        if result.needs_ocr:
            blocks, warnings = read_scanned_pages(data, blocks, result.needs_ocr, warnings)
        fields.update(pages=result.pages, needs_ocr=result.needs_ocr, warnings=warnings)
    elif kind == "xlsx":
        blocks, fields["pages"] = parse_xlsx(data, name)
    elif kind in ("txt", "md"):
        blocks = parse_text(data, name, markdown=kind == "md")
    elif kind in ("png", "jpg"):
        blocks, warnings = parse_image(data, name)
        fields.update(needs_ocr=[1], warnings=warnings)
    else:
        raise ParseError(name, "是压缩包，需要先解开，再逐个解析其中的文件")
    return assemble(doc_id, name, kind, blocks, **fields)
