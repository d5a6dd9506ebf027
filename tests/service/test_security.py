"""What a 科协's IT office checks: response headers, no foreign script, private files on disk."""

from __future__ import annotations

import stat

from fastapi.testclient import TestClient

from conftest import ADMIN_PASSWORD
from ingest.service import Settings, create_app


def test_every_response_carries_the_security_headers(service):
    for response in (
        service.client.get("/login"),
        service.client.get("/api/auth/me"),  # a refusal
        service.client.get("/static/kaohe.css"),
        service.client.get("/openapi.json"),
        service.client.post("/api/auth/login", content=b"x" * (service.settings.max_upload_bytes + 2 * 1024 * 1024)),
    ):
        headers = response.headers
        policy = headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, response.request.url
        assert "script-src 'self'" in policy and "http" not in policy
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] in ("same-origin", "no-referrer", "strict-origin")


def test_no_page_loads_script_from_another_site_and_the_api_description_stays(service):
    assert service.client.get("/docs").status_code == 404
    assert service.client.get("/redoc").status_code == 404
    assert service.client.get("/openapi.json").json()["info"]["title"] == "kaohe 评审服务"
    page = service.client.get("/login").text
    assert "cdn" not in page.lower() and "<script src=\"/static/" in page


def test_the_data_folder_and_the_database_file_are_private_to_the_service(tmp_path):
    data = tmp_path / "data"
    settings = Settings(data_dir=data, admin_password=ADMIN_PASSWORD)
    with TestClient(create_app(settings)) as client:
        token = client.post("/api/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}).json()["token"]
        upload = client.post("/api/submissions", headers={"Authorization": f"Bearer {token}"},
                             files=[("files", ("总结.txt", "江西省矿业学会2021年工作总结。".encode()))],
                             data={"rubric": "jiangxi-2021-society"})
        assert upload.status_code == 202, upload.text
    folders = [data, *(p for p in data.rglob("*") if p.is_dir())]
    files = [p for p in data.rglob("*") if p.is_file()]
    assert len(folders) >= 4 and any(p.name == "kaohe.db" for p in files)
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in folders} == {"0o700"}
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in files), [(p.name, oct(p.stat().st_mode)) for p in files]
