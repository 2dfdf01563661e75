"""Attachments on SQLite (files by content hash in the data folder) and PostgreSQL (chunks in
the database): dedup, safe names, the size limit, a missing stored file, removal and history;
(`gojee attach` and `gojee attachments` are in tests/commands)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gojee_desktop.models import Attachment, AttachmentChunk
from gojee_desktop.services import activities
from gojee_desktop.services.activities import attachments as attachment_service
from gojee_desktop.services.catalog import set_setting
from gojee_desktop.services.errors import NotFound, ValidationError
from gojee_desktop.services.jobs import NewJob, create_lead, get_job
from gojee_desktop.store import attachment_files


@pytest.fixture
def job_id(db) -> int:
    return create_lead(db.sessions, NewJob(title="Bathroom")).id


def _stored(db) -> int:
    """How many distinct contents are stored (files or chunked blobs)."""
    if db.dialect == "postgresql":
        with db.sessions() as session:
            return session.scalar(select(func.count(func.distinct(AttachmentChunk.content_hash))))
    root = attachment_service.file_store().root
    return len([p for p in root.rglob("*") if p.is_file()]) if root.exists() else 0


def test_same_file_twice_is_stored_once_and_removal_collects_it(db, job_id, tmp_path):
    photo = tmp_path / "site photo.jpg"
    photo.write_bytes(b"\xff\xd8" + b"x" * 3_000_000)  # spans several 1 MB chunks
    other = create_lead(db.sessions, NewJob(title="Other")).id
    first = activities.add_attachment(db.sessions, job_id, photo)
    second = activities.add_attachment(db.sessions, other, photo)
    assert first.content_hash == second.content_hash and _stored(db) == 1
    assert (first.name, first.size, first.media_type) == ("site photo.jpg", 3_000_002, "image/jpeg")
    _info, data = activities.read_attachment(db.sessions, first.id)
    assert data == photo.read_bytes()
    assert [a.id for a in activities.list_attachments(db.sessions, job_id)] == [first.id]
    activities.remove_attachment(db.sessions, first.id)
    assert _stored(db) == 1  # still referred to by the other job
    activities.remove_attachment(db.sessions, second.id)
    assert _stored(db) == 0
    fields = [(h.field, h.old_value, h.new_value) for h in get_job(db.sessions, job_id).history]
    assert fields[-2:] == [("attachment", "", "site photo.jpg"), ("attachment", "site photo.jpg", "")]


def test_size_limit_refused_with_a_message_and_nothing_written(db, job_id, tmp_path):
    set_setting(db.sessions, attachment_service.MAX_MB_SETTING, "1")
    big = tmp_path / "plans.pdf"
    big.write_bytes(b"%PDF" + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match=r"plans.pdf is 1.0 MB; attachments can be at most 1 MB"):
        activities.add_attachment(db.sessions, job_id, big)
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert _stored(db) == 0
    with pytest.raises(ValidationError, match="Cannot read"):
        activities.add_attachment(db.sessions, job_id, tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("..", "attachment"),
        ("CON.txt", "_CON.txt"),
        ("lpt1", "_lpt1"),
        ("a<b>:c|d?.txt", "a_b__c_d_.txt"),
        (b"caf\xe9.txt", "caf\ufffd.txt"),
        ("tab\there.txt", "tab_here.txt"),
    ],
)
def test_names_are_made_safe(raw, safe):
    assert attachment_service.safe_name(raw) == safe


def test_traversal_name_is_stored_under_its_hash_only(db, job_id, tmp_path):
    source = tmp_path / "quote.txt"
    source.write_text("hello")
    info = activities.add_attachment(db.sessions, job_id, source, name="../../evil.sh")
    assert info.name == "evil.sh"
    if db.dialect == "sqlite":
        stored = attachment_service.file_store().path(info.content_hash)
        assert stored.parent.parent == attachment_service.file_store().root
    with pytest.raises(attachment_files.StoreError):
        attachment_service.file_store().path("../../etc/passwd")


def test_a_missing_stored_file_is_reported(sqlite_db, tmp_path):
    job = create_lead(sqlite_db.sessions, NewJob(title="Gone")).id
    source = tmp_path / "note.txt"
    source.write_text("text")
    info = activities.add_attachment(sqlite_db.sessions, job, source)
    attachment_service.file_store().path(info.content_hash).unlink()
    with pytest.raises(NotFound, match=r"note\.txt: The stored file is missing"):
        activities.read_attachment(sqlite_db.sessions, info.id)


def test_cancel_through_progress_writes_nothing(db, job_id, tmp_path):
    source = tmp_path / "video.mp4"
    source.write_bytes(b"v" * 2_500_000)
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 2 * 1024 * 1024

    with pytest.raises(ValidationError, match="Cancelled"):
        activities.add_attachment(db.sessions, job_id, source, progress=progress)
    assert seen[0] == 1024 * 1024 and _stored(db) == 0


def test_remove_keeping_bytes_restore_then_collect(db, job_id, tmp_path):
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF-1.7 plan")
    added = activities.add_attachment(db.sessions, job_id, plan)
    removed = activities.remove_attachment(db.sessions, added.id, keep_bytes=True)
    assert activities.list_attachments(db.sessions, job_id) == [] and _stored(db) == 1
    restored = activities.restore_attachment(db.sessions, removed)
    assert restored == added
    _info, data = activities.read_attachment(db.sessions, added.id)
    assert data == b"%PDF-1.7 plan"
    assert activities.collect_unreferenced(db.sessions, [added.content_hash]) == []  # still referred to
    activities.remove_attachment(db.sessions, added.id, keep_bytes=True)
    assert activities.collect_unreferenced(db.sessions, [added.content_hash]) == [added.content_hash]
    assert _stored(db) == 0
    with pytest.raises(NotFound, match=r"plan\.pdf: the stored file is gone"):
        activities.restore_attachment(db.sessions, removed)
    assert activities.list_attachments(db.sessions, job_id) == []


def test_headless_job_delete_leaves_no_orphan_bytes(db, job_id, tmp_path):
    from gojee_desktop.services.jobs import delete_job

    shared, own = tmp_path / "shared.txt", tmp_path / "own.txt"
    shared.write_bytes(b"shared")
    own.write_bytes(b"own")
    other = create_lead(db.sessions, NewJob(title="Other")).id
    activities.add_attachment(db.sessions, job_id, shared)
    activities.add_attachment(db.sessions, job_id, own)
    kept = activities.add_attachment(db.sessions, other, shared)
    assert _stored(db) == 2
    delete_job(db.sessions, job_id)
    assert _stored(db) == 1  # the other job's file stays
    _info, data = activities.read_attachment(db.sessions, kept.id)
    assert data == b"shared"
