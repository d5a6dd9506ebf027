"""The bytes of a submission's files, read with the same limits as single uploads.

Workers read their own files (a task carries paths, not megabytes), so a
worker on another machine needs the batch on a shared path. Files named
by `Source` are read one at a time; a member of the batch archive is
decompressed alone, never the whole archive.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from ingest.batch.layout import Source
from ingest.files import MAX_FILE_BYTES, InputError, InputFile, check_member, read_member, read_inputs, read_zip


def read_source(source: Source) -> tuple[list[InputFile], list[InputError]]:
    """The file(s) at `source`: a zip (a society's bundle) gives its members, named under it."""
    if source.member is None:
        path = Path(source.path)
        files, errors = read_inputs([path])
        # read_inputs names files by their base name; reviewers need the path in the batch.
        prefix = source.name[: -len(path.name)] if source.name.endswith(path.name) else ""
        return (
            [InputFile(prefix + f.name, f.data) for f in files],
            [InputError(prefix + e.name, e.reason) for e in errors],
        )
    try:
        with zipfile.ZipFile(source.path) as archive:
            info = archive.getinfo(source.member)
            check_member(info, source.name)
            data = read_member(archive, info, source.name, MAX_FILE_BYTES)
    except InputError as error:
        return [], [error]
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        return [], [InputError(source.name, f"无法从批量压缩包中读取（{error}）")]
    if source.name.lower().endswith(".zip"):
        try:
            return read_zip(source.name, data)
        except InputError as error:
            return [], [error]
    return [InputFile(source.name, data)], []


def read_sources(sources: list[Source]) -> tuple[list[InputFile], list[InputError]]:
    files: list[InputFile] = []
    errors: list[InputError] = []
    for source in sources:
        more, failed = read_source(source)
        files += more
        errors += failed
    return files, errors


def content_sha256(sources: list[Source], errors: list[InputError], options: str = "") -> str:
    """What a submission is, for resuming: its files' names and bytes, what failed, and the options used.

    The files are read one at a time (a society's bundle at once) and only their digests kept, so
    hashing a society's materials never holds all of them in memory."""
    digests: list[tuple[str, str]] = []
    failures = [str(e) for e in errors]
    for source in sources:
        files, failed = read_source(source)
        digests += [(f.name, hashlib.sha256(f.data).hexdigest()) for f in files]
        failures += [str(e) for e in failed]
    digest = hashlib.sha256(options.encode())
    for name, data_sha in sorted(digests):
        digest.update(f"{name}\0{data_sha}\n".encode())
    for error in sorted(failures):
        digest.update(f"!{error}\n".encode())
    return digest.hexdigest()
