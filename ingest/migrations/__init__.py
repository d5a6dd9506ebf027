"""Alembic migrations of the reviewer service's database (run by `ingest.db.migrate.upgrade`)."""
