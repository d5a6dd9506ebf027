"""Batches: pre-screen a year's archive of submissions in the background, then download the workbook."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, File, Form, Request, Response, UploadFile, status
from fastapi.responses import FileResponse
from sqlalchemy import select

from ingest.db.models import Submission, User
from ingest.files import InputFile
from ingest.service import schemas
from ingest.service.batches import ARCHIVE, batch_fingerprint
from ingest.service.deps import DB, Reviewer
from ingest.service.errors import ServiceError, conflict, invalid, not_found
from ingest.service.intake import store_submission
from ingest.service.views import submission_out
from rubrics.loader import RubricError, load_rubric

router = APIRouter(prefix="/api/batches", tags=["批量预审"])


def _batch(request: Request, user: User, batch_id: str) -> dict:
    """The batch, if `user` started it or is an admin; else the same 404 as for no such batch."""
    found = request.app.state.batches.get(batch_id, user)
    if found is None:
        raise not_found("预审批次")
    return found


def _done(request: Request, user: User, batch_id: str) -> dict:
    found = _batch(request, user, batch_id)
    if found["status"] != "done":
        raise conflict("预审尚未完成，请稍后再试")
    return found


@router.get("")
def list_batches(request: Request, user: Reviewer) -> list[dict]:
    """自己提交的批量预审（管理员：全部），最新的在前。"""
    return request.app.state.batches.visible(user)


@router.post("", status_code=status.HTTP_202_ACCEPTED,
             responses={413: {"description": "上传内容过大"}, 415: {"description": "不是 ZIP 压缩包"},
                        422: {"description": "压缩包损坏、是 Word/Excel 文档、没有学会的材料或解压后超过上限"}})
def create_batch(
    request: Request,
    user: Reviewer,
    archive: Annotated[UploadFile, File(description="各学会材料的 .zip：每个学会一个文件夹，或文件名带学会名称")],
    rubric: Annotated[str, Form(description="评分表编号，见 GET /api/rubrics")],
    year: Annotated[int | None, Form(ge=2000, le=2100, description="考核年度；不填时取评分表的年度")] = None,
) -> dict:
    """上传一年的材料压缩包，排队后在后台预审（立即返回 202，状态 queued 或 running）；轮询 GET /api/batches/{id}，
    完成后下载预审报告。批次属于提交它的评审（管理员可查看全部）。"""
    try:
        rubric_id = load_rubric(rubric).id
    except RubricError as error:
        raise invalid(str(error)) from None
    return request.app.state.batches.start(archive.file, archive.filename or ARCHIVE, rubric_id, year, user)


@router.get("/{batch_id}")
def get_batch(request: Request, user: Reviewer, batch_id: str) -> dict:
    """预审进度与结果：queued（排队，waiting 为前面的批次数）、running（progress：总数、已完成、失败、正在处理的学会）、
    done（各学会总分、等次、提示、排名）、failed 或 interrupted（可继续）。"""
    return _batch(request, user, batch_id)


@router.post("/{batch_id}/resume", status_code=status.HTTP_202_ACCEPTED)
def resume_batch(request: Request, user: Reviewer, batch_id: str) -> dict:
    """继续被中断或失败的预审；已完成的材料直接沿用。"""
    _batch(request, user, batch_id)
    return request.app.state.batches.resume(batch_id)


@router.get("/{batch_id}/report", response_class=FileResponse)
def batch_report(request: Request, user: Reviewer, batch_id: str) -> FileResponse:
    """预审报告（XLSX）：总览、预审提示、共用材料、分数分布、每个学会一页。"""
    _done(request, user, batch_id)
    return FileResponse(request.app.state.batches.report(batch_id), filename=f"预审报告-{batch_id}.xlsx")


@router.get("/{batch_id}/forms/{name}", response_class=FileResponse)
def batch_form(request: Request, user: Reviewer, batch_id: str, name: str) -> FileResponse:
    """通知要求的汇总表（XLSX 或 DOCX），名称见 GET /api/batches/{id} 的 forms。"""
    if name not in _done(request, user, batch_id).get("forms", []):
        raise not_found(f"汇总表“{name}”")
    return FileResponse(request.app.state.batches.folder(batch_id) / name, filename=name)


def _opened(db: DB, batch_id: str, folder: str) -> Submission | None:
    return db.scalar(select(Submission).where(Submission.fingerprint == batch_fingerprint(batch_id, folder)))


def _open(request: Request, db: DB, found: dict, row: dict, files: list[InputFile],
          claims: InputFile | None) -> Submission:
    """Store the society's materials as a submission of the batch's reviewer, queued for the worker."""
    if not files:
        raise conflict(f"学会“{row['folder']}”没有可读取的材料")
    owner = db.get(User, found["owner_id"])
    submission = store_submission(db, request.app.state.store, owner, found["rubric"], found["year"], row["society"],
                                  files, claims, batch_id=found["id"], digest=batch_fingerprint(found["id"], row["folder"]))
    request.app.state.worker.submit(submission.id)
    return submission


@router.post("/{batch_id}/submissions", response_model=schemas.SubmissionOut, status_code=status.HTTP_201_CREATED,
             responses={200: {"description": "该学会已打开过：返回原来的提交"}})
def open_submission(
    request: Request, response: Response, user: Reviewer, db: DB, batch_id: str,
    folder: Annotated[str, Body(embed=True, description="学会在批次中的文件夹（GET /api/batches/{id} 的 submissions[].folder）")],
) -> schemas.SubmissionOut:
    """把批次中一个学会的材料作为提交打开，逐项审核（与单独上传一样处理）；提交属于批次的评审，其他评审看不到。"""
    found = _done(request, user, batch_id)
    existing = _opened(db, batch_id, folder)
    if existing is not None:
        response.status_code = status.HTTP_200_OK
        return submission_out(existing)
    row = next((s for s in found.get("submissions", []) if s["folder"] == folder), None)
    if row is None:
        raise not_found(f"学会“{folder}”")
    files, claims = request.app.state.batches.society_files(batch_id, folder)
    return submission_out(_open(request, db, found, row, files, claims))


@router.post("/{batch_id}/submissions/all", response_model=schemas.OpenedAll)
def open_all_submissions(request: Request, user: Reviewer, db: DB, batch_id: str) -> schemas.OpenedAll:
    """把批次中尚未打开的学会全部作为提交打开（已打开的沿用）；提交依次进入处理队列，逐个处理。
    没有可读取材料的学会不打开，在 skipped 中说明。"""
    found = _done(request, user, batch_id)
    rows = {row["folder"]: row for row in found.get("submissions", []) if _opened(db, batch_id, row["folder"]) is None}
    skipped = []
    for folder, files, claims in request.app.state.batches.societies(batch_id, set(rows)):
        try:
            _open(request, db, found, rows[folder], files, claims)
        except ServiceError as error:
            skipped.append(error.message)
    opened = [s for row in found.get("submissions", []) if (s := _opened(db, batch_id, row["folder"])) is not None]
    return schemas.OpenedAll(submissions=[submission_out(s) for s in opened], skipped=skipped)
