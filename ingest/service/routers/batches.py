"""Batches: pre-screen a year's archive of submissions in the background, then download the workbook."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile, status
from fastapi.responses import FileResponse

from ingest.db.models import User
from ingest.service.batches import ARCHIVE
from ingest.service.deps import Reviewer
from ingest.service.errors import conflict, invalid, not_found
from rubrics.loader import RubricError, load_rubric

router = APIRouter(prefix="/api/batches", tags=["批量预审"])


def _batch(request: Request, user: User, batch_id: str) -> dict:
    """The batch, if `user` started it or is an admin; else the same 404 as for no such batch."""
    found = request.app.state.batches.get(batch_id, user)
    if found is None:
        raise not_found("预审批次")
    return found


@router.post("", status_code=status.HTTP_202_ACCEPTED,
             responses={413: {"description": "上传内容过大"}, 415: {"description": "不是 ZIP 压缩包"},
                        422: {"description": "压缩包损坏、没有学会的材料或解压后超过上限"},
                        429: {"description": "同时进行的批量预审已达上限（见 Retry-After）"}})
def create_batch(
    request: Request,
    user: Reviewer,
    archive: Annotated[UploadFile, File(description="各学会材料的 .zip：每个学会一个文件夹，或文件名带学会名称")],
    rubric: Annotated[str, Form(description="评分表编号，见 GET /api/rubrics")],
    year: Annotated[int | None, Form(ge=2000, le=2100, description="考核年度；不填时取评分表的年度")] = None,
) -> dict:
    """上传一年的材料压缩包，后台预审（立即返回 202）；轮询 GET /api/batches/{id}，完成后下载预审报告。
    批次属于提交它的评审（管理员可查看全部）。"""
    try:
        rubric_id = load_rubric(rubric).id
    except RubricError as error:
        raise invalid(str(error)) from None
    return request.app.state.batches.start(archive.file, archive.filename or ARCHIVE, rubric_id, year, user)


@router.get("/{batch_id}")
def get_batch(request: Request, user: Reviewer, batch_id: str) -> dict:
    """预审进度与结果：running、done（各学会总分、等次、提示、排名）、failed 或 interrupted（可继续）。"""
    return _batch(request, user, batch_id)


@router.post("/{batch_id}/resume", status_code=status.HTTP_202_ACCEPTED)
def resume_batch(request: Request, user: Reviewer, batch_id: str) -> dict:
    """继续被中断或失败的预审；已完成的材料直接沿用。"""
    _batch(request, user, batch_id)
    return request.app.state.batches.resume(batch_id)


@router.get("/{batch_id}/report", response_class=FileResponse)
def batch_report(request: Request, user: Reviewer, batch_id: str) -> FileResponse:
    """预审报告（XLSX）：总览、预审提示、共用材料、分数分布、每个学会一页。"""
    if _batch(request, user, batch_id)["status"] != "done":
        raise conflict("预审尚未完成，请稍后再下载")
    return FileResponse(request.app.state.batches.report(batch_id), filename=f"预审报告-{batch_id}.xlsx")
