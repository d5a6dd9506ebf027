"""The shipped statement reader on sentences a society writes, and how the rules and the reader share decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import reader as reader_module
from extractors.activities import extract_activities
from core.vocabulary import ActivityType, Status
from extractors.parse import parse
from extractors.reader import ReaderPolicy, default_reader, using

REPORT = (
    "2021年工作情况\n"
    "6月18日，学会在南昌举办2021年学术年会，参会代表300余人。\n"
    "会上，来自全省高校和科研院所的12位专家作了学术报告。\n"
    "学会始终坚持以服务科技工作者为宗旨，不断提升服务能力。\n"
    "9月15日，学会在赣州市举办基层农技人员培训班，培训120人。\n"
)


@pytest.fixture(scope="module")
def reader():
    found = default_reader()
    if found is None:
        pytest.fail("没有随包发布的语句识别模型：请运行 python -m corpora.train")
    return found


def test_the_reader_tells_reported_work_from_principles(reader):
    event, principle = reader.read([("6月18日，学会在南昌举办2021年学术年会，参会代表300余人。", ()),
                                    ("学会始终坚持以服务科技工作者为宗旨，不断提升服务能力。", ())])
    assert event.work > 0.5 > principle.work
    assert event.type == ActivityType.ACADEMIC_CONFERENCE and event.status == Status.DONE


@pytest.mark.parametrize("mode", ["rules", "model", "both"])
def test_every_mode_reads_the_two_events_once_each(reader, mode):
    document = parse(REPORT.encode("utf-8"), "情况.txt", "d1")
    with using(ReaderPolicy(mode=mode, reader=reader)):
        activities = extract_activities([document], 2021)
    assert [(a.type, a.date_start) for a in activities] == [
        (ActivityType.ACADEMIC_CONFERENCE, "2021-06-18"), (ActivityType.TRAINING, "2021-09-15")]
    # The follow-up sentence about the annual meeting is its evidence, not an activity of its own.
    assert any("12位专家" in span.text for span in activities[0].evidence)


def test_reading_a_long_document_a_batch_at_a_time_finds_what_reading_it_whole_finds(reader, monkeypatch):
    # Docs are made a batch at a time so a long document's never sit in memory together; the batch size
    # must not change a single activity.
    sample = Path(__file__).resolve().parents[2] / "corpora" / "samples" / "01_kuangye.docx"
    document = parse(sample.read_bytes(), sample.name, "d1")

    def activities(batch: int) -> list[dict]:
        monkeypatch.setattr(reader_module, "BATCH", batch)
        with using(ReaderPolicy(reader=reader)):
            return [a.model_dump() for a in extract_activities([document], 2021)]

    whole = activities(1_000_000)
    assert len(whole) > 20
    assert activities(7) == whole
