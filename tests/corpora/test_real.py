"""The real-text corpus: every label file keeps the guide's format, and no site is in both parts."""

from __future__ import annotations

import json

import pytest

from corpora.real import TEXTS, load, problems, site_of, split_of, text_id


@pytest.mark.parametrize("path", sorted(TEXTS.glob("*.json")), ids=lambda p: p.stem)
def test_every_labelled_text_keeps_the_format(path):
    assert problems(path) == []


def test_each_site_is_in_one_part_only():
    texts = load()
    by_site: dict[str, set[str]] = {}
    for text in texts:
        by_site.setdefault(text.site, set()).add(text.split)
    assert all(len(parts) == 1 for parts in by_site.values())


def test_the_split_follows_the_site_not_the_page():
    assert site_of("http://www.example.org.cn/a/1.html") == site_of("https://m.example.org.cn/b/2.shtml")
    assert split_of("example.org.cn") == split_of(site_of("http://wap.example.org.cn/x"))


def test_a_label_whose_quote_is_not_in_the_text_is_named(tmp_path):
    url = "https://example.org.cn/news/1.html"
    item = {"id": text_id(url), "url": url, "genre": "news", "year": 2021, "body": None,
            "text": "6月18日，学会在南昌举办学术年会。",
            "activities": [{"quote": "6月18日，学会在九江举办学术年会", "type": "academic_conference",
                            "status": "done", "count": 1}]}
    path = tmp_path / f"{item['id']}.json"
    path.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    assert any("引文在原文中找不到" in p for p in problems(path))


def test_the_second_labelling_is_of_development_texts_and_keeps_the_format():
    from corpora.real.agreement import SECOND

    development = {text.id: text for text in load("development")}
    for path in sorted(SECOND.glob("*.json")):
        assert problems(path) == [], path.name
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert raw["id"] in development and raw["text"] == development[raw["id"]].text, path.name


def test_agreement_counts_a_second_labeller_who_misses_an_activity(tmp_path):
    from corpora.real.agreement import agreement

    text = {"id": text_id("https://example.org/a"), "url": "https://example.org/a", "genre": "news", "year": 2021,
            "body": None, "text": "6月18日，学会在南昌举办学术年会。9月，学会开展科普日活动。",
            "activities": [{"quote": "6月18日，学会在南昌举办学术年会", "type": "academic_conference", "status": "done"},
                           {"quote": "9月，学会开展科普日活动", "type": "science_popularization", "status": "done"}]}
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    (tmp_path / "first" / f"{text['id']}.json").write_text(json.dumps(text, ensure_ascii=False), encoding="utf-8")
    second = dict(text, activities=text["activities"][:1])
    (tmp_path / "second" / f"{text['id']}.json").write_text(json.dumps(second, ensure_ascii=False), encoding="utf-8")
    detection = agreement(tmp_path / "second", tmp_path / "first")["detection"]
    assert (detection["precision"], detection["recall"]) == (1.0, 0.5)


def test_a_site_read_while_rules_were_written_is_never_in_the_test_part():
    from corpora.real import READ_WHILE_TUNING

    read = [text for text in load() if text.site in READ_WHILE_TUNING]
    assert read and all(text.split == "development" for text in read)


def test_the_society_read_counts_when_it_is_the_labelled_body_or_its_short_form():
    from corpora.real import RealText
    from corpora.real.report import society_agreement

    def text(body):
        return RealText("x", "https://example.org/a", "summary", 2018, body, "……", [])

    texts = [text("青海省预防医学会"), text("青海省预防医学会"), text("天津市科协"), text("温州市科协"), text(None)]
    read = [{"society": "省预防医学会"}, {"society": "中华预防医学会"}, {"society": "天津市科学技术协会"},
            {"society": None}, {"society": "某学会"}]
    assert society_agreement(texts, read) == {"accuracy": 0.5, "right": 2, "wrong": 1, "unread": 1, "labelled": 4}
