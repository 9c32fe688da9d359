"""A zip of candidates, extracted into a temporary folder as if it were hostile (it may be).

Nothing in the archive is trusted: not its names, its sizes or its file types.

- Paths: a member whose name is absolute, holds ``..``, a backslash, a drive, an empty part or a
  control character is not extracted (path traversal); files are created with O_EXCL|O_NOFOLLOW
  inside the folder, so a name given twice cannot overwrite the first.
- Types: symbolic links, devices and anything not a plain file or folder are not extracted; nor
  are encrypted members.
- Sizes (zip bombs): the sizes the archive declares are not believed. Each member is inflated
  only up to one byte over the submission limit (so the judge then says that file is too big,
  for that candidate); the members and the bytes written in all are capped, and the rest of an
  archive past a cap is not extracted.

A member that is not extracted is reported for the candidate it belongs to (layout.py).
"""

from __future__ import annotations

import os
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from judge.errors import UsageError
from judge.sessions.submission import MAX_SUBMISSION_BYTES

MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 256 * 1024 * 1024
# One byte over the submission limit: enough for the judge to say the file is too big.
MAX_MEMBER_BYTES = MAX_SUBMISSION_BYTES + 1
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Extracted:
    """Where the archive was extracted, and each member that was not, with why."""

    root: Path
    not_extracted: dict[str, str]


@contextmanager
def extracted(archive: Path) -> Iterator[Extracted]:
    """Extract ``archive`` into a temporary folder, removed afterwards."""
    try:
        opened = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError(
            f"{str(archive)!r} is not a readable zip archive ({exc}); pass a folder or a .zip"
        ) from exc
    with opened, tempfile.TemporaryDirectory(prefix="judge-grade-") as folder:
        root = Path(folder)
        not_extracted = _extract_all(opened, root)
        yield Extracted(_unwrapped(root, not_extracted), not_extracted)


def _extract_all(archive: zipfile.ZipFile, root: Path) -> dict[str, str]:
    not_extracted: dict[str, str] = {}
    written = 0
    for index, member in enumerate(archive.infolist()):
        name = member.filename
        if index >= MAX_MEMBERS or written >= MAX_TOTAL_BYTES:
            not_extracted[name] = (
                f"the archive is over {MAX_MEMBERS:,} members or {MAX_TOTAL_BYTES // 2**20} MiB"
            )
            continue
        reason = _refusal(member)
        if reason is not None:
            not_extracted[name] = reason
            continue
        target = root.joinpath(*name.rstrip("/").split("/"))
        try:
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            written += _write_member(archive, member, target)
        except FileExistsError:
            not_extracted[name] = "the archive holds this name twice"
        except (OSError, zipfile.BadZipFile, NotImplementedError, EOFError, zlib.error) as exc:
            # A corrupt or oddly compressed member is that member's problem, not the batch's.
            not_extracted[name] = f"it cannot be inflated ({type(exc).__name__})"
    return not_extracted


def _refusal(member: zipfile.ZipInfo) -> str | None:
    """Why ``member`` is not extracted, or None."""
    name = member.filename
    parts = name.rstrip("/").split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or any(part in ("", ".", "..") for part in parts)
        or ":" in parts[0]
        or any(ord(char) < 32 or ord(char) == 127 for char in name)
    ):
        return "its name leads outside the archive's folder or is not a plain path"
    if member.flag_bits & 0x1:
        return "it is encrypted"
    mode = member.external_attr >> 16
    file_type = stat.S_IFMT(mode)
    if file_type == stat.S_IFLNK:
        return "it is a symbolic link, which is never followed"
    if file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "it is not a plain file or folder"
    return None


def _write_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path) -> int:
    """Inflate ``member`` into a new file at ``target``, at most MAX_MEMBER_BYTES of it."""
    # O_NOFOLLOW and O_EXCL: never through a link, never over a file already written.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    written = 0
    with os.fdopen(fd, "wb") as output, archive.open(member) as source:
        while written < MAX_MEMBER_BYTES:
            chunk = source.read(min(_CHUNK, MAX_MEMBER_BYTES - written))
            if not chunk:
                break
            output.write(chunk)
            written += len(chunk)
    return written


def _unwrapped(root: Path, not_extracted: dict[str, str]) -> Path:
    """The folder of candidates: an archive whose entries all sit in one folder is unwrapped."""
    entries = [path for path in root.iterdir() if not path.name.startswith((".", "__"))]
    if len(entries) != 1 or not entries[0].is_dir():
        return root
    wrapper = entries[0].name + "/"
    for name in list(not_extracted):
        if name.startswith(wrapper):
            not_extracted[name[len(wrapper) :]] = not_extracted.pop(name)
    return entries[0]
