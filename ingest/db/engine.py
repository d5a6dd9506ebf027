"""Opening the database named by a URL, with the settings each backend needs to serve several threads."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str) -> str:
    """`postgresql://…` (and Heroku-style `postgres://…`) use psycopg 3, the driver kaohe installs."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


# A database server that does not answer is reported, not waited for: connecting gives up after
# CONNECT_SECONDS, and TCP keepalives find a connection whose server vanished in about a minute.
CONNECT_SECONDS = 10
SERVER_ARGS = {"connect_timeout": CONNECT_SECONDS, "keepalives": 1, "keepalives_idle": 30,
               "keepalives_interval": 10, "keepalives_count": 3}


def make_engine(url: str, statement_seconds: float | None = None) -> Engine:
    """An engine for `url`; on a database server, statements running past `statement_seconds` are cancelled."""
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "postgresql":
        args = dict(SERVER_ARGS)
        if statement_seconds is not None:
            args["options"] = f"-c statement_timeout={int(statement_seconds * 1000)}"
        return create_engine(url, pool_pre_ping=True, connect_args=args)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    # The worker thread and the request threads share the file: WAL lets readers
    # go on while one writes, and the timeout makes a second writer wait, not fail.
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: objects stay readable after commit when a response is built from them.
    return sessionmaker(engine, expire_on_commit=False)
