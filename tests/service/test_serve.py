"""`kaohe serve` as an administrator starts it: a fresh data directory, the first admin, the pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx
from sqlalchemy.engine import make_url

KAOHE = [sys.executable, "-c", "from ingest.cli import app; app()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def kaohe_serve(env: dict, port: int):
    """Run `kaohe serve` until the block ends; the list it yields receives what it wrote to stderr."""
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
        yield base, stderr
    finally:
        server.terminate()
        stderr.append(server.communicate(timeout=30)[1])


def test_serve_creates_the_data_dir_and_an_admin_and_serves_the_pages(tmp_path):
    port = free_port()
    env = {**os.environ, "KAOHE_DATA_DIR": str(tmp_path / "data")}
    env.pop("KAOHE_DATABASE_URL", None)
    env.pop("KAOHE_ADMIN_PASSWORD", None)
    with kaohe_serve(env, port) as (base, stderr):
        page = httpx.get(f"{base}/login")
        assert page.status_code == 200 and "登录" in page.text
        assert (tmp_path / "data" / "kaohe.db").exists()
    line = next(line for line in stderr[0].splitlines() if "初始密码" in line)
    password = line.split("初始密码：")[1].split("（")[0]
    assert len(password) >= 12
    # The password shown works after a restart, which creates no second admin.
    with kaohe_serve(env, port) as (base, stderr):
        login = httpx.post(f"{base}/api/auth/login", json={"username": "admin", "password": password})
        assert login.status_code == 200 and login.json()["user"]["role"] == "admin"
    assert "初始密码" not in stderr[0]


def test_serve_does_not_print_the_database_password(tmp_path, postgres_url):
    # Trust authentication accepts any password: this one only has to be recognisable.
    url = make_url(postgres_url).set(password="hunter2-secret").render_as_string(hide_password=False)
    env = {**os.environ, "KAOHE_DATA_DIR": str(tmp_path / "data"), "KAOHE_DATABASE_URL": url,
           "KAOHE_ADMIN_PASSWORD": "admin-pass-2021"}
    with kaohe_serve(env, free_port()) as (base, stderr):
        assert httpx.get(f"{base}/login").status_code == 200
    assert "数据库：postgresql" in stderr[0] and "hunter2-secret" not in stderr[0]
