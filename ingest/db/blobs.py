"""Uploaded files on disk, addressed by their sha256: the same bytes are stored once.

A blob is written to a temporary file and renamed into place, so a crash
never leaves a half-written file under a valid name; reading checks the hash,
so a damaged file is reported, not scored.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def private_dir(path: Path) -> Path:
    """`path` as a folder only its owner can enter (0700), made if missing: uploads are
    societies' materials, not for other accounts on the server."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


class BlobError(Exception):
    """A stored file that is missing or damaged; str() is Chinese for the reviewer."""


class BlobStore:
    def __init__(self, root: Path):
        self.root = root

    def path(self, sha256: str) -> Path:
        if not SHA256.match(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store `data`; (its sha256, whether this call wrote it)."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if target.exists():
            return sha256, False
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in (target.parent.parent, target.parent):
            folder.mkdir(mode=0o700, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return sha256, True

    def get(self, sha256: str, name: str = "") -> bytes:
        label = f"“{name}”" if name else sha256[:12]
        try:
            data = self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise BlobError(f"文件{label}在存储中丢失") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BlobError(f"文件{label}在存储中已损坏（校验值不符）")
        return data

    def discard(self, sha256: str) -> None:
        """Remove a blob this process has just written and that nothing refers to."""
        self.path(sha256).unlink(missing_ok=True)
