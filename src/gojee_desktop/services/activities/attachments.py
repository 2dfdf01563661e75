"""Files on a job: added by content (the same file twice is stored once), listed, read back,
removed (the stored bytes go when no attachment refers to them any more). Names are made safe
to show and to save under; a size limit (a setting, default 50 MB) refuses big files with a
clear message; a stored file missing from disk is reported, not a crash."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojee_desktop.config import data_dir
from gojee_desktop.models import AppSetting, Attachment
from gojee_desktop.services import lookups
from gojee_desktop.services.errors import NotFound, ValidationError
from gojee_desktop.services.history import HistoryWriter, resolve_actor
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.attachment_files import DatabaseStore, FileStore, Progress, StoreError
from gojee_desktop.store.database import SessionFactory

HISTORY_FIELD = "attachment"
MAX_MB_SETTING = "attachments.max_mb"
DEFAULT_MAX_MB = 50
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    job_id: int
    name: str
    content_hash: str
    size: int
    media_type: str
    added_by: str
    added_at: datetime


def safe_name(raw: str | bytes) -> str:
    """A file name safe on every system: no folders (`..`, `/`, `\\`), no control or reserved
    characters, no reserved Windows device name, bytes that are not UTF-8 replaced."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    text = text.encode("utf-8", errors="replace").decode("utf-8")  # lone surrogates from os.fsdecode
    text = unicodedata.normalize("NFC", text).replace("\\", "/").split("/")[-1]
    text = _UNSAFE.sub("_", text).strip(" .")
    if not text or set(text) <= {"."}:
        text = "attachment"
    stem = text.split(".")[0]
    if stem.upper() in _WINDOWS_RESERVED:
        text = f"_{text}"
    if len(text.encode("utf-8")) > 200:
        suffix = Path(text).suffix[:20]
        text = text.encode("utf-8")[: 200 - len(suffix.encode())].decode("utf-8", errors="ignore") + suffix
    return text


def max_bytes(session: Session) -> int:
    setting = session.get(AppSetting, MAX_MB_SETTING)
    try:
        megabytes = int(setting.value) if setting and setting.value.strip() else DEFAULT_MAX_MB
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return max(1, megabytes) * 1024 * 1024


def file_store() -> FileStore:
    return FileStore(data_dir() / "attachments")


def _in_database(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _info(row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(
        id=row.id,
        job_id=row.job_id,
        name=row.name,
        content_hash=row.content_hash,
        size=row.size,
        media_type=row.media_type,
        added_by=row.added_by,
        added_at=row.added_at,
    )


def add_attachment(
    sessions: SessionFactory,
    job_id: int,
    source: Path,
    *,
    name: str | None = None,
    progress: Progress | None = None,
    actor_id: int | None = None,
) -> AttachmentInfo:
    """Attach a file (copied in; `progress(done, total)` may return False to cancel)."""
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, job_id)
        limit = max_bytes(session)
        try:
            if _in_database(session):
                content_hash, size = DatabaseStore().put(session, source, limit, progress)
            else:
                content_hash, size = file_store().put(source, limit, progress)
        except StoreError as exc:
            raise ValidationError(str(exc), field="file") from exc
        shown = safe_name(name if name is not None else source.name)
        actor = resolve_actor(session, actor_id)
        row = Attachment(
            job_id=job.id,
            name=shown,
            content_hash=content_hash,
            size=size,
            media_type=mimetypes.guess_type(shown)[0] or "application/octet-stream",
            added_by=actor.name if actor else "",
        )
        session.add(row)
        session.flush()
        HistoryWriter(session, job, actor_id, job_fields=False).record(HISTORY_FIELD, "", shown)
        return _info(row)


def list_attachments(sessions: SessionFactory, job_id: int) -> list[AttachmentInfo]:
    """Newest first."""
    with read_only(sessions) as session:
        lookups.get_job(session, job_id)
        rows = session.scalars(
            select(Attachment)
            .where(Attachment.job_id == job_id)
            .order_by(Attachment.added_at.desc(), Attachment.id.desc())
        )
        return [_info(row) for row in rows]


def read_attachment(sessions: SessionFactory, attachment_id: int) -> tuple[AttachmentInfo, bytes]:
    """The bytes of an attachment; a stored file that went missing is a clear NotFound."""
    with read_only(sessions) as session:
        row = lookups.get_by_id(session, Attachment, attachment_id, "attachment")
        try:
            if _in_database(session):
                data = DatabaseStore().read(session, row.content_hash)
            else:
                data = file_store().read(row.content_hash)
        except StoreError as exc:
            raise NotFound(f"{row.name}: {exc}") from exc
        return _info(row), data


def remove_attachment(
    sessions: SessionFactory, attachment_id: int, *, keep_bytes: bool = False, actor_id: int | None = None
) -> AttachmentInfo:
    """Remove from the job; the stored bytes go too when nothing else refers to them, unless
    `keep_bytes` (the window keeps them while Undo may put the attachment back, then calls
    `collect_unreferenced`)."""
    with unit_of_work(sessions) as session:
        row = lookups.get_by_id(session, Attachment, attachment_id, "attachment")
        info = _info(row)
        job = lookups.get_job(session, row.job_id)
        session.delete(row)
        session.flush()
        HistoryWriter(session, job, actor_id, job_fields=False).record(HISTORY_FIELD, info.name, "")
    if not keep_bytes:
        collect_unreferenced(sessions, [info.content_hash])
    return info


def restore_attachment(
    sessions: SessionFactory, info: AttachmentInfo, *, actor_id: int | None = None
) -> AttachmentInfo:
    """Put a removed attachment back with its id (Undo of a remove, Redo of an add); refused
    in words when its stored bytes are gone meanwhile."""
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, info.job_id)
        if session.get(Attachment, info.id) is not None:
            raise ValidationError(f"{info.name} is attached already.")
        if not stored(session, info.content_hash):
            raise NotFound(f"{info.name}: the stored file is gone; attach it again.")
        row = Attachment(
            id=info.id,
            job_id=job.id,
            name=info.name,
            content_hash=info.content_hash,
            size=info.size,
            media_type=info.media_type,
            added_by=info.added_by,
            added_at=info.added_at,
        )
        session.add(row)
        session.flush()
        HistoryWriter(session, job, actor_id, job_fields=False).record(HISTORY_FIELD, "", info.name)
        return _info(row)


def stored(session: Session, content_hash: str) -> bool:
    """Whether the bytes of `content_hash` are in the store."""
    if _in_database(session):
        return DatabaseStore().exists(session, content_hash)
    return file_store().exists(content_hash)


def job_hashes(session: Session, job_ids: list[int]) -> set[str]:
    """The stored contents the jobs' attachments refer to (read before deleting jobs)."""
    return set(session.scalars(select(Attachment.content_hash).where(Attachment.job_id.in_(job_ids))))


def collect_unreferenced(sessions: SessionFactory, hashes: Iterable[str]) -> list[str]:
    """Delete the stored bytes of those contents no attachment refers to any more; returns
    them. Files on disk go after the transaction commits, so a failure never loses bytes an
    attachment still needs."""
    gone: list[str] = []
    with unit_of_work(sessions) as session:
        for content_hash in sorted(set(hashes)):
            others = session.scalar(
                select(func.count()).select_from(Attachment).where(Attachment.content_hash == content_hash)
            )
            if others:
                continue
            if _in_database(session):
                DatabaseStore().delete(session, content_hash)
            gone.append(content_hash)
        in_database = _in_database(session)
    if not in_database:
        files = file_store()
        for content_hash in gone:
            files.delete(content_hash)
    return gone
