"""`kaohe serve` killed with SIGKILL mid-upload and mid-processing: after a restart every upload is processed
exactly once or was never accepted, and nothing is left running."""

from __future__ import annotations

import os
import socket
import time

import httpx
import pytest

from batch.processes import descendants, on_linux, running, wait_for
from conftest import sample
from rubrics.loader import load_rubric
from test_serve import free_port, kaohe_serve

pytestmark = pytest.mark.skipif(not on_linux(), reason="进程树取自 /proc，只在 Linux 上可查")

RUBRIC = "jiangxi-2021-society"
PASSWORD = "admin-pass-2021"
# From the restart to the interrupted submission done again.
RECOVERY_SECONDS = 60


def login(base: str) -> dict:
    token = httpx.post(f"{base}/api/auth/login", json={"username": "admin", "password": PASSWORD}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def half_an_upload(base: str, headers: dict, file: tuple[str, bytes]) -> socket.socket:
    """An upload whose request has sent half its body, and waits: the connection it goes over."""
    request = httpx.Request("POST", f"{base}/api/submissions", headers=headers, files=[("files", file)],
                            data={"rubric": RUBRIC})
    body = request.read()
    head = "".join(f"{k}: {v}\r\n" for k, v in request.headers.items() if k.lower() != "host")
    connection = socket.create_connection((request.url.host, request.url.port))
    connection.sendall(f"POST /api/submissions HTTP/1.1\r\nHost: {request.url.host}\r\n{head}\r\n".encode())
    connection.sendall(body[: len(body) // 2])
    return connection


def kill_and_check(server, helpers: set[int]) -> None:
    server.kill()
    server.wait(timeout=10)
    wait_for(lambda: not any(running(p) for p in helpers), "the service's helper processes to end", timeout=5)


def test_a_service_killed_mid_upload_and_mid_processing_processes_each_upload_once(tmp_path):
    env = {**os.environ, "KAOHE_DATA_DIR": str(tmp_path / "data"), "KAOHE_ADMIN_PASSWORD": PASSWORD}
    env.pop("KAOHE_DATABASE_URL", None)
    port = free_port()
    summary = sample("01_kuangye.pdf")

    with kaohe_serve(env, port) as (base, _, server):
        connection = half_an_upload(base, login(base), summary)
        time.sleep(0.5)
        kill_and_check(server, descendants(server.pid))
        # The client learns its upload failed: the connection closes without an answer.
        assert connection.recv(1024) == b""
        connection.close()

    with kaohe_serve(env, port) as (base, _, server):
        headers = login(base)
        # Nothing of the half upload was kept: sending it again is not refused as a repeat.
        assert httpx.get(f"{base}/api/submissions", headers=headers).json() == []
        upload = httpx.post(f"{base}/api/submissions", headers=headers, files=[("files", summary)],
                            data={"rubric": RUBRIC})
        assert upload.status_code == 202, upload.text
        submission = upload.json()["id"]
        wait_for(lambda: httpx.get(f"{base}/api/submissions/{submission}", headers=headers).json()["status"]
                 == "processing", "processing to start", timeout=RECOVERY_SECONDS)
        kill_and_check(server, descendants(server.pid))

    restarted = time.monotonic()
    with kaohe_serve(env, port) as (base, _, _):
        headers = login(base)
        done = wait_for(lambda: (body := httpx.get(f"{base}/api/submissions/{submission}", headers=headers).json())
                        ["status"] in ("done", "failed") and body, "the interrupted submission", timeout=RECOVERY_SECONDS)
        took = time.monotonic() - restarted
        print(f"\nkill -9 of kaohe serve mid-processing → submission {done['status']} {took:.1f} s after the restart")
        listed = httpx.get(f"{base}/api/submissions", headers=headers).json()
        proposals = httpx.get(f"{base}/api/submissions/{submission}/proposals", headers=headers).json()
    assert done["status"] == "done" and done["suggested_total"] is not None
    assert [s["id"] for s in listed] == [submission]
    # Done once: one proposal per indicator, not the interrupted run's beside the resumed one's.
    assert len(proposals) == len(load_rubric(RUBRIC).indicators())
