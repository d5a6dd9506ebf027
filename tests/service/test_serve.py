"""`kaohe serve` as an administrator starts it: a fresh data directory, the first admin, the pages."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy.engine import make_url

from batch.processes import descendants, on_linux, running
from conftest import sample

KAOHE = [sys.executable, "-c", "from ingest.cli import app; app()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def kaohe_serve(env: dict, port: int):
    """Run `kaohe serve` until the block ends: its address, a list that receives what it wrote to stderr, its process."""
    server = subprocess.Popen([*KAOHE, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    stderr: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "kaohe serve did not start"
                time.sleep(0.2)
        yield base, stderr, server
    finally:
        server.terminate()
        stderr.append(server.communicate(timeout=30)[1])


def test_serve_creates_the_data_dir_and_an_admin_and_serves_the_pages(tmp_path):
    port = free_port()
    env = {**os.environ, "KAOHE_DATA_DIR": str(tmp_path / "data")}
    env.pop("KAOHE_DATABASE_URL", None)
    env.pop("KAOHE_ADMIN_PASSWORD", None)
    with kaohe_serve(env, port) as (base, stderr, _):
        page = httpx.get(f"{base}/login")
        assert page.status_code == 200 and "登录" in page.text
        assert (tmp_path / "data" / "kaohe.db").exists()
    line = next(line for line in stderr[0].splitlines() if "初始密码" in line)
    password = line.split("初始密码：")[1].split("（")[0]
    assert len(password) >= 12
    # The password shown works after a restart, which creates no second admin.
    with kaohe_serve(env, port) as (base, stderr, _):
        login = httpx.post(f"{base}/api/auth/login", json={"username": "admin", "password": password})
        assert login.status_code == 200 and login.json()["user"]["role"] == "admin"
    assert "初始密码" not in stderr[0]


def test_serve_does_not_print_the_database_password(tmp_path, postgres_url):
    # Trust authentication accepts any password: this one only has to be recognisable.
    url = make_url(postgres_url).set(password="hunter2-secret").render_as_string(hide_password=False)
    env = {**os.environ, "KAOHE_DATA_DIR": str(tmp_path / "data"), "KAOHE_DATABASE_URL": url,
           "KAOHE_ADMIN_PASSWORD": "admin-pass-2021"}
    with kaohe_serve(env, free_port()) as (base, stderr, _):
        assert httpx.get(f"{base}/login").status_code == 200
    assert "数据库：postgresql" in stderr[0] and "hunter2-secret" not in stderr[0]


@pytest.mark.parametrize("password, rule", [("12345678", "至少 10 位"), ("1234567890", "不能全是数字"),
                                            ("admin@123456", "常见密码")])
def test_serve_refuses_a_weak_admin_password_from_the_environment(tmp_path, password, rule):
    env = {**os.environ, "KAOHE_DATA_DIR": str(tmp_path / "data"), "KAOHE_ADMIN_PASSWORD": password}
    env.pop("KAOHE_DATABASE_URL", None)
    run = subprocess.run([*KAOHE, "serve", "--port", str(free_port())], env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode != 0
    assert "KAOHE_ADMIN_PASSWORD 不符合密码要求" in run.stderr and rule in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "data").exists()


def admin_login(base: str) -> dict:
    body = {"username": "admin", "password": "admin-pass-2021"}
    token = httpx.post(f"{base}/api/auth/login", json=body).json()["token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.skipif(not on_linux(), reason="reads processes from /proc")
def test_stopping_the_service_mid_batch_leaves_no_worker_behind(tmp_path):
    env = {**os.environ, "KAOHE_DATA_DIR": str(tmp_path / "data"), "KAOHE_ADMIN_PASSWORD": "admin-pass-2021"}
    env.pop("KAOHE_DATABASE_URL", None)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        for i, name in enumerate(["01_kuangye.docx", "02_zuowu.docx", "01_kuangye.pdf", "02_zuowu.pdf"] * 2):
            archive.writestr(f"江西省第{i}学会/工作总结{name[-5:]}", sample(name)[1])
    before = descendants(os.getpid())
    with kaohe_serve(env, free_port()) as (base, _, _):
        started = httpx.post(f"{base}/api/batches", headers=admin_login(base),
                             data={"rubric": "jiangxi-2021-society"}, files={"archive": ("材料.zip", bundle.getvalue())})
        assert started.status_code == 202, started.text
        deadline = time.monotonic() + 60
        # The server, its fork server and at least one pool worker under that.
        while len(processes := descendants(os.getpid()) - before) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(processes) >= 3, processes
    # `kaohe_serve` has sent SIGTERM and seen the server exit.
    deadline = time.monotonic() + 15
    while (left := [p for p in processes if running(p)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert left == []
    # The service said so before it went: the batch waits to be resumed.
    with kaohe_serve(env, free_port()) as (base, _, _):
        batch = httpx.get(f"{base}/api/batches/{started.json()['id']}", headers=admin_login(base)).json()
    assert batch["status"] == "interrupted" and "服务停止" in batch["message"], batch
