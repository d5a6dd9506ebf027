"""The real type of an uploaded file, from its bytes, checked against its extension.

Reviewers receive files renamed by hand, saved by WPS, or exported from other
tools; a wrong extension must be reported as such, not crash a parser later.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from extractors.parse.errors import ParseError

EXTENSIONS = {
    ".docx": "docx", ".pdf": "pdf", ".xlsx": "xlsx", ".txt": "txt", ".md": "md",
    ".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".zip": "zip",
}
LABELS = {
    "docx": "DOCX", "pdf": "PDF", "xlsx": "XLSX", "txt": "文本", "md": "Markdown",
    "png": "PNG", "jpg": "JPG", "zip": "ZIP",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Members that tell an Office zip apart from a plain archive.
OFFICE_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _magic_kind(data: bytes) -> str | None:
    """The type announced by the first bytes, before looking inside zips."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(OLE_MAGIC):
        return "ole"
    return None


def _zip_members(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _office_kind(members: set[str]) -> str:
    return next((kind for kind, member in OFFICE_MEMBERS.items() if member in members), "zip")


def sniff_kind(data: bytes, name: str) -> str:
    """One of docx, pdf, xlsx, txt, md, png, jpg, zip; ParseError when the bytes say otherwise."""
    if not data:
        raise ParseError(name, "文件为空")
    suffix = PurePath(name).suffix.lower()
    expected = EXTENSIONS.get(suffix)
    if suffix and expected is None:
        raise ParseError(name, f"不支持的文件类型（{suffix}），请提交 DOCX、PDF、XLSX、TXT、MD、PNG、JPG 或 ZIP")
    magic = _magic_kind(data)
    if magic == "ole":
        raise ParseError(name, "是旧版 Office 文件（.doc/.xls）或已加密的 Office 文件，请另存为未加密的 .docx/.xlsx")
    if expected in OFFICE_MEMBERS:
        if magic != "zip":
            raise ParseError(name, f"不是有效的 {LABELS[expected]} 文件（不是 zip 压缩包）")
        members = _zip_members(data)
        if members is None:
            raise ParseError(name, f"不是有效的 {LABELS[expected]} 文件（压缩包已损坏）")
        if OFFICE_MEMBERS[expected] not in members:
            raise ParseError(name, f"不是有效的 {LABELS[expected]} 文件（缺少 {OFFICE_MEMBERS[expected]}）")
        return expected
    if magic == "zip":
        members = _zip_members(data)
        if members is None:
            raise ParseError(name, "压缩包已损坏")
        magic = _office_kind(members) if expected != "zip" else "zip"
    if expected in ("txt", "md"):
        if magic is not None:
            raise ParseError(name, f"内容是{LABELS[magic]}，与扩展名 {suffix} 不符")
        return expected
    if magic is None:
        if expected is not None:
            why = "缺少 %PDF 文件头" if expected == "pdf" else "内容无法识别"
            raise ParseError(name, f"不是有效的 {LABELS[expected]} 文件（{why}）")
        # No extension: text is the only type without a signature.
        return "txt"
    if expected is not None and magic != expected:
        raise ParseError(name, f"内容是{LABELS[magic]}，与扩展名 {suffix} 不符")
    return magic
