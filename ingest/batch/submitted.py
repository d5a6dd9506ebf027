"""When a submission was made: the date it states, or failing that its files' own dates.

Notices set a deadline (江西：2021年11月30日之前报送) and some grade a late
submission 不合格. The date a society writes under its summary (the 落款)
or after 报送日期/填报日期 is what a reviewer goes by. Without one, the
files' metadata tell when they were last saved: DOCX/XLSX core properties
(dcterms:modified, else created), PDF ModDate/CreationDate. Metadata is
read in China time, since the deadline is, and only dates within a year of
the deadline count: a file re-saved or converted years later (an archive
copy) says nothing about when it was submitted.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from xml.etree import ElementTree

import pypdfium2

from extractors.dates import find_dates
from extractors.models import Document
from ingest.files import InputFile

CHINA = timezone(timedelta(hours=8))
CORE_NS = {"dcterms": "http://purl.org/dc/terms/"}
LABELLED = re.compile(r"(?:报送|填报|填表|提交|上报)(?:日期|时间)")
PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?")
# The signature sits in the last lines of a summary.
SIGNATURE_BLOCKS = 4
LABEL_REACH = 24


@dataclass(frozen=True)
class Dated:
    day: date
    where: str  # the file, for the message


def stated_date(document: Document, year: int | None) -> Dated | None:
    """The latest date the document gives as its own: after 报送日期 etc., or in its last lines."""
    blocks = document.body_blocks()
    # The date right after the label, not one later in the same line.
    candidates = [b.text[m.end() : m.end() + LABEL_REACH] for b in blocks for m in LABELLED.finditer(b.text)]
    candidates += [b.text for b in blocks[-SIGNATURE_BLOCKS:]]
    days = [
        date.fromisoformat(d.date_start)
        for text in candidates
        for d in find_dates(text, year)
        if d.precision == "day" and d.year_explicit and d.date_end is None
    ]
    return Dated(max(days), document.name) if days else None


def metadata_date(file: InputFile, deadline: date) -> Dated | None:
    """When the file was last saved, by its own properties, if plausibly near the deadline."""
    name = file.name.lower()
    if name.endswith((".docx", ".xlsx")):
        moment = _office_date(file.data)
    elif name.endswith(".pdf"):
        moment = _pdf_date(file.data)
    else:
        return None
    if moment is None or abs((moment - deadline).days) > 366:
        return None
    return Dated(moment, file.name)


def _office_date(data: bytes) -> date | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return None
    for tag in ("dcterms:modified", "dcterms:created"):
        node = root.find(tag, CORE_NS)
        if node is not None and node.text:
            try:
                moment = datetime.fromisoformat(node.text.strip().replace("Z", "+00:00"))
            except ValueError:
                continue
            return _china_day(moment)
    return None


def _pdf_date(data: bytes) -> date | None:
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    finally:
        pdf.close()
    for key in ("ModDate", "CreationDate"):
        if moment := _parse_pdf_date(meta.get(key, "")):
            return _china_day(moment)
    return None


def _parse_pdf_date(text: str) -> datetime | None:
    """PDF dates: D:YYYYMMDDHHmmSS followed by Z, or +HH'mm', or nothing (local time)."""
    m = PDF_DATE.match(text.strip())
    if not m:
        return None
    y, mo, d, h, mi, s, sign, tzh, tzm = m.groups()
    try:
        moment = datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None
    if sign in ("Z", "z"):
        return moment.replace(tzinfo=UTC)
    if sign in ("+", "-"):
        offset = timedelta(hours=int(tzh or 0), minutes=int(tzm or 0))
        return moment.replace(tzinfo=timezone(offset if sign == "+" else -offset))
    return moment


def _china_day(moment: datetime) -> date:
    # A time without a zone is taken as written where it was saved: in China.
    return moment.astimezone(CHINA).date() if moment.tzinfo else moment.date()
