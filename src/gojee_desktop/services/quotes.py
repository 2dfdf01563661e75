"""Quotes: numbered snapshots of a job's BOM (Q-000042-2 is J-000042's second revision).

Only the newest revision changes; older ones stay as they were. Sending a quote sets the
job's status to quoted, accepting it sets approved, sets the job's value to the quote's
grand total and freezes the BOM; all of it is recorded in the job's history. Undoing these
actions lives in `quote_undo`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojee_desktop.models import QUOTE_STATUSES, Job, Person, Quote, QuoteLine, Status, utcnow
from gojee_desktop.money import from_minor, to_minor
from gojee_desktop.pricing import LineAmounts, Totals, compute_totals, price_line
from gojee_desktop.services import lookups
from gojee_desktop.services.bom import LINE_FIELDS, line_data, load_bom
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.company import load_company
from gojee_desktop.services.errors import NotFound, RuleViolation, ValidationError
from gojee_desktop.services.history import HistoryWriter
from gojee_desktop.services.jobs import name_of
from gojee_desktop.services.uow import read_only, unit_of_work
from gojee_desktop.store.database import SessionFactory

# Allowed status changes of the newest revision.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("sent", "accepted", "declined"),
    "sent": ("accepted", "declined"),
    "accepted": (),
    "declined": (),
}
# The job status (catalog key) each quote status sets.
JOB_STATUS_FOR = {"sent": "quoted", "accepted": "approved"}
EDITABLE = ("customer", "site", "intro", "terms", "valid_until", "hide_unit_prices", "issue_date")


def quote_number(job_id: int, revision: int) -> str:
    return f"Q-{job_id:06d}-{revision}"


@dataclass(frozen=True)
class QuoteLineInfo:
    section: str
    data: LineData
    amounts: LineAmounts


@dataclass(frozen=True)
class QuoteSection:
    name: str
    lines: tuple[QuoteLineInfo, ...]
    subtotal: Decimal


@dataclass(frozen=True)
class QuoteSummary:
    id: int
    job_id: int
    number: str
    revision: int
    status: str
    issue_date: date
    valid_until: date
    currency: str
    grand_total: Decimal
    latest: bool

    @property
    def read_only(self) -> bool:
        """Older revisions never change; the newest changes only while a draft."""
        return not self.latest or self.status != "draft"


@dataclass(frozen=True)
class QuoteDetail:
    summary: QuoteSummary
    job_number: str
    job_title: str
    customer: str
    site: str
    intro: str
    terms: str
    hide_unit_prices: bool
    tax_rounding: str
    sections: tuple[QuoteSection, ...]
    totals: Totals

    @property
    def number(self) -> str:
        return self.summary.number

    @property
    def lines(self) -> list[QuoteLineInfo]:
        return [line for section in self.sections for line in section.lines]


def _sections(quote: Quote) -> tuple[list[str], list[list[QuoteLineInfo]]]:
    names: list[str] = []
    groups: list[list[QuoteLineInfo]] = []
    for row in quote.lines:
        data = line_data(row)
        info = QuoteLineInfo(row.section, data, price_line(data.pricing(), quote.currency))
        if not names or names[-1] != row.section:
            names.append(row.section)
            groups.append([])
        groups[-1].append(info)
    return names, groups


def latest_revision(session: Session, job_id: int) -> int:
    query = select(Quote.revision).where(Quote.job_id == job_id).order_by(Quote.revision.desc()).limit(1)
    return session.scalar(query) or 0


def _detail(session: Session, quote: Quote) -> QuoteDetail:
    names, groups = _sections(quote)
    totals = compute_totals(
        [[x.data.pricing() for x in g] for g in groups], quote.currency, quote.tax_rounding
    )
    job = lookups.get_job(session, quote.job_id)
    summary = _summary(quote, totals.grand_total, latest_revision(session, quote.job_id))
    return QuoteDetail(
        summary=summary,
        job_number=job.number,
        job_title=job.title,
        customer=quote.customer,
        site=quote.site,
        intro=quote.intro,
        terms=quote.terms,
        hide_unit_prices=quote.hide_unit_prices,
        tax_rounding=quote.tax_rounding,
        sections=tuple(
            QuoteSection(name, tuple(group), subtotal)
            for name, group, subtotal in zip(names, groups, totals.section_subtotals, strict=True)
        ),
        totals=totals,
    )


def _summary(quote: Quote, grand_total: Decimal, latest_revision: int) -> QuoteSummary:
    return QuoteSummary(
        id=quote.id,
        job_id=quote.job_id,
        number=quote.number,
        revision=quote.revision,
        status=quote.status,
        issue_date=quote.issue_date,
        valid_until=quote.valid_until,
        currency=quote.currency,
        grand_total=grand_total,
        latest=quote.revision == latest_revision,
    )


def parse_quote_number(text: str) -> tuple[int, int]:
    """`Q-000042-2` (or `q-42-2`) -> (job id 42, revision 2)."""
    parts = (text or "").strip().upper().split("-")
    if len(parts) != 3 or parts[0] != "Q" or not parts[1].isdigit() or not parts[2].isdigit():
        raise ValidationError(f"'{text}' is not a quote number: use the form Q-000042-1.", field="quote")
    return int(parts[1]), int(parts[2])


def find_quote(session: Session, number: str, *, for_update: bool = False) -> Quote:
    job_id, revision = parse_quote_number(number)
    query = select(Quote).where(Quote.job_id == job_id, Quote.revision == revision)
    quote = session.scalar(query.with_for_update() if for_update else query)
    if quote is None:
        raise NotFound(f"There is no quote {quote_number(job_id, revision)}.")
    return quote


def _customer_text(session: Session, job: Job) -> str:
    person = session.get(Person, job.person_id) if job.person_id else None
    parts = [person.name if person else "", job.organization.name if job.organization else ""]
    return "\n".join(p for p in parts if p)


def _snapshot(session: Session, job: Job, revision: int, base: Quote | None, valid_days: int | None) -> Quote:
    bom = load_bom(session, job.id)
    if bom.line_count == 0:
        raise ValidationError(f"The BOM of {job.number} has no lines yet; add lines before quoting.")
    company = load_company(session)
    days = company.valid_days if valid_days is None else valid_days
    if not 0 <= days <= 3650:
        raise ValidationError("A quote must be valid for 0 to 3650 days.", field="valid_days")
    today = utcnow().date()
    quote = Quote(
        job_id=job.id,
        revision=revision,
        number=quote_number(job.id, revision),
        status="draft",
        currency=job.currency,
        tax_rounding=company.tax_rounding,
        customer=_customer_text(session, job),
        site=job.site_address,
        issue_date=today,
        valid_until=today + timedelta(days=days),
        intro=base.intro if base else f"Thank you for the opportunity to quote for {job.title}.",
        terms=base.terms if base else company.terms,
        hide_unit_prices=base.hide_unit_prices if base else False,
    )
    position = 0
    for section in bom.sections:
        for line in section.lines:
            values = {name: getattr(line.data, name) for name in LINE_FIELDS}
            quote.lines.append(QuoteLine(position=position, section=section.name, **values))
            position += 1
    session.add(quote)
    session.flush()
    return quote


def create_quote(
    sessions: SessionFactory, job_id: int, *, valid_days: int | None = None, actor_id: int | None = None
) -> QuoteDetail:
    """The job's first quote (revision 1), a draft made from its BOM."""
    with unit_of_work(sessions) as session:
        job = lookups.get_job(session, job_id, for_update=True)
        latest = session.scalar(select(Quote).where(Quote.job_id == job_id).order_by(Quote.revision.desc()))
        if latest is not None:
            raise RuleViolation(
                f"{job.number} already has quote {latest.number}; revise it to make a new one."
            )
        quote = _snapshot(session, job, 1, None, valid_days)
        HistoryWriter(session, job, actor_id, job_fields=False).record("quote", "", f"{quote.number} drafted")
        return _detail(session, quote)


def revise_quote(
    sessions: SessionFactory, number: str, *, valid_days: int | None = None, actor_id: int | None = None
) -> QuoteDetail:
    """The next revision from the BOM as it is now; the revised one stays read-only. Revising
    an accepted quote unfreezes the BOM."""
    with unit_of_work(sessions) as session:
        old = find_quote(session, number)
        job = lookups.get_job(session, old.job_id, for_update=True)
        latest = latest_revision(session, job.id)
        if old.revision != latest:
            raise RuleViolation(
                f"{old.number} is not the newest revision; revise {quote_number(job.id, latest)} instead."
            )
        quote = _snapshot(session, job, latest + 1, old, valid_days)
        HistoryWriter(session, job, actor_id, job_fields=False).record(
            "quote", old.number, f"{quote.number} drafted"
        )
        return _detail(session, quote)


def update_quote(sessions: SessionFactory, number: str, changes: Mapping[str, Any]) -> QuoteDetail:
    """Change the texts, dates or price display of the newest revision while it is a draft."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These quote fields cannot be edited: {', '.join(sorted(unknown))}.")
    with unit_of_work(sessions) as session:
        quote = find_quote(session, number, for_update=True)
        if quote.revision != latest_revision(session, quote.job_id) or quote.status != "draft":
            raise RuleViolation(f"{quote.number} is {quote.status} and read-only; revise it to change it.")
        for key, value in changes.items():
            if key in ("valid_until", "issue_date"):
                if not isinstance(value, date):
                    raise ValidationError(f"The {key.replace('_', ' ')} must be a date.", field=key)
            elif key == "hide_unit_prices":
                value = bool(value)
            else:
                value = str(value or "").strip()
                if len(value) > 20_000:
                    raise ValidationError(f"The {key} text is too long.", field=key)
            setattr(quote, key, value)
        if quote.valid_until < quote.issue_date:
            raise ValidationError("The quote cannot be valid until a date before its issue date.")
        session.flush()
        return _detail(session, quote)


@dataclass(frozen=True)
class StatusChange:
    """What a status change did, so `quote_undo.undo_status_change` can put it back."""

    detail: QuoteDetail
    old_status: str
    new_status: str
    old_status_changed_at: datetime | None
    old_job_status_id: int | None
    new_job_status_id: int | None
    old_value_minor: int
    new_value_minor: int

    @property
    def number(self) -> str:
        return self.detail.number


def set_quote_status(
    sessions: SessionFactory, number: str, status: str, *, actor_id: int | None = None
) -> QuoteDetail:
    """draft -> sent/accepted/declined, sent -> accepted/declined, on the newest revision."""
    return change_quote_status(sessions, number, status, actor_id=actor_id).detail


def _accepted_value(session: Session, job: Job, quote: Quote, history: HistoryWriter) -> None:
    """An accepted quote's grand total becomes the job's value (same currency only)."""
    if quote.currency != job.currency:
        return
    total = _detail(session, quote).totals.grand_total
    if to_minor(total, job.currency) != job.value_minor:
        history.record("value", from_minor(job.value_minor, job.currency), total)
        job.value_minor = to_minor(total, job.currency)


def change_quote_status(
    sessions: SessionFactory, number: str, status: str, *, actor_id: int | None = None
) -> StatusChange:
    """`set_quote_status`, returning what changed (quote status, job status and value)."""
    if status not in QUOTE_STATUSES:
        raise ValidationError(f"'{status}' is not a quote status: use sent, accepted or declined.")
    with unit_of_work(sessions) as session:
        quote = find_quote(session, number, for_update=True)
        job = lookups.get_job(session, quote.job_id, for_update=True)
        if quote.revision != latest_revision(session, job.id):
            raise RuleViolation(f"{quote.number} is an old revision and read-only.")
        if status not in TRANSITIONS[quote.status]:
            raise RuleViolation(f"{quote.number} is {quote.status}; it cannot become {status}.")
        old_status, old_at = quote.status, quote.status_changed_at
        old_job_status, old_value = job.status_id, job.value_minor
        history = HistoryWriter(session, job, actor_id)
        history.record("quote", f"{quote.number} {quote.status}", f"{quote.number} {status}")
        quote.status = status
        quote.status_changed_at = utcnow()
        job_status_key = JOB_STATUS_FOR.get(status)
        if job_status_key is not None:
            new_status = session.scalar(select(Status).where(Status.key == job_status_key))
            if new_status is not None and new_status.id != job.status_id:
                lookups.check_status_for_lifecycle(new_status, job.lifecycle)
                history.record("status", name_of(session, Status, job.status_id), new_status.name)
                job.status_id = new_status.id
        if status == "accepted":
            _accepted_value(session, job, quote, history)
        session.flush()
        return StatusChange(
            detail=_detail(session, quote),
            old_status=old_status,
            new_status=status,
            old_status_changed_at=old_at,
            old_job_status_id=old_job_status,
            new_job_status_id=job.status_id,
            old_value_minor=old_value,
            new_value_minor=job.value_minor,
        )


def get_quote(sessions: SessionFactory, number: str) -> QuoteDetail:
    with read_only(sessions) as session:
        return _detail(session, find_quote(session, number))


def quote_of_job(sessions: SessionFactory, job_id: int, revision: int | None = None) -> QuoteDetail:
    """A job's quote revision (default: the newest); NotFound names what is missing."""
    with read_only(sessions) as session:
        job = lookups.get_job(session, job_id)
        query = select(Quote).where(Quote.job_id == job_id)
        if revision is not None:
            query = query.where(Quote.revision == revision)
        quote = session.scalar(query.order_by(Quote.revision.desc()).limit(1))
        if quote is None:
            missing = f"revision {revision}" if revision is not None else "quote yet"
            raise NotFound(f"{job.number} has no {missing}.")
        return _detail(session, quote)


def list_quotes(sessions: SessionFactory, job_id: int) -> list[QuoteSummary]:
    """The job's quotes, newest revision first."""
    with read_only(sessions) as session:
        lookups.get_job(session, job_id)
        quotes = list(
            session.scalars(select(Quote).where(Quote.job_id == job_id).order_by(Quote.revision.desc()))
        )
        latest = quotes[0].revision if quotes else 0
        result = []
        for quote in quotes:
            _, groups = _sections(quote)
            totals = compute_totals(
                [[x.data.pricing() for x in g] for g in groups], quote.currency, quote.tax_rounding
            )
            result.append(_summary(quote, totals.grand_total, latest))
        return result
