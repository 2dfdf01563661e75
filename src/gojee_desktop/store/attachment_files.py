"""Attachment bytes stored by content (SHA-256): the same file twice is kept once. On SQLite
the bytes are files under the data folder (`attachments/ab/abcdef…`); on PostgreSQL (team
mode) they are rows of `attachment_chunks`, 1 MB each, so every client sees them. Names,
jobs and who added what live in `attachments` (the service's business)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

CHUNK = 1024 * 1024
_CHUNKS = sa.table("attachment_chunks", sa.column("content_hash"), sa.column("position"), sa.column("data"))

Progress = Callable[[int, int], bool]  # (bytes done, total) -> go on?


class StoreError(Exception):
    """A file that cannot be stored or read; the message says which and why."""


class TooLarge(StoreError):
    pass


class Cancelled(StoreError):
    pass


def _chunks(source: Path, total: int, progress: Progress | None) -> tuple[str, list[bytes] | None]:
    """Read once; the hash, and the chunks when kept (they are not, for the file store)."""
    digest = hashlib.sha256()
    done = 0
    try:
        with source.open("rb") as stream:
            while block := stream.read(CHUNK):
                digest.update(block)
                done += len(block)
                if progress is not None and not progress(done, total):
                    raise Cancelled("Cancelled; nothing was attached.")
    except OSError as exc:
        raise StoreError(f"Cannot read {source.name}: {exc.strerror or exc}.") from exc
    return digest.hexdigest(), None


def checked_size(source: Path, max_bytes: int) -> int:
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise StoreError(f"Cannot read {source.name}: {exc.strerror or exc}.") from exc
    if not source.is_file():
        raise StoreError(f"{source.name} is not a file.")
    if size > max_bytes:
        raise TooLarge(
            f"{source.name} is {size / 1_048_576:.1f} MB; attachments can be at most "
            f"{max_bytes / 1_048_576:.0f} MB (a setting)."
        )
    return size


class FileStore:
    """Content-addressed files under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, content_hash: str) -> Path:
        if len(content_hash) != 64 or not all(c in "0123456789abcdef" for c in content_hash):
            raise StoreError("Not a stored file's name.")
        return self.root / content_hash[:2] / content_hash

    def put(self, source: Path, max_bytes: int, progress: Progress | None = None) -> tuple[str, int]:
        """Copy in (hashing on the way); returns (hash, size). A file already stored is not
        copied twice."""
        size = checked_size(source, max_bytes)
        self.root.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.root, suffix=".part")
        digest = hashlib.sha256()
        done = 0
        try:
            with os.fdopen(handle, "wb") as out, source.open("rb") as stream:
                while block := stream.read(CHUNK):
                    digest.update(block)
                    out.write(block)
                    done += len(block)
                    if progress is not None and not progress(done, size):
                        raise Cancelled("Cancelled; nothing was attached.")
            target = self.path(digest.hexdigest())
            if target.exists():
                Path(temporary).unlink()
            else:
                target.parent.mkdir(exist_ok=True)
                os.replace(temporary, target)
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            raise StoreError(f"Cannot store {source.name}: {exc.strerror or exc}.") from exc
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return digest.hexdigest(), done

    def read(self, content_hash: str) -> bytes:
        try:
            return self.path(content_hash).read_bytes()
        except FileNotFoundError as exc:
            raise StoreError("The stored file is missing from the data folder.") from exc

    def exists(self, content_hash: str) -> bool:
        return self.path(content_hash).is_file()

    def delete(self, content_hash: str) -> None:
        self.path(content_hash).unlink(missing_ok=True)


class DatabaseStore:
    """Content-addressed chunks in the database, written in the caller's transaction."""

    def put(
        self, session: Session, source: Path, max_bytes: int, progress: Progress | None = None
    ) -> tuple[str, int]:
        size = checked_size(source, max_bytes)
        content_hash, _ = _chunks(source, size, progress)
        present = session.execute(
            sa.select(_CHUNKS.c.position).where(_CHUNKS.c.content_hash == content_hash).limit(1)
        ).first()
        if present is None:
            with source.open("rb") as stream:
                position = 0
                while True:
                    block = stream.read(CHUNK)
                    if not block and position:
                        break
                    session.execute(
                        sa.insert(_CHUNKS).values(content_hash=content_hash, position=position, data=block)
                    )
                    position += 1
                    if not block:
                        break
        return content_hash, size

    def read(self, session: Session, content_hash: str) -> bytes:
        rows = session.execute(
            sa.select(_CHUNKS.c.data)
            .where(_CHUNKS.c.content_hash == content_hash)
            .order_by(_CHUNKS.c.position)
        ).all()
        if not rows:
            raise StoreError("The stored file is missing from the database.")
        return b"".join(bytes(row[0]) for row in rows)

    def exists(self, session: Session, content_hash: str) -> bool:
        return (
            session.execute(
                sa.select(_CHUNKS.c.position).where(_CHUNKS.c.content_hash == content_hash).limit(1)
            ).first()
            is not None
        )

    def delete(self, session: Session, content_hash: str) -> None:
        session.execute(sa.delete(_CHUNKS).where(_CHUNKS.c.content_hash == content_hash))
