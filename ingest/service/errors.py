"""Errors the service reports to reviewers: an HTTP status and one clear Chinese message.

Every refusal has the shape `{"detail": "…"}` (FastAPI's own), with `problems`
listing each file and reason when an upload is refused for several.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


class ServiceError(Exception):
    def __init__(self, status: int, message: str, problems: list[str] | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = problems or []
        # Such as Retry-After on a 429.
        self.headers = headers


def not_found(what: str) -> ServiceError:
    return ServiceError(404, f"{what}不存在或无权查看")


def forbidden(message: str = "当前账号无权执行此操作") -> ServiceError:
    return ServiceError(403, message)


def conflict(message: str) -> ServiceError:
    return ServiceError(409, message)


def invalid(message: str) -> ServiceError:
    return ServiceError(422, message)


# Seconds a client is told to wait while the database is away; the connection pool reconnects by itself.
DATABASE_RETRY_AFTER = 5


def database_away() -> ServiceError:
    return ServiceError(503, "数据库暂时无法连接（可能正在重启或网络中断），请稍后重试；已上传的材料不会丢失",
                        headers={"Retry-After": str(DATABASE_RETRY_AFTER)})


async def service_error_handler(request: Request, error: ServiceError) -> JSONResponse:
    body: dict = {"detail": error.message}
    if error.problems:
        body["problems"] = error.problems
    return JSONResponse(body, status_code=error.status, headers=error.headers)


# pydantic's error types, in the words a reviewer (or a script's author) reads.
_REASONS = {
    "missing": "缺少此项",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "string_too_short": "不能为空或过短",
    "string_too_long": "过长",
    "string_pattern_mismatch": "格式不对",
    "greater_than_equal": "过小",
    "less_than_equal": "过大",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "json_invalid": "不是有效的 JSON",
}


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    return ".".join(parts) or "请求"


async def validation_error_handler(request: Request, error: RequestValidationError) -> JSONResponse:
    problems = [f"“{_field(e['loc'])}”{_REASONS.get(e['type'], '不合法：' + e['msg'])}" for e in error.errors()]
    return JSONResponse({"detail": "请求参数有误：" + "；".join(problems), "problems": problems}, status_code=422)
