"""Receiving an upload: every file is checked before anything is stored.

Refused (the whole upload, with every problem named): too large (413), a
type kaohe does not read or content that does not match the extension (415),
empty files and hostile or broken archives (422), the same file twice or the
same materials already submitted (409). Accepted uploads are stored in one
go: blobs first, then the rows in one transaction; if the transaction fails
the blobs this upload added are removed again.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors.parse import ParseError, sniff_kind
from ingest.db.blobs import BlobStore
from ingest.db.models import Document, Role, Status, Submission, User
from ingest.files import InputError, InputFile, numbered, read_zip
from ingest.service.errors import ServiceError
from ingest.service.limits import too_large_message

MAX_NAME = 200


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str


def clean_name(name: str | None) -> str:
    """The file's own name: a client may send a path, control characters or nothing."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[-MAX_NAME:] or "未命名文件"


def check_files(
    uploads: list[InputFile], max_bytes: int, max_unpacked: int, self_evaluation: InputFile | None = None
) -> tuple[list[InputFile], InputFile | None]:
    """The files to store, zip bundles opened into their members, and the 自评表 (one file, not
    a bundle); ServiceError if any is refused."""
    if not uploads:
        raise ServiceError(422, "请选择要上传的文件")
    total = sum(len(u.data) for u in [*uploads, *([self_evaluation] if self_evaluation else [])])
    if total > max_bytes:
        raise ServiceError(413, too_large_message(max_bytes, total))
    accepted: list[InputFile] = []
    refusals: list[Refusal] = []
    for upload in uploads:
        files, problems = _open(InputFile(clean_name(upload.name), upload.data), max_unpacked)
        accepted += files
        refusals += problems
    if not refusals and not accepted:
        refusals.append(Refusal(422, "压缩包中没有文件"))
    claims = None
    if self_evaluation is not None:
        claims = InputFile(clean_name(self_evaluation.name), self_evaluation.data)
        kind = _sniff(claims)
        if isinstance(kind, Refusal):
            refusals.append(kind)
        elif kind == "zip":
            refusals.append(Refusal(415, f"{claims.name}：自评表须为单个文件（DOCX、PDF、XLSX 或图片），不能是压缩包"))
    refusals += _repeats([*accepted, *([claims] if claims else [])])
    if refusals:
        messages = [r.message for r in refusals]
        raise ServiceError(refusals[0].status, "本次上传未保存：" + "；".join(messages), messages)
    return accepted, claims


def _open(file: InputFile, max_unpacked: int) -> tuple[list[InputFile], list[Refusal]]:
    kind = _sniff(file)
    if isinstance(kind, Refusal):
        return [], [kind]
    if kind != "zip":
        return [file], []
    try:
        members, errors = read_zip(file.name, file.data, max_total=max_unpacked)
    except InputError as error:
        return [], [Refusal(422, _named(error))]
    refusals = [Refusal(422, _named(e)) for e in errors]
    refusals += [r for m in members if isinstance(r := _sniff(m), Refusal)]
    return (members if not refusals else []), refusals


def _sniff(file: InputFile) -> str | Refusal:
    """The file's real type, or why it is refused."""
    if not file.data:
        return Refusal(422, f"{file.name}：文件为空")
    try:
        return sniff_kind(file.data, file.name)
    except ParseError as error:
        return Refusal(415, _named(error))


def _named(error: InputError | ParseError) -> str:
    return f"{error.name}：{error.reason}"


def _repeats(files: list[InputFile]) -> list[Refusal]:
    seen: dict[str, str] = {}
    refusals = []
    for file in files:
        sha = hashlib.sha256(file.data).hexdigest()
        if sha in seen:
            refusals.append(Refusal(409, f"{file.name}：与“{seen[sha]}”内容相同，同一文件只需上传一次"))
        seen.setdefault(sha, file.name)
    return refusals


def fingerprint(rubric_id: str, files: list[InputFile], self_evaluation: InputFile | None = None) -> str:
    """The same rubric and the same set of files (and 自评表), in any order and under any names."""
    hashes = sorted(hashlib.sha256(f.data).hexdigest() for f in files)
    if self_evaluation is not None:
        hashes.append("self_evaluation:" + hashlib.sha256(self_evaluation.data).hexdigest())
    return hashlib.sha256("\n".join([rubric_id, *hashes]).encode()).hexdigest()


# One upload at a time checks for duplicates and stores: two identical uploads
# arriving together must not both pass the check.
_storing = threading.Lock()


def store_submission(
    db: Session, store: BlobStore, owner: User, rubric_id: str, year: int | None, society: str | None,
    files: list[InputFile], self_evaluation: InputFile | None = None, batch_id: str | None = None,
    digest: str | None = None,
) -> Submission:
    """Store the checked files and a queued submission for them, all or nothing.

    Each stored file is keyed by its id (`numbered`: the 自评表 last), which the worker hands back
    to the pipeline. `digest` is what makes the submission unique (default: its rubric and files)."""
    digest = digest or fingerprint(rubric_id, files, self_evaluation)
    with _storing:
        existing = db.scalar(
            select(Submission).where(Submission.fingerprint == digest, Submission.status != Status.FAILED)
        )
        if existing is not None:
            where = f"（提交 #{existing.id}）" if owner.role != Role.SOCIETY or existing.owner_id == owner.id else ""
            raise ServiceError(409, f"这些材料已经按同一评分表上传过{where}，请勿重复上传")
        written: list[str] = []
        try:
            documents = []
            evidence, claims = numbered(files, self_evaluation)
            for position, file in enumerate([*evidence, *([claims] if claims else [])]):
                sha256, new = store.put(file.data)
                if new:
                    written.append(sha256)
                documents.append(
                    Document(
                        position=position, key=file.id, name=file.name, sha256=sha256, size=len(file.data),
                        self_evaluation=file is claims,
                    )
                )
            submission = Submission(
                rubric_id=rubric_id, year=year, society=society, status=Status.QUEUED,
                fingerprint=digest, owner=owner, documents=documents, batch_id=batch_id,
            )
            db.add(submission)
            db.commit()
        except BaseException:
            db.rollback()
            for sha256 in written:
                store.discard(sha256)
            raise
    return submission
