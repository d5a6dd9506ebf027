"""The service's settings, from the environment (`KAOHE_*`) or given directly (tests, embedding)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


class SettingError(ValueError):
    """A setting the service must not start with; the message, in Chinese, names the setting."""


def default_data_dir(env: Mapping[str, str] = os.environ) -> Path:
    """A per-user directory, so `kaohe serve` works from any folder and keeps its data between runs."""
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kaohe"


def _flag(value: str | None) -> bool:
    return (value or "") in ("1", "true", "yes")


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    # None: a SQLite file in the data directory.
    database_url: str | None = None
    # The most one upload request may carry (all its files together).
    max_upload_bytes: int = 50 * MB
    # The most one batch archive upload may carry: a whole year's materials, far over the single-upload cap.
    max_batch_upload_bytes: int = 2048 * MB
    # The most a zip bundle may expand to (bounds the memory a zip bomb can take).
    max_unpacked_bytes: int = 200 * MB
    # Batch pre-screenings running at once; more wait in the queue (排队中) until one ends.
    max_batches: int = 1
    # Worker processes each running batch uses; None: one per core.
    batch_workers: int | None = None
    session_hours: float = 12.0
    # This many wrong passwords in a row for one account or from one address lock its logins ...
    login_attempts: int = 15
    # ... for this long.
    login_lockout_minutes: float = 15.0
    admin_username: str = "admin"
    # The first admin's password; None: one is generated and shown once at start-up.
    admin_password: str | None = None
    # A submission whose processing was interrupted this many times is marked failed.
    max_attempts: int = 3
    # Times are stored in UTC and shown to reviewers in this zone.
    timezone: str = "Asia/Shanghai"
    # Send the login cookie over HTTPS only (set when served behind TLS).
    secure_cookies: bool = False
    # Society accounts see kaohe's proposals and scores before a reviewer releases the result.
    society_sees_proposals: bool = False
    # Uploads a society account may make for one rubric and year (failed ones not counted).
    society_uploads: int = 3
    # The rubric the upload form starts with, unless the account names its own; None: the first.
    default_rubric: str | None = None

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def database_file(self) -> Path | None:
        """The SQLite file in the data directory, unless `database_url` names another database."""
        return None if self.database_url else self.data_dir / "kaohe.db"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.database_file}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        data_dir = Path(env["KAOHE_DATA_DIR"]) if env.get("KAOHE_DATA_DIR") else default_data_dir(env)
        return cls(
            data_dir=data_dir,
            database_url=env.get("KAOHE_DATABASE_URL") or None,
            max_upload_bytes=int(float(env.get("KAOHE_MAX_UPLOAD_MB", 50)) * MB),
            max_batch_upload_bytes=int(float(env.get("KAOHE_MAX_BATCH_UPLOAD_MB", 2048)) * MB),
            max_unpacked_bytes=int(float(env.get("KAOHE_MAX_UNPACKED_MB", 200)) * MB),
            max_batches=int(env.get("KAOHE_MAX_BATCHES", 1)),
            batch_workers=int(env["KAOHE_BATCH_WORKERS"]) if env.get("KAOHE_BATCH_WORKERS") else None,
            login_attempts=int(env.get("KAOHE_LOGIN_ATTEMPTS", 15)),
            login_lockout_minutes=float(env.get("KAOHE_LOGIN_LOCKOUT_MINUTES", 15)),
            admin_username=env.get("KAOHE_ADMIN_USER", "admin"),
            admin_password=env.get("KAOHE_ADMIN_PASSWORD") or None,
            timezone=env.get("KAOHE_TIMEZONE", "Asia/Shanghai"),
            secure_cookies=_flag(env.get("KAOHE_SECURE_COOKIES")),
            society_sees_proposals=_flag(env.get("KAOHE_SOCIETY_SEES_PROPOSALS")),
            society_uploads=int(env.get("KAOHE_SOCIETY_UPLOADS", 3)),
            default_rubric=env.get("KAOHE_DEFAULT_RUBRIC") or None,
        )
