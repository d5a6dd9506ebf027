"""Training the statement reader: deterministic, from labelled statements, and what it learns is used."""

from __future__ import annotations

import pytest

from corpora.train import data_sha256, from_document, quote_spans, sample_statements, train, training_data
from extractors.reader import MODEL, default_reader

GOLD = [{"quote": "6月18日，学会在南昌举办学术年会", "other_quotes": ["会上，300余名代表参加了讨论"],
         "type": "academic_conference", "status": "done"}]


def test_statements_are_labelled_by_where_the_gold_quotes_stand():
    text = ("江西省农业工程学会\n6月18日，学会在南昌举办学术年会，参会代表300余人。\n会上，300余名代表参加了讨论。\n"
            "学会始终坚持以服务科技工作者为宗旨。")
    labelled = from_document(text.encode("utf-8"), "t.txt", GOLD, "site")
    roles = {item.text.split("｜")[-1]: next(k for k, v in item.cats.items() if v == 1.0) for item in labelled}
    assert roles == {"0月00日，学会在南昌举办学术年会，参会代表000余人。": "role:work",
                     "会上，000余名代表参加了讨论。": "role:more", "学会始终坚持以服务科技工作者为宗旨。": "role:none",
                     "江西省农业工程学会": "role:none"}
    work = next(item for item in labelled if item.cats["role:work"])
    assert work.cats["type:academic_conference"] == 1.0 and work.cats["status:done"] == 1.0


def test_a_quote_is_found_whatever_the_line_breaks():
    assert quote_spans("学会在南昌\n举办年会。", "学会在南昌举办年会") == [(0, 10)]


@pytest.fixture(scope="module")
def some_statements():
    return sample_statements()[:400]


def test_training_is_deterministic(some_statements):
    statements = [("10月15日，学会召开第八届理事会第三次会议。", ()), ("学会不断提升服务能力。", ())]
    first, second = train(some_statements, epochs=2), train(some_statements, epochs=2)
    assert first.read(statements) == second.read(statements)


def test_the_shipped_reader_was_trained_on_the_labelled_data_as_it_is_now():
    reader = default_reader()
    assert reader is not None, f"没有随包发布的语句识别模型（{MODEL}）：请运行 python -m corpora.train"
    assert reader.meta["data_sha256"] == data_sha256(training_data()), "标注数据已改动：请重新运行 python -m corpora.train"
