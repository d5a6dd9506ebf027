"""Refusing an oversized request body before it is spooled to disk or read into memory.

A declared Content-Length over the limit is answered at once; a body that
arrives without one (chunked) is counted as it streams and cut off at the limit.
A batch archive (`POST /api/batches`) has its own, larger limit: a year's
materials of every society in one upload.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ingest.service.settings import MB

# Multipart boundaries and form fields come on top of the files themselves.
OVERHEAD = 1024 * 1024
BATCH_UPLOAD = "/api/batches"


def too_large_message(limit: int, size: int | None = None) -> str:
    found = f"（{size / MB:.1f} MB）" if size is not None else ""
    return f"上传内容过大{found}，单次上传上限 {limit / MB:.1f} MB，请分批上传或压缩文件"


def batch_too_large_message(limit: int) -> str:
    return f"批量预审压缩包过大，上传上限 {limit / MB:,.0f} MB，请分成几个压缩包分别预审"


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI passes it through its body parsing unchanged and answers 413."""

    def __init__(self, message: str):
        super().__init__(413, message)


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int, batch_limit: int):
        self.app = app
        self.limit = limit
        self.batch_limit = batch_limit

    def _limit(self, scope: Scope) -> tuple[int, str]:
        """The most this request's body may carry, and what its refusal says."""
        if scope["method"] == "POST" and scope["path"].rstrip("/") == BATCH_UPLOAD:
            return self.batch_limit, batch_too_large_message(self.batch_limit)
        return self.limit, too_large_message(self.limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, refusal = self._limit(scope)
        allowed = limit + OVERHEAD
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > allowed:
            await JSONResponse({"detail": refusal}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > allowed:
                    raise BodyTooLarge(refusal)
            return message

        await self.app(scope, counted, send)
