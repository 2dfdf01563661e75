"""One session, one transaction per user action; database errors become user messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gojee_desktop.services.errors import StaleRecord, StorageError, ValidationError
from gojee_desktop.store.checks import READ_ONLY, explain
from gojee_desktop.store.database import SessionFactory, sqlite_file
from gojee_desktop.store.instance_lock import writes_refused


def storage_error(sessions: SessionFactory, error: DBAPIError) -> StorageError:
    """A driver error (read-only file, full disk, lost server…) as a user message."""
    bind = sessions.kw.get("bind")
    url = bind.url.render_as_string(hide_password=False) if bind is not None else ""
    problem = explain(error, sqlite_file(url) if url else None, bind.url.host if bind is not None else None)
    if problem.kind == READ_ONLY and writes_refused(bind):
        return StorageError(
            "This window is read-only: the database is open for changes in another Gojee Desktop "
            "window. Make the change there, or close that window and reopen this one.",
            "read_only_window",
        )
    return StorageError(str(problem), problem.kind, problem.restorable)


@contextmanager
def unit_of_work(sessions: SessionFactory) -> Iterator[Session]:
    """Commit when the block ends normally, roll back (writing nothing) when it raises."""
    session = sessions()
    try:
        yield session
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleRecord(
            "This record was changed by someone else meanwhile. Reload it and try again."
        ) from exc
    except IntegrityError as exc:
        session.rollback()
        raise ValidationError(f"The change conflicts with existing data: {exc.orig}") from exc
    except DBAPIError as exc:
        session.rollback()
        raise storage_error(sessions, exc) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_only(sessions: SessionFactory) -> Iterator[Session]:
    """A session for reads; always rolled back."""
    session = sessions()
    try:
        yield session
    except DBAPIError as exc:
        raise storage_error(sessions, exc) from exc
    finally:
        session.rollback()
        session.close()
