"""The service's own PostgreSQL going away and coming back while an upload is processed: requests meanwhile get a
503 with a Chinese message, the upload is done again once the database is back (never left 处理中), and the
service answers again without a restart (a TCP proxy stands between the service and PostgreSQL)."""

from __future__ import annotations

import logging
import time

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from batch.processes import wait_for
from batch.proxy import Proxy
from conftest import ADMIN_PASSWORD, Service, _empty, sample
from ingest.service.app import create_app
from ingest.service.settings import Settings

RECOVERY_SECONDS = 90


def test_the_database_going_away_mid_processing_is_waited_for_and_answered_with_503(postgres_url, tmp_path, caplog):
    _empty(postgres_url)
    server = make_url(postgres_url)
    proxy = Proxy(server.host, server.port)
    settings = Settings(data_dir=tmp_path / "data", admin_password=ADMIN_PASSWORD,
                        database_url=server.set(port=proxy.port).render_as_string(hide_password=False))
    caplog.set_level(logging.WARNING, logger="ingest.service.worker")
    try:
        with TestClient(create_app(settings)) as client:
            service = Service(client, settings)
            headers = service.admin
            upload = service.upload(headers, sample("01_kuangye.pdf"))
            assert upload.status_code == 202, upload.text
            submission = f"/api/submissions/{upload.json()['id']}"
            wait_for(lambda: client.get(submission, headers=headers).json()["status"] == "processing",
                     "processing to start", timeout=RECOVERY_SECONDS)
            proxy.stop()
            away = time.monotonic()

            refused = client.get(submission, headers=headers)
            assert refused.status_code == 503 and refused.headers["Retry-After"]
            assert refused.json()["detail"].startswith("数据库暂时无法连接")
            # The worker finishes reading the upload and finds it cannot record the result.
            wait_for(lambda: "database unavailable" in caplog.text, "the worker to meet the missing database",
                     timeout=RECOVERY_SECONDS)
            proxy.start()
            back = time.monotonic()
            body = wait_for(lambda: (b := client.get(submission, headers=headers)).status_code == 200
                            and b.json()["status"] in ("done", "failed") and b.json(),
                            "the upload to be done again", timeout=RECOVERY_SECONDS)
            print(f"\ndatabase away {back - away:.1f} s; upload done {time.monotonic() - back:.1f} s after it came back")
    finally:
        proxy.stop()
    assert body["status"] == "done", body
    assert body["suggested_total"] > 0
