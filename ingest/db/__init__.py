"""Persistence for the reviewer service: tables, the database engine, migrations and the file store.

SQLite in the data directory by default, PostgreSQL by URL; the schema is
created and upgraded by the Alembic migrations in `ingest.migrations`, never
by `create_all`, so a database made by an older kaohe is upgraded in place.
"""
