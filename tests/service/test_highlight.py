"""Cutting a document's text into marked pieces for the review page."""

from __future__ import annotations

from ingest.service.highlight import Mark, paragraphs

LINES = [("heading", 1, "一、党建工作"), ("paragraph", 2, "6月13日，学会党支部集中学习。参会30人。"), ("footer", 2, "— 2 —")]
TEXT = "\n".join(line for _, _, line in LINES)
BLOCKS = []
for kind, page, line in LINES:
    start = TEXT.index(line)
    BLOCKS.append({"kind": kind, "level": None, "page": page, "start": start, "end": start + len(line)})


def test_overlapping_spans_cut_the_paragraph_and_each_piece_names_its_proposals():
    sentence = TEXT.index("6月13日")
    count = TEXT.index("参会30人")
    marks = [Mark(1, "d1", sentence, count), Mark(2, "d1", sentence + 6, TEXT.index("。参会") + 1)]
    heading, body = paragraphs(TEXT, BLOCKS, marks)
    assert [p.text for p in heading.pieces] == ["一、党建工作"] and heading.pieces[0].proposals == []
    assert "".join(p.text for p in body.pieces) == LINES[1][2]
    assert [(p.text, p.proposals) for p in body.pieces] == [
        ("6月13日，", [1]), ("学会党支部集中学习。", [1, 2]), ("参会30人。", []),
    ]
    assert body.pieces[0].anchors == [marks[0].anchor] and body.pieces[1].anchors == [marks[1].anchor]


def test_pages_are_marked_where_they_change_and_running_footers_are_left_out():
    shown = paragraphs(TEXT, BLOCKS, [])
    assert [(p.page, p.new_page) for p in shown] == [(1, True), (2, True)]


def test_a_span_across_blocks_gets_one_anchor():
    span = Mark(5, "d1", 3, 12)
    heading, body = paragraphs(TEXT, BLOCKS, [span])
    anchors = [a for p in (heading, body) for piece in p.pieces for a in piece.anchors]
    assert anchors == [span.anchor]
    assert heading.pieces[-1].proposals == [5] and body.pieces[0].proposals == [5]
