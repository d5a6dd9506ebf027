"""材料自查: a society runs the completeness check on its draft files before it submits.

The drafts are read in memory and dropped: nothing is stored, nothing reaches
a reviewer, and it does not count against the society's uploads. The answer
is the checklist of `ingest.check` — what is missing, which 自评表 rows have
nothing found behind them, which files could not be read — with no score.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from ingest.check import Checklist, check_materials, conclusion, deadline_text, row_status, row_title
from ingest.files import InputError, InputFile, read_zip
from ingest.service.deps import AnyUser, Config, Login
from ingest.service.errors import invalid
from ingest.service.intake import clean_name
from ingest.service.routers.pages import render, templates
from ingest.service.settings import MB
from rubrics.loader import RubricError, list_rubrics, load_rubric

router = APIRouter(tags=["材料自查"])
templates.env.globals.update(row_title=row_title, row_status=row_status, conclusion=conclusion,
                             deadline_text=deadline_text)

Files = Annotated[list[UploadFile], File(description="工作总结、自评表、佐证材料：.docx .pdf .xlsx .txt .md .png .jpg 或 .zip")]
RubricId = Annotated[str, Form(description="评分表编号，见 GET /api/rubrics")]
Year = Annotated[int | None, Form(ge=2000, le=2100, description="考核年度；不填时取评分表的年度")]


def _check(files: list[UploadFile], rubric: str, year: int | None, max_unpacked: int) -> Checklist:
    try:
        rubric_id = load_rubric(rubric).id
    except RubricError as error:
        raise invalid(str(error)) from None
    uploads: list[InputFile] = []
    failures: list[InputError] = []
    for upload in files:
        name, data = clean_name(upload.filename), upload.file.read()
        if not name.lower().endswith(".zip"):
            uploads.append(InputFile(name, data))
            continue
        try:
            members, errors = read_zip(name, data, max_total=max_unpacked)
        except InputError as error:
            failures.append(error)
            continue
        uploads += members
        failures += errors
    if not uploads and not failures:
        raise invalid("请选择要自查的文件")
    return check_materials(uploads, failures, rubric_id, year)


@router.post("/api/check")
def check_api(user: AnyUser, settings: Config, files: Files, rubric: RubricId, year: Year = None) -> dict:
    """材料自查：缺少的材料、自评表中未找到相关活动或佐证的行、无法读取的文件及处理办法。
    不保存文件，不评分；`complete` 为 true 表示未发现缺漏。"""
    return _check(files, rubric, year, settings.max_unpacked_bytes).to_json()


@router.get("/check", response_class=HTMLResponse, include_in_schema=False)
def check_page(request: Request, login: Login, settings: Config) -> HTMLResponse:
    return render(request, "check.html", login, rubrics=list_rubrics(), limit_mb=settings.max_upload_bytes / MB,
                  selected=login.user.default_rubric or settings.default_rubric)


@router.post("/check", response_class=HTMLResponse, include_in_schema=False)
def check_result(request: Request, login: Login, settings: Config, files: Files, rubric: RubricId,
                 year: Year = None) -> HTMLResponse:
    """The checklist as a part of the 材料自查 page (the page's script puts it in place)."""
    checklist = _check(files, rubric, year, settings.max_unpacked_bytes)
    return templates.TemplateResponse(request, "check_result.html", {"checklist": checklist})
