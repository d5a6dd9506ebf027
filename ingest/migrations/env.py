"""Alembic environment: migrations run on the connection `ingest.db.migrate` hands over."""

from alembic import context

from ingest.db.models import Base

connection = context.config.attributes["connection"]
# Batch mode lets later migrations alter SQLite tables (copy-and-move).
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
