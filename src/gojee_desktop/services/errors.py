"""Errors a service raises; each carries a message fit to show a user as it is."""

from __future__ import annotations


class GojeeError(Exception):
    """Base of every error a user may see. `str(error)` is the user-facing message."""


class NotFound(GojeeError):
    """The record asked for does not exist (or was deleted meanwhile)."""


class ValidationError(GojeeError):
    """Input that cannot be saved; `field` names the offending field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class RuleViolation(GojeeError):
    """A request that breaks a business rule (convert twice, a stage of another pipeline)."""


class StaleRecord(GojeeError):
    """Someone else changed the record since it was read; the write was refused."""


class StaleJob(StaleRecord):
    """A job changed since the version the user saw: `job_id`, and who (`actor`) last changed
    which `fields`, so a window can show their change beside the user's."""

    def __init__(self, message: str, job_id: int, actor: str = "", fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.job_id = job_id
        self.actor = actor
        self.fields = fields


class StaleBom(StaleRecord):
    """A job's BOM changed since the user loaded it (lines, sections, order, currency)."""

    def __init__(self, message: str, job_id: int, actor: str = "", fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.job_id = job_id
        self.actor = actor
        self.fields = fields


class StorageError(GojeeError):
    """The database could not be used or the change could not be stored (a damaged, locked
    or read-only file, a full disk, an unreachable server…); nothing was written. `kind`
    names the problem (see `store.checks`), `restorable` says a backup can cure it."""

    def __init__(self, message: str, kind: str = "other", restorable: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        self.restorable = restorable
