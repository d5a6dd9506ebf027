"""Evidence two societies both sent, found when the second submission is processed and shown on both
review pages to reviewers and admins; a society account never sees another society's anything."""

from __future__ import annotations

import io

from docx import Document

from conftest import sample
from corpora.reuse_benchmark import news_report, photo

NOTICE = "与其他学会共用的材料"


def _news(tmp_path) -> tuple[str, bytes]:
    """One society's news report with its photo, which a second society also sends as its own proof."""
    path = news_report(tmp_path / "新闻报道.docx", "江西省矿业学会", "江西省矿业学会成功举办赣鄱矿业创新发展论坛",
                       ["2021年6月18日，由江西省矿业学会主办的“赣鄱矿业创新发展论坛”在南昌召开，来自省内高校、"
                        "科研院所和企业的专家学者及会员代表120余人参加会议。"], photo(7))
    return "活动报道.docx", path.read_bytes()


def _different_news(tmp_path) -> tuple[str, bytes]:
    doc = Document()
    doc.add_paragraph("2021年9月3日，江西省作物学会在宜春举办水稻绿色高产技术培训班，培训基层农技人员86名。")
    out = io.BytesIO()
    doc.save(out)
    return "培训报道.docx", out.getvalue()


def test_a_file_two_societies_sent_is_a_notice_on_both_review_pages_linking_to_the_other(service, tmp_path):
    reviewer = service.user("reviewer1")
    news = _news(tmp_path)
    first = service.submit(reviewer, sample("01_kuangye.docx"), news, year=2021)
    second = service.submit(reviewer, sample("02_zuowu.docx"), news, year=2021)
    assert first["status"] == second["status"] == "done"
    for here, there in ((first, second), (second, first)):
        page = service.client.get(f"/submissions/{here['id']}", headers=reviewer).text
        assert NOTICE in page and f'href="/submissions/{there["id"]}"' in page
        assert "同一文件" in page and there["society"] in page
    admin_page = service.client.get(f"/submissions/{first['id']}", headers=service.admin).text
    assert f'href="/submissions/{second["id"]}"' in admin_page


def test_different_evidence_or_another_year_is_no_notice(service, tmp_path):
    reviewer = service.user("reviewer1")
    news = _news(tmp_path)
    first = service.submit(reviewer, sample("01_kuangye.docx"), news, year=2021)
    other = service.submit(reviewer, sample("02_zuowu.docx"), _different_news(tmp_path), year=2021)
    later = service.submit(reviewer, sample("03_kangfu.docx"), news, year=2022)
    for submission in (first, other, later):
        assert NOTICE not in service.client.get(f"/submissions/{submission['id']}", headers=reviewer).text


def test_a_society_never_sees_the_other_society_behind_its_shared_evidence(start_service, tmp_path):
    service = start_service(society_sees_proposals=True)
    news = _news(tmp_path)
    kuangye = service.user("kuangye", role="society", society="江西省矿业学会")
    zuowu = service.user("zuowu", role="society", society="江西省作物学会")
    first = service.submit(kuangye, sample("01_kuangye.docx"), news, year=2021)
    second = service.submit(zuowu, sample("02_zuowu.docx"), news, year=2021)
    for society, own, other in ((kuangye, first, second), (zuowu, second, first)):
        page = service.client.get(f"/submissions/{own['id']}", headers=society)
        assert page.status_code == 200 and "审核" in page.text
        assert NOTICE not in page.text and f'/submissions/{other["id"]}"' not in page.text
        assert service.client.get(f"/submissions/{other['id']}", headers=society).status_code in (403, 404)
    reviewer = service.user("reviewer1")
    assert NOTICE in service.client.get(f"/submissions/{first['id']}", headers=reviewer).text
