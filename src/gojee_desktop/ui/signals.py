"""App-wide signals, declared in one place so every page listens the same way."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppSignals(QObject):
    """Broadcast what changed after a service call, so views refresh just that."""

    #: Ids of jobs created or changed (fields, stage, lifecycle, archive state).
    jobs_changed = Signal(list)
    #: Ids of jobs deleted.
    jobs_removed = Signal(list)
    #: A configured list changed: 'stages', 'statuses', 'labels', 'users',
    #: 'source_channels', 'custom_fields' or 'settings'.
    catalog_changed = Signal(str)
    #: People ('person') or organisations ('organization') were created, changed or deleted.
    contacts_changed = Signal(str)
    #: A short message for the status bar.
    status_message = Signal(str)
    #: A view asks for a job to be opened in the job editor (job id).
    open_job_requested = Signal(int)
    #: A view asks for a lead to be converted to a customer job, through the conversion
    #: window (job id).
    convert_job_requested = Signal(int)
    #: A view asks for the New activity dialog of a job (job id).
    add_activity_requested = Signal(int)
