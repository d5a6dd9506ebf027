"""Batches: pre-screen a year's archive of submissions in the background, then download the workbook."""

from __future__ import annotations

import io
import zipfile
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile, status
from fastapi.responses import FileResponse

from ingest.service.deps import Config, Reviewer
from ingest.service.errors import ServiceError, conflict, invalid, not_found
from rubrics.loader import RubricError, load_rubric

router = APIRouter(prefix="/api/batches", tags=["批量预审"])


def _batch(request: Request, batch_id: str) -> dict:
    found = request.app.state.batches.get(batch_id)
    if found is None:
        raise not_found("预审批次")
    return found


@router.post("", status_code=status.HTTP_202_ACCEPTED,
             responses={413: {"description": "上传内容过大"}, 415: {"description": "不是 ZIP 压缩包"}})
def create_batch(
    request: Request,
    user: Reviewer,
    settings: Config,
    archive: Annotated[UploadFile, File(description="各学会材料的 .zip：每个学会一个文件夹，或文件名带学会名称")],
    rubric: Annotated[str, Form(description="评分表编号，见 GET /api/rubrics")],
    year: Annotated[int | None, Form(ge=2000, le=2100, description="考核年度；不填时取评分表的年度")] = None,
) -> dict:
    """上传一年的材料压缩包，后台预审（立即返回 202）；轮询 GET /api/batches/{id}，完成后下载预审报告。"""
    try:
        rubric_id = load_rubric(rubric).id
    except RubricError as error:
        raise invalid(str(error)) from None
    data = archive.file.read()
    if len(data) > settings.max_upload_bytes:
        raise ServiceError(413, f"{archive.filename}：文件过大（上限 {settings.max_upload_bytes // (1024 * 1024)} MB）")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ServiceError(415, f"{archive.filename}：批量预审需要 ZIP 压缩包（每个学会一个文件夹）")
    return request.app.state.batches.start(data, rubric_id, year, user.username)


@router.get("/{batch_id}")
def get_batch(request: Request, user: Reviewer, batch_id: str) -> dict:
    """预审进度与结果：running、done（各学会总分、等次、提示、排名）、failed 或 interrupted（可继续）。"""
    return _batch(request, batch_id)


@router.post("/{batch_id}/resume", status_code=status.HTTP_202_ACCEPTED)
def resume_batch(request: Request, user: Reviewer, batch_id: str) -> dict:
    """继续被中断或失败的预审；已完成的材料直接沿用。"""
    _batch(request, batch_id)
    return request.app.state.batches.resume(batch_id)


@router.get("/{batch_id}/report", response_class=FileResponse)
def batch_report(request: Request, user: Reviewer, batch_id: str) -> FileResponse:
    """预审报告（XLSX）：总览、预审提示、分数分布、每个学会一页。"""
    if _batch(request, batch_id)["status"] != "done":
        raise conflict("预审尚未完成，请稍后再下载")
    return FileResponse(request.app.state.batches.report(batch_id), filename=f"预审报告-{batch_id}.xlsx")
