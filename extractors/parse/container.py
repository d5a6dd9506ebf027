"""DOCX and XLSX are zip files: the limits that keep a zip bomb out of a .zip bundle keep it out of them too.

python-docx and openpyxl unpack every XML part into memory and build a tree
many times its size, so a small file holding tens of megabytes of XML costs
gigabytes and minutes. What a container declares is checked before it is
opened: a member compressed past any real document's ratio, or XML parts
larger in total than a document a society could write, are refused. The
declared sizes bound what is unpacked: zipfile stops a member at its declared
size and fails its checksum if it lies.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from extractors.models import Block
from extractors.parse.base import Limits, ParsedFile, parsed
from extractors.parse.errors import ParseError

MB = 1024 * 1024
# Real Office parts compress 5–40×; a bomb's compress hundreds of times.
MAX_COMPRESSION_RATIO = 200
# The XML of a Word summary is well under 1 MB and a roster of 10,000 members about 4.3 MB. Read with the
# spaCy pipeline loaded, a Word file costs about 12 MB of memory per MB of XML, a workbook (one block per
# cell) about 37 MB: these limits keep both under 400 MB (`python -m corpora.scaling`).
MAX_XML_BYTES = {"docx": 8 * MB, "xlsx": 9 * MB // 2}
# Pictures are stored nearly as they are: all parts together cannot much exceed the largest file accepted.
MAX_UNPACKED_BYTES = 256 * MB
XML_PARTS = (".xml", ".rels")


def _mb(size: int) -> str:
    """Megabytes to a tenth, rounded up: a size just past a limit never reads as the limit."""
    return f"{math.ceil(size * 10 / MB) / 10:.1f}".removesuffix(".0")


def check_container(data: bytes, name: str, kind: str) -> None:
    """ParseError naming `name` when the container (a "docx" or "xlsx") declares a zip bomb's ratio,
    or more than a document of its kind holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a readable zip: the parser says so in its own words
    if any(i.compress_size and i.file_size / i.compress_size > MAX_COMPRESSION_RATIO for i in infos):
        raise ParseError(name, "文件内部压缩比异常，疑似压缩炸弹，已拒绝")
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith(XML_PARTS))
    total = sum(i.file_size for i in infos)
    max_xml = MAX_XML_BYTES[kind]
    if xml > max_xml or total > MAX_UNPACKED_BYTES:
        size, limit = (xml, max_xml) if xml > max_xml else (total, MAX_UNPACKED_BYTES)
        raise ParseError(name, f"文件解压后内容过大（{_mb(size)} MB，上限 {_mb(limit)} MB），已拒绝；"
                               "如确为正常文件，请拆分后分别提交")


@dataclass(frozen=True)
class ContainerParser:
    """A DOCX or XLSX parser: the container's limits checked before `read` opens it for blocks and pages."""

    name: str
    read: Callable[[bytes, str], tuple[list[Block], int]]

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.name,)

    def parse(self, data: bytes, name: str, kind: str, doc_id: str, limits: Limits) -> ParsedFile:
        check_container(data, name, kind)
        blocks, pages = self.read(data, name)
        return parsed(data, name, kind, doc_id, blocks, pages=pages)
