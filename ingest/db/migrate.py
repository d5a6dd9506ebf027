"""Bring a database to the newest schema with the migrations shipped inside the package.

The service calls `upgrade` at start-up, so `pip install` and `kaohe serve`
are all an installation needs; there is no alembic.ini to find.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

SCRIPT_LOCATION = "ingest:migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
