"""Submissions: upload materials (processed in the background), list, look at one, its result JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile, status
from sqlalchemy import select

from assess.contract import SubmissionResult
from ingest.db.models import Role, Status, Submission, User
from ingest.files import InputFile
from ingest.service import schemas
from ingest.service.deps import (
    DB, AnyUser, Config, Reviewer, released_submission, results_visible, visible_submission, visible_submissions,
)
from ingest.service.errors import ServiceError, invalid
from ingest.service.intake import check_files, store_submission
from ingest.service.review import release, require_done
from ingest.service.views import submission_out
from rubrics.loader import RubricError, load_rubric

router = APIRouter(prefix="/api/submissions", tags=["提交"])


def _rubric_id(rubric: str) -> str:
    try:
        return load_rubric(rubric).id
    except RubricError as error:
        raise invalid(str(error)) from None


def _check_society_upload(db, user: User, rubric_id: str, year: int | None, limit: int) -> None:
    """A society may upload a few times per rubric and year, and not once the result is released:
    it must not be able to tune its wording against the matcher."""
    if year is None:
        raise invalid("学会账号上传须填写考核年度")
    earlier = select(Submission.released_at).where(
        Submission.owner_id == user.id, Submission.rubric_id == rubric_id, Submission.year == year,
        Submission.status != Status.FAILED,
    )
    released = list(db.scalars(earlier))
    if any(at is not None for at in released):
        raise ServiceError(409, f"{year}年度的评审结果已发布，不能再上传该年度的材料；如需更正，请联系科协")
    if len(released) >= limit:
        raise ServiceError(429, f"{year}年度按该评分表已上传{limit}次，达到上限，不能再上传；如需更正，请联系科协")


@router.post(
    "",
    response_model=schemas.SubmissionOut,
    status_code=status.HTTP_202_ACCEPTED,
    responses={409: {"description": "同一文件重复、材料已上传过或评审结果已发布"}, 413: {"description": "上传内容过大"},
               429: {"description": "学会账号本年度上传次数已达上限"},
               415: {"description": "文件类型不支持或内容与扩展名不符"}, 422: {"description": "空文件、恶意或损坏的压缩包"}},
)
def create_submission(
    request: Request,
    response: Response,
    user: AnyUser,
    db: DB,
    settings: Config,
    files: Annotated[list[UploadFile], File(description="工作总结、自评表、佐证材料：.docx .pdf .xlsx .txt .md .png .jpg 或 .zip")],
    rubric: Annotated[str, Form(description="评分表编号，见 GET /api/rubrics")],
    year: Annotated[int | None, Form(ge=2000, le=2100, description="考核年度；不填时从材料推断")] = None,
    society: Annotated[str | None, Form(max_length=200, description="学会名称；不填时从材料识别")] = None,
    self_evaluation: Annotated[
        UploadFile | None, File(description="自评表（单个 .docx .pdf .xlsx 或图片）：与材料核对，不作为佐证")
    ] = None,
) -> schemas.SubmissionOut:
    """上传一个学会的材料。立即返回（202），处理在后台进行；轮询 GET /api/submissions/{id} 查看状态。"""
    rubric_id = _rubric_id(rubric)
    if user.role == Role.SOCIETY:
        _check_society_upload(db, user, rubric_id, year, settings.society_uploads)
    uploads = [InputFile(f.filename or "", f.file.read()) for f in files]
    claims = InputFile(self_evaluation.filename or "", self_evaluation.file.read()) if self_evaluation else None
    checked, claims = check_files(uploads, settings.max_upload_bytes, settings.max_unpacked_bytes, claims)
    if user.role == Role.SOCIETY:
        society = user.society
    submission = store_submission(
        db, request.app.state.store, user, rubric_id, year, (society or "").strip() or None, checked, claims
    )
    request.app.state.worker.submit(submission.id)
    response.headers["Location"] = f"/api/submissions/{submission.id}"
    return submission_out(submission, results_visible(user, submission, settings))


@router.get("", response_model=list[schemas.SubmissionOut])
def list_submissions(
    user: AnyUser,
    db: DB,
    settings: Config,
    rubric: Annotated[str | None, Query(description="评分表编号")] = None,
    status_: Annotated[Status | None, Query(alias="status", description="queued、processing、done 或 failed")] = None,
    society: Annotated[str | None, Query(description="学会名称（包含即可）")] = None,
) -> list[schemas.SubmissionOut]:
    """提交列表，最新的在前；学会账号只看到自己的提交，评审发布结果前不含得分。"""
    found = visible_submissions(db, user, rubric=rubric, status=status_, society=society)
    return [submission_out(s, results_visible(user, s, settings)) for s in found]


@router.get("/{submission_id}", response_model=schemas.SubmissionOut)
def get_submission(submission_id: int, user: AnyUser, db: DB, settings: Config) -> schemas.SubmissionOut:
    """一个提交及其处理状态、文档和建议总分（学会账号在评审发布结果后才能看到得分）。"""
    submission = visible_submission(db, user, submission_id)
    return submission_out(submission, results_visible(user, submission, settings))


@router.get("/{submission_id}/result")
def get_result(submission_id: int, user: AnyUser, db: DB, settings: Config) -> SubmissionResult:
    """kaohe 的原始识别结果，与 `kaohe score --json` 的 JSON 相同（见 CONTRACT.md）。"""
    submission = released_submission(db, user, submission_id, settings)
    require_done(submission)
    return submission.result


@router.post("/{submission_id}/release", response_model=schemas.SubmissionOut,
             responses={409: {"description": "尚有指标待审核，或已发布"}})
def release_result(submission_id: int, user: Reviewer, db: DB, settings: Config) -> schemas.SubmissionOut:
    """发布评审结果：此后学会账号可以查看评审得分、等次和逐项结论；须全部指标审核后才能发布。"""
    submission = visible_submission(db, user, submission_id)
    release(db, submission, user, settings.timezone)
    return submission_out(submission)
