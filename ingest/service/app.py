"""The reviewer service's application factory.

`create_app(settings)` opens the database (upgrading it to the newest schema),
makes sure an admin exists, and wires the API routers, the pages and the
background worker; the worker starts with the application and first picks up
whatever an earlier run left unfinished.
"""

from __future__ import annotations

import os
import secrets
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException

from ingest.db.blobs import BlobStore, private_dir
from ingest.db.engine import make_engine, session_factory
from ingest.db.migrate import upgrade
from ingest.db.models import Role, User
from ingest.service.batches import BatchJobs
from ingest.service.errors import ServiceError, database_away, service_error_handler, validation_error_handler
from ingest.service.headers import SecurityHeaders
from ingest.service.limits import BodyLimit
from ingest.service.routers import (
    auth, batch_pages, batches, check, documents, entries, pages, proposals, rubrics, score, submissions, trail, users,
)
from ingest.service.schemas import PASSWORD_RULES
from ingest.service.security import hash_password, password_problem
from ingest.service.settings import SettingError, Settings
from ingest.service.worker import Worker

STATIC = Path(__file__).resolve().parent / "static"

DESCRIPTION = """
学会年度考核材料的评审服务：上传材料，查看 kaohe 的逐项建议及原文依据，逐项确认、调整或不予认定，
按评审认定的事实计分。登录：`POST /api/auth/login` 取得令牌，之后在请求头写 `Authorization: Bearer <令牌>`。
"""

# FastAPI's own errors (unknown path, wrong method) in the reviewers' language.
HTTP_MESSAGES = {404: "请求的地址不存在", 405: "该地址不支持此请求方法"}


def _check_admin_password(settings: Settings) -> None:
    """The first admin's password from the environment meets the rules every other password meets."""
    if settings.admin_password is None:
        return
    problem = password_problem(settings.admin_password, settings.admin_username)
    if problem is not None:
        raise SettingError(f"KAOHE_ADMIN_PASSWORD 不符合密码要求：{problem}（密码须{PASSWORD_RULES}），服务未启动")


def _ensure_admin(sessions: sessionmaker[Session], settings: Settings) -> str | None:
    """Create the first admin if there is none; the generated password, if one had to be made."""
    with sessions() as db:
        if db.scalar(select(User.id).where(User.role == Role.ADMIN).limit(1)) is not None:
            return None
        password = settings.admin_password or secrets.token_urlsafe(12)
        db.add(User(username=settings.admin_username, display_name="管理员", password_hash=hash_password(password),
                    role=Role.ADMIN))
        db.commit()
    return None if settings.admin_password else password


def _prepare_storage(settings: Settings) -> None:
    """The data folder and the SQLite file readable by the service's own account only."""
    private_dir(settings.data_dir)
    if settings.database_file is not None:
        os.close(os.open(settings.database_file, os.O_CREAT | os.O_WRONLY, 0o600))
        # SQLite gives its -wal and -shm files the database file's permissions.
        settings.database_file.chmod(0o600)


async def _service_error(request: Request, error: ServiceError) -> Response:
    if request.url.path.startswith("/api/"):
        return await service_error_handler(request, error)
    return pages.error_page(request, error)


async def _database_error(request: Request, _: OperationalError) -> Response:
    # The database server restarting or out of reach: a 503 now, and the next request reconnects (pre-ping).
    return await _service_error(request, database_away())


async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    detail = error.detail
    if detail == HTTPStatus(error.status_code).phrase:
        detail = HTTP_MESSAGES.get(error.status_code, detail)
    return JSONResponse({"detail": detail}, status_code=error.status_code, headers=error.headers)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    _check_admin_password(settings)
    _prepare_storage(settings)
    engine = make_engine(settings.db_url)
    upgrade(engine)
    sessions = session_factory(engine)
    generated_password = _ensure_admin(sessions, settings)
    store = BlobStore(settings.blob_dir)
    worker = Worker(sessions, store, settings.max_attempts)
    batch_jobs = BatchJobs(settings.data_dir / "batches", settings.max_batches, settings.max_unpacked_bytes,
                           settings.batch_workers, settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        worker.start()
        batch_jobs.start_queue()
        yield
        batch_jobs.stop_queue()
        worker.stop()
        engine.dispose()

    # No Swagger UI or ReDoc: FastAPI loads them from a CDN, which an intranet cannot reach and which
    # would run foreign script in the service's origin. The API is described by /openapi.json.
    app = FastAPI(title="kaohe 评审服务", description=DESCRIPTION, version="0.1.0", lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.store = store
    app.state.worker = worker
    app.state.batches = batch_jobs
    # Shown once by `kaohe serve`; never stored.
    app.state.generated_admin_password = generated_password
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes, batch_limit=settings.max_batch_upload_bytes)
    # Added last, so it is outermost: the body limit's own refusals carry the headers too.
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_error)
    for module in (auth, users, submissions, documents, proposals, entries, score, trail, rubrics, batches, batch_pages,
                   check, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
