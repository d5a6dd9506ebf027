"""The reviewer service: API, pages and background processing over the kaohe pipeline.

`create_app(settings)` builds the FastAPI application; `kaohe serve` runs it.
"""

from ingest.service.app import create_app
from ingest.service.settings import Settings

__all__ = ["Settings", "create_app"]
