"""Scanned pages and photos are read by OCR: text close to what was printed, paragraphs, boxes on the page.

The scans and photos are made from the sample summaries' PDFs (fonts embedded,
so no fonts are needed to render them): rendered, then rotated, greyed,
speckled and JPEG-compressed like a flatbed scan, or skewed, unevenly lit and
sealed like a phone photo (corpora.ocr_benchmark). OCR takes seconds a page,
so each test reads as few pages as it can.
"""

import io
import sys

import pytest
from PIL import Image

from corpora.ocr_benchmark import SAMPLES, cer, page_text, photo_like, render_page, scan_like
from extractors.models import BlockKind
from extractors.parse import ParseError, ocr, parse
from extractors.parse.ocr import balance_quotes, fix_punctuation

A4_POINTS = (595.3, 841.9)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return (SAMPLES / "01_kuangye.pdf").read_bytes()


def jpeg_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def image_only_pdf(*images: Image.Image) -> bytes:
    """What a scanner's "scan to PDF" writes: one picture per page, no text layer."""
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=200, save_all=True, append_images=list(images[1:]))
    return buffer.getvalue()


def test_a_scanned_page_between_text_pages_is_read_in_its_place(sample_pdf):
    """Text page, worn scan of the next page, text page: the scan's paragraphs land on page 2 with boxes."""
    import pypdfium2 as pdfium

    scan = image_only_pdf(scan_like(render_page(sample_pdf, 2), seed=2))
    mixed = pdfium.PdfDocument.new()
    source = pdfium.PdfDocument(sample_pdf)
    mixed.import_pages(source, [0])
    mixed.import_pages(pdfium.PdfDocument(scan))
    mixed.import_pages(source, [2])
    buffer = io.BytesIO()
    mixed.save(buffer)

    doc = parse(buffer.getvalue(), "工作总结（含扫描页）.pdf", "d1")

    assert doc.needs_ocr == [2]
    assert doc.warnings == ["第2页没有文字层，已 OCR 识别，文字可能有误，请核对"]
    body_pages = [b.page for b in doc.body_blocks()]
    assert body_pages == sorted(body_pages) and set(body_pages) == {1, 2, 3}
    scanned = [b for b in doc.blocks if b.page == 2]
    assert cer("".join(b.text for b in scanned), page_text(sample_pdf, 2)) < 0.02
    # Boxes are in PDF points like the text pages', inside an A4 page, top to bottom.
    for block in scanned:
        x0, top, x1, bottom = block.bbox
        assert 0 <= x0 < x1 <= A4_POINTS[0] + 20 and 0 <= top < bottom <= A4_POINTS[1] + 20
    assert [b.bbox[1] for b in scanned] == sorted(b.bbox[1] for b in scanned)
    # Paragraphs, not lines: the page's numbered items come back whole, each a list item.
    items = [b.text for b in scanned if b.kind == BlockKind.LIST_ITEM]
    assert len(items) == 3 and all(len(t) > 60 for t in items)
    assert any(b.kind == BlockKind.HEADING and b.text.startswith("二、") for b in scanned)
    # Evidence found in the OCR text points back to page 2.
    start = doc.text.index("4月25日")
    assert doc.span(start, start + 5).page == 2


def test_a_photo_of_a_page_is_read_through_parse(sample_pdf):
    photo = photo_like(render_page(sample_pdf, 1), seed=1)
    doc = parse(jpeg_bytes(photo), "现场照片.jpg", "d2")

    assert doc.kind == "jpg" and doc.needs_ocr == [1]
    assert doc.warnings == ["图片已 OCR 识别，文字可能有误，请核对"]
    assert cer(doc.text, page_text(sample_pdf, 1)) < 0.02
    assert any(b.text == "江西省矿业学会2021年度工作总结" for b in doc.blocks)
    for block in doc.blocks:
        x0, top, x1, bottom = block.bbox
        assert block.page == 1 and 0 <= x0 < x1 <= photo.width and 0 <= top < bottom <= photo.height


def test_a_black_and_white_low_resolution_scan(fixture_bytes):
    """The committed fixture: a 100 dpi 1-bit scan as page 2, two lines far apart."""
    doc = parse(fixture_bytes("scanned.pdf"), "佐证材料.pdf", "d3")
    assert [b.text for b in doc.blocks if b.page == 2] == ["佐证材料：学术年会会议通知", "6月18日在南昌召开2021年学术年会"]


def test_without_the_ocr_engine_the_message_names_the_file(monkeypatch, fixture_bytes):
    ocr._engine.cache_clear()
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails as if not installed
    try:
        with pytest.raises(ParseError) as raised:
            parse(jpeg_bytes(Image.new("RGB", (200, 100), "white")), "证书.jpg", "d4")
        assert str(raised.value).startswith("证书.jpg: 图片需要 OCR 识别，但未安装 OCR 组件 rapidocr-onnxruntime")
        # A PDF keeps its text pages; the warning says which pages could not be read and why.
        doc = parse(fixture_bytes("scanned.pdf"), "佐证材料.pdf", "d5")
        assert {b.page for b in doc.blocks} == {1}
        assert doc.warnings == ["第2页没有文字层，无法 OCR 识别：未安装 OCR 组件 rapidocr-onnxruntime"
                                "（请执行 pip install rapidocr-onnxruntime）"]
    finally:
        ocr._engine.cache_clear()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "图片文件损坏或无法解析"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "图片文件损坏或无法解析"),
    ],
)
def test_broken_images_are_named_errors(data, reason):
    name = "照片.png" if data.startswith(b"\x89PNG") else "照片.jpg"
    with pytest.raises(ParseError) as raised:
        parse(data, name, "d6")
    assert (raised.value.name, raised.value.reason) == (name, reason)


def test_an_image_too_large_to_decode_safely_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000), 1).save(buffer, format="PNG")  # 144 megapixels, a few kB
    with pytest.raises(ParseError) as raised:
        parse(buffer.getvalue(), "扫描件.png", "d7")
    assert raised.value.reason.startswith("图片过大")


def test_punctuation_misread_by_ocr_is_restored_in_chinese_text():
    assert fix_punctuation("对组织生活丶学习教育等情况做到有据可查·") == "对组织生活、学习教育等情况做到有据可查。"
    assert fix_punctuation("现场参会180多人’线上直播观看达近5600人次°") == "现场参会180多人，线上直播观看达近5600人次。"
    assert fix_punctuation("科技下乡活动,受益群众(农户)200余户") == "科技下乡活动，受益群众（农户）200余户"
    # Not Chinese context: left alone. A list number glued to a date stays as typed.
    assert fix_punctuation("3.10月18日，在赣州") == "3.10月18日，在赣州"
    assert fix_punctuation("Proc. IEEE, 2021") == "Proc. IEEE, 2021"


def test_quotes_are_paired_over_a_whole_paragraph():
    assert balance_quotes('学习“七一“重要讲话，开展"科技下乡"活动') == "学习“七一”重要讲话，开展“科技下乡”活动"
    # A quote lost by OCR: which marks open and which close is unknown, so nothing changes.
    assert balance_quotes("开展“科技下乡“活动和“三下乡活动") == "开展“科技下乡“活动和“三下乡活动"
