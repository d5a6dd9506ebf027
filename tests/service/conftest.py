"""The reviewer service under test: a real app on a real database, SQLite and PostgreSQL.

Every test that takes `service` runs twice, once per backend. PostgreSQL is the
local server (KAOHE_TEST_POSTGRES, default postgres@127.0.0.1:5432): a
throwaway database is created for the test session and dropped after it;
tables are emptied between tests. Without a reachable server those runs are
skipped, saying why.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from ingest.db.engine import make_engine
from ingest.db.models import Base
from ingest.db.migrate import upgrade
from ingest.service import Settings, create_app, security

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
RUBRIC = "jiangxi-2021-society"
ADMIN_PASSWORD = "admin-pass-2021"
PG_URL = os.environ.get("KAOHE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def sample(name: str) -> tuple[str, bytes]:
    return name, (SAMPLES / name).read_bytes()


@pytest.fixture(scope="session")
def postgres_url():
    psycopg = pytest.importorskip("psycopg")
    try:
        server = psycopg.connect(make_url(PG_URL).render_as_string(hide_password=False), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL server not reachable at {PG_URL}: {error}".strip())
    name = f"kaohe_test_{secrets.token_hex(6)}"
    server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def _empty(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        if inspect(connection).has_table("users"):
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """Real Argon2id, at a cost that lets a test log in several accounts in milliseconds."""
    monkeypatch.setattr(security, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite database at the newest schema, copied for each test (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "kaohe.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        copy = tmp_path / "kaohe.db"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), copy)
        return f"sqlite:///{copy}"
    url = request.getfixturevalue("postgres_url")
    _empty(url)
    return url


def login_form_token(client) -> str:
    """The CSRF token of a freshly opened login page (its cookie stays with the client)."""
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)


def browser_login(service, username: str, password: str):
    """Fill in the login form as a browser would: the page's CSRF token goes back with it."""
    return service.client.post("/login", follow_redirects=False, data={
        "username": username, "password": password, "next": "/", "csrf": login_form_token(service.client)})


@dataclass
class Service:
    """A running app and a client, with the steps every test needs."""

    client: TestClient
    settings: Settings
    _admin: dict = field(default_factory=dict)
    running: bool = True

    @property
    def app(self):
        return self.client.app

    def stop(self) -> None:
        """Shut the app down as the server would (the worker stops, the database is released)."""
        if self.running:
            self.client.__exit__(None, None, None)
            self.running = False

    def login(self, username: str, password: str) -> dict:
        response = self.client.post("/api/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    @property
    def admin(self) -> dict:
        if not self._admin:
            self._admin.update(self.login("admin", ADMIN_PASSWORD))
        return self._admin

    def user(self, username: str, role: str = "reviewer", society: str | None = None) -> dict:
        """Create an account as the admin and log in with it."""
        password = f"{username}-secret"
        body = {"username": username, "password": password, "role": role, "display_name": username, "society": society}
        response = self.client.post("/api/users", json=body, headers=self.admin)
        assert response.status_code == 201, response.text
        return self.login(username, password)

    def upload(self, headers: dict, *files: tuple[str, bytes], rubric: str = RUBRIC, **form):
        return self.client.post(
            "/api/submissions",
            headers=headers,
            files=[("files", f) for f in files],
            data={"rubric": rubric, **{k: str(v) for k, v in form.items()}},
        )

    def wait(self, headers: dict, submission_id: int, timeout: float = 60) -> dict:
        """Poll until processing ends, as a client of the 202 would."""
        deadline = time.monotonic() + timeout
        while True:
            body = self.client.get(f"/api/submissions/{submission_id}", headers=headers).json()
            if body["status"] in ("done", "failed") or time.monotonic() > deadline:
                return body
            time.sleep(0.05)

    def submit(self, headers: dict, *files: tuple[str, bytes], **form) -> dict:
        response = self.upload(headers, *files, **form)
        assert response.status_code == 202, response.text
        return self.wait(headers, response.json()["id"])


@pytest.fixture
def start_service(database_url, tmp_path):
    """Start the service (again) on the test's database and data directory; stopped at the end."""
    started: list[Service] = []

    def start(**overrides) -> Service:
        settings = Settings(
            data_dir=tmp_path / "data", database_url=database_url, admin_password=ADMIN_PASSWORD, **overrides
        )
        client = TestClient(create_app(settings))
        client.__enter__()
        started.append(Service(client, settings))
        return started[-1]

    yield start
    for service in started:
        service.stop()


@pytest.fixture
def service(start_service) -> Service:
    return start_service()


@pytest.fixture
def reviewed(service) -> tuple[Service, dict, dict]:
    """A reviewer and a processed 工作总结 (DOCX): (service, reviewer headers, submission)."""
    reviewer = service.user("reviewer1")
    submission = service.submit(reviewer, sample("01_kuangye.docx"))
    assert submission["status"] == "done", submission
    return service, reviewer, submission
