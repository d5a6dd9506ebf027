"""Imported by the pool's fork server: the pipeline and its language resources, loaded once.

Workers fork from the server, so each starts with them loaded; and the
server is a fresh process, so workers inherit none of the caller's threads,
sockets or locks (a web server's, or a Celery client's Redis connections).
"""

from ingest.batch.work import warm

warm()
