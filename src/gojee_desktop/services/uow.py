"""One session, one transaction per user action; database errors become user messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gojee_desktop.services.errors import StaleRecord, ValidationError
from gojee_desktop.store.database import SessionFactory


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
    finally:
        session.rollback()
        session.close()
