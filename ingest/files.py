"""Reading input files and bundles from disk, with limits that keep hostile input harmless.

A `.zip` bundle is opened member by member in memory, never extracted to
disk: absolute or `..` member paths, encrypted members, too many members and
zip bombs (declared or actual size over the limit, absurd compression ratio)
are refused with a message naming the bundle and the member.
"""

from __future__ import annotations

import errno
import io
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from extractors.parse import document_id
from extractors.parse.container import MAX_COMPRESSION_RATIO

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 2000
MAX_ARCHIVE_TOTAL_BYTES = 1024 * 1024 * 1024
READ_CHUNK = 1024 * 1024
OFFICE_SUFFIXES = (".docx", ".xlsx")
# What the operating system's refusals mean to a reviewer.
OS_REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "所在磁盘只读", errno.ENOSPC: "磁盘空间不足",
    errno.ENOENT: "不存在", errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EEXIST: "路径中有一段是文件，不是文件夹",
}


@dataclass(frozen=True)
class InputFile:
    name: str
    data: bytes
    # What its document and results are known by (`numbered`); a stored file keeps the id it was stored under.
    id: str | None = None


class InputError(Exception):
    """A file that cannot be read at all; str() names the file and the reason in Chinese.

    `id` is the file's when it had one (it was read but could not be parsed)."""

    def __init__(self, name: str, reason: str, id: str | None = None):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.id = id


def numbered(files: list[InputFile], self_evaluation: InputFile | None = None
             ) -> tuple[list[InputFile], InputFile | None]:
    """The files of one submission with their ids: d1, d2 … in input order, the 自评表 last; a stored
    file keeps the id it was stored under."""
    ordered = [*files, *([self_evaluation] if self_evaluation is not None else [])]
    ided = [file if file.id else replace(file, id=document_id(i)) for i, file in enumerate(ordered)]
    return ided[:len(files)], (ided[-1] if self_evaluation is not None else None)


def read_inputs(paths: list[Path]) -> tuple[list[InputFile], list[InputError]]:
    """The files named on the command line, zip bundles opened into their members.

    Errors are collected, not raised, so one bad file does not stop the others.
    """
    files: list[InputFile] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            data = _read_path(path)
            if path.suffix.lower() == ".zip":
                members, member_errors = read_zip(path.name, data)
                files.extend(members)
                errors.extend(member_errors)
            else:
                files.append(InputFile(path.name, data))
        except InputError as error:
            errors.append(error)
    return files, errors


def _read_path(path: Path) -> bytes:
    if not path.exists():
        raise InputError(path.name, "文件不存在")
    if path.is_dir():
        raise InputError(path.name, "这是一个文件夹，不是文件")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(path.name, f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB）")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(path.name, f"无法读取文件（{os_reason(error)}）") from error


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in Chinese where kaohe knows the words."""
    return OS_REASONS.get(error.errno, error.strerror or type(error).__name__)


def read_zip(
    name: str, data: bytes, max_total: int = MAX_ARCHIVE_TOTAL_BYTES
) -> tuple[list[InputFile], list[InputError]]:
    """The members of a zip bundle; `max_total` bounds what is decompressed into memory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise InputError(name, "压缩包损坏，无法打开") from error
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        raise InputError(name, f"压缩包内文件过多（{len(infos)} 个，上限 {MAX_ARCHIVE_MEMBERS} 个）")
    declared = sum(i.file_size for i in infos)
    if declared > max_total:
        raise InputError(name, "压缩包解压后过大，疑似压缩炸弹，已拒绝")
    files: list[InputFile] = []
    errors: list[InputError] = []
    budget = max_total
    for info in sorted(infos, key=lambda i: i.filename):
        member = f"{name}/{member_name(info)}"
        try:
            check_member(info, member)
            content = read_member(archive, info, member, min(budget, MAX_FILE_BYTES))
        except InputError as error:
            errors.append(error)
            continue
        budget -= len(content)
        # DOCX and XLSX are zip files themselves; only other zips are nested archives.
        if zipfile.is_zipfile(io.BytesIO(content)) and not member.lower().endswith(OFFICE_SUFFIXES):
            errors.append(InputError(member, "压缩包内嵌套压缩包，请解压后分别上传"))
            continue
        files.append(InputFile(member, content))
    return files, errors


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it.

    Without the UTF-8 flag zipfile decodes a name as cp437. Info-ZIP and macOS
    write UTF-8 names without the flag, Windows' built-in zipper writes GBK:
    the raw bytes are UTF-8 when they decode as such, else GBK (a GBK name is
    almost never valid UTF-8). macOS spells names decomposed (NFD).
    """
    if info.flag_bits & 0x800:
        return unicodedata.normalize("NFC", info.filename)
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gbk"):
        try:
            return unicodedata.normalize("NFC", raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return info.filename


def check_member(info: zipfile.ZipInfo, member: str) -> None:
    path = PurePosixPath(info.filename.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise InputError(member, "压缩包内含绝对路径或“..”路径，已拒绝")
    if info.flag_bits & 0x1:
        raise InputError(member, "压缩包内文件已加密，无法读取")
    if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
        raise InputError(member, "压缩比异常，疑似压缩炸弹，已拒绝")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, member: str, limit: int) -> bytes:
    """Read at most `limit` bytes, so a member that lies about its size cannot exhaust memory."""
    chunks = []
    total = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(READ_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise InputError(member, "解压后超过大小上限，疑似压缩炸弹，已拒绝")
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise InputError(member, "压缩包内文件损坏，无法解压") from error
    return b"".join(chunks)
