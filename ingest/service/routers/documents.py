"""Documents of a submission: metadata, the extracted text with block provenance, the original file."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request, Response

from ingest.db.blobs import BlobError
from ingest.service import schemas
from ingest.service.deps import DB, AnyUser, visible_document, visible_submission
from ingest.service.errors import ServiceError, conflict
from ingest.service.views import document_out, document_text

router = APIRouter(prefix="/api", tags=["文档"])

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


@router.get("/submissions/{submission_id}/documents", response_model=list[schemas.DocumentOut])
def list_documents(submission_id: int, user: AnyUser, db: DB) -> list[schemas.DocumentOut]:
    """一个提交的全部文档（压缩包按其中的文件逐个列出）。"""
    return [document_out(d) for d in visible_submission(db, user, submission_id).documents]


@router.get("/documents/{document_id}", response_model=schemas.DocumentOut)
def get_document(document_id: int, user: AnyUser, db: DB) -> schemas.DocumentOut:
    return document_out(visible_document(db, user, document_id))


@router.get("/documents/{document_id}/text", response_model=schemas.DocumentText)
def get_document_text(document_id: int, user: AnyUser, db: DB) -> schemas.DocumentText:
    """识别出的全文及逐块的位置（页码、字符起止），证据位置即指向此文本。"""
    document = visible_document(db, user, document_id)
    if document.text is None and not document.errors:
        raise conflict("文档尚未处理完成")
    return document_text(document)


@router.get("/documents/{document_id}/file", response_class=Response)
def download_document(document_id: int, request: Request, user: AnyUser, db: DB) -> Response:
    """下载上传的原始文件。"""
    document = visible_document(db, user, document_id)
    try:
        data = request.app.state.store.get(document.sha256, document.name)
    except BlobError as error:
        raise ServiceError(410, str(error)) from None
    filename = document.name.rsplit("/", 1)[-1]
    return Response(
        data,
        media_type=MEDIA_TYPES.get(document.kind or "", "application/octet-stream"),
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )
