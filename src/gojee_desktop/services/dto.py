"""Plain data that services return. Frozen dataclasses: safe to hand to any thread or widget."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from gojee_desktop.locales import format_day, format_time


@dataclass(frozen=True)
class StageInfo:
    id: int
    pipeline: str  # 'leads' | 'jobs'
    name: str
    color: str
    position: int
    win_probability: int
    outcome: str | None  # 'won' | 'lost' | None


@dataclass(frozen=True)
class StatusInfo:
    id: int
    key: str
    name: str
    applies_to: str  # 'lead' | 'job' | 'both'
    color: str
    position: int

    def fits(self, lifecycle: str) -> bool:
        """Whether a job of this lifecycle may carry the status."""
        wanted = "lead" if lifecycle == "lead" else "job"
        return self.applies_to in ("both", wanted)


@dataclass(frozen=True)
class NamedItem:
    """A source channel, label or team member."""

    id: int
    name: str
    color: str = ""


@dataclass(frozen=True)
class CustomFieldInfo:
    id: int
    key: str
    name: str
    field_type: str
    choices: tuple[str, ...]
    position: int
    applies_to: str = "job"  # "job", "person" or "organization"


@dataclass(frozen=True)
class ContactDetailInfo:
    kind: str
    value: str
    label: str = ""
    normalized: str | None = None  # E.164 for a phone, the case-folded address for an email


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str
    organization_id: int | None
    organization: str | None
    details: tuple[ContactDetailInfo, ...] = ()


@dataclass(frozen=True)
class OrganizationInfo:
    id: int
    name: str
    details: tuple[ContactDetailInfo, ...] = ()


@dataclass(frozen=True)
class JobSummary:
    """What a table row or a kanban card shows."""

    id: int
    number: str
    title: str
    lifecycle: str
    value: Decimal
    currency: str
    status_id: int | None
    status: str | None
    stage_id: int | None
    stage: str | None
    person_id: int | None
    customer: str | None
    organization_id: int | None
    organization: str | None
    source_channel_id: int | None
    source_channel: str | None
    expected_close: date | None
    archived: bool
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    board_position: float
    created_at: datetime
    updated_at: datetime
    version: int
    # The job's earliest open activity ("Call: Ring back"), its day and time.
    next_activity: str = ""
    next_activity_due: date | None = None
    next_activity_time: time | None = None

    def next_activity_overdue(self, now: datetime) -> bool:
        """Whether the next activity is past its day (or, today, its time); `now` is local."""
        due = self.next_activity_due
        if due is None or due != now.date():
            return due is not None and due < now.date()
        return self.next_activity_time is not None and self.next_activity_time < now.time()

    @property
    def next_activity_text(self) -> str:
        """`Tue 15 Dec 9:30 am · Call: Ring back` in the display locale, or empty."""
        if self.next_activity_due is None:
            return ""
        from gojee_desktop.services.activities.clock import today  # the clock tests set

        when = format_day(self.next_activity_due, this_year=today().year)
        if self.next_activity_time is not None:
            when += f" {format_time(self.next_activity_time)}"
        return f"{when} · {self.next_activity}"

    @property
    def customer_name(self) -> str | None:
        """Who the customer is, as tables and cards show it: the person, else the business
        (the order `jobs.customer_sort` sorts by)."""
        return self.customer or self.organization


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    field: str
    old_value: str
    new_value: str


@dataclass(frozen=True)
class JobDetail:
    """Everything about one job, for the editor and `gojee lead show`."""

    summary: JobSummary
    site_address: str
    lost_reason: str
    archived_at: datetime | None
    converted_at: datetime | None
    label_ids: tuple[int, ...]
    assignee_ids: tuple[int, ...]
    custom_fields: dict[int, str] = field(default_factory=dict)
    person: PersonInfo | None = None
    organization: OrganizationInfo | None = None
    history: tuple[HistoryEntry, ...] = ()

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def version(self) -> int:
        return self.summary.version


@dataclass(frozen=True)
class JobPage:
    """One page of a job list and the number of jobs matching in all."""

    rows: list[JobSummary]
    total: int
