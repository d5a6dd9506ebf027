"""The schema the migrations build, the content-addressed file store, and the settings from the environment."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ingest.batch.store import metadata as batch_store_tables
from ingest.db.blobs import BlobError, BlobStore
from ingest.db.engine import make_engine, normalise_url
from ingest.db.migrate import upgrade
from ingest.db.models import Base
from ingest.service.settings import MB, Settings


def test_migrations_build_exactly_the_schema_the_models_describe(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    upgrade(engine)  # a second start finds nothing to do
    # A batch run by the service keeps its results in the same database, in tables of its own store.
    def service_owned(name, kind, parent_names):
        return not (kind == "table" and name in batch_store_tables.tables)

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": service_owned})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_blob_store_keeps_one_copy_per_content(tmp_path):
    store = BlobStore(tmp_path)
    data = "工作总结".encode()
    first, written = store.put(data)
    again, written_again = store.put(data)
    assert first == again == hashlib.sha256(data).hexdigest() and written and not written_again
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [store.path(first)]
    assert store.get(first) == data


def test_blob_store_reports_lost_and_damaged_files_by_name(tmp_path):
    store = BlobStore(tmp_path)
    sha, _ = store.put(b"original bytes")
    store.path(sha).write_bytes(b"changed on disk")
    with pytest.raises(BlobError, match="“总结.docx”在存储中已损坏"):
        store.get(sha, "总结.docx")
    store.discard(sha)
    with pytest.raises(BlobError, match="“总结.docx”在存储中丢失"):
        store.get(sha, "总结.docx")


def test_blob_store_refuses_names_that_are_not_hashes(tmp_path):
    with pytest.raises(ValueError):
        BlobStore(tmp_path).path("../../etc/passwd")


def test_settings_default_to_sqlite_in_a_per_user_data_dir():
    settings = Settings.from_env({"XDG_DATA_HOME": "/srv/data"})
    assert settings.data_dir == Path("/srv/data/kaohe")
    assert settings.db_url == "sqlite:////srv/data/kaohe/kaohe.db"
    assert settings.max_upload_bytes == 50 * MB and settings.max_batch_upload_bytes == 2048 * MB
    # One batch at a time, on a worker per core.
    assert settings.max_batches == 1 and settings.batch_workers is None


def test_settings_from_the_environment():
    settings = Settings.from_env({
        "KAOHE_DATA_DIR": "/srv/kaohe", "KAOHE_DATABASE_URL": "postgresql://kaohe@db/kaohe",
        "KAOHE_MAX_UPLOAD_MB": "5", "KAOHE_ADMIN_PASSWORD": "first-admin-pw", "KAOHE_MAX_BATCHES": "2",
        "KAOHE_BATCH_WORKERS": "3", "KAOHE_MAX_BATCH_UPLOAD_MB": "4096",
    })
    assert settings.max_batches == 2 and settings.batch_workers == 3 and settings.max_batch_upload_bytes == 4096 * MB
    assert settings.data_dir == Path("/srv/kaohe") and settings.db_url == "postgresql://kaohe@db/kaohe"
    assert settings.max_upload_bytes == 5 * MB and settings.admin_password == "first-admin-pw"
    assert not settings.society_sees_proposals and settings.society_uploads == 3 and settings.default_rubric is None
    review = Settings.from_env({"KAOHE_SOCIETY_SEES_PROPOSALS": "1", "KAOHE_SOCIETY_UPLOADS": "1",
                                "KAOHE_DEFAULT_RUBRIC": "zhejiang-2020-society"})
    assert review.society_sees_proposals and review.society_uploads == 1
    assert review.default_rubric == "zhejiang-2020-society"


@pytest.mark.parametrize(
    "url, expected",
    [("postgresql://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"),
     ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
     ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
     ("sqlite:///x.db", "sqlite:///x.db")],
)
def test_postgresql_urls_use_the_installed_driver(url, expected):
    assert normalise_url(url) == expected
