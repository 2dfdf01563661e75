"""Running totals of the jobs for the dashboard, so its figures read a few thousand rows
instead of every job. Triggers (`store.report_totals`) keep them exact in the same
transaction that writes a job; nothing else writes them.

Ids that may be NULL on a job are 0 here (no stage, no status, no source) and a missing
month is '': key columns are never NULL, so each group has exactly one row.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Integer, String, Table

from gojee_desktop.models.base import Base

#: Lost reasons are grouped on their first characters (so a key fits PostgreSQL's index).
LOST_REASON_KEY_CHARS = 500

#: Jobs now, per pipeline position: the pipeline figure (summed over close months) and the
#: forecast (by expected close month).
report_stage_totals = Table(
    "report_stage_totals",
    Base.metadata,
    Column("lifecycle", String(12), primary_key=True),
    Column("archived", Boolean, primary_key=True),
    Column("stage_id", Integer, primary_key=True),
    Column("status_id", Integer, primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("close_month", String(7), primary_key=True),
    Column("jobs", Integer, nullable=False),
    Column("value_minor", BigInteger, nullable=False),
)

#: Jobs by the UTC month they were created in: a period's cohort (conversion, won/lost and
#: lost reasons, by source).
report_cohort_totals = Table(
    "report_cohort_totals",
    Base.metadata,
    Column("created_month", String(7), primary_key=True),
    Column("lifecycle", String(12), primary_key=True),
    Column("converted", Boolean, primary_key=True),
    Column("source_channel_id", Integer, primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("status_id", Integer, primary_key=True),
    Column("stage_id", Integer, primary_key=True),
    Column("lost_reason", String(LOST_REASON_KEY_CHARS), primary_key=True),
    Column("jobs", Integer, nullable=False),
    Column("value_minor", BigInteger, nullable=False),
)

#: Converted leads by creation month and tenths of a day from created to converted: the
#: median days to convert.
report_convert_days = Table(
    "report_convert_days",
    Base.metadata,
    Column("created_month", String(7), primary_key=True),
    Column("days_tenths", Integer, primary_key=True),
    Column("jobs", Integer, nullable=False),
)


def _per_assignee(name: str, bucket: Column[str]) -> Table:
    """A per-assignee totals table over one kind of creation bucket (month or day)."""
    return Table(
        name,
        Base.metadata,
        bucket,
        Column("user_id", Integer, primary_key=True),
        Column("currency", String(3), primary_key=True),
        Column("jobs", Integer, nullable=False),
        Column("converted", Integer, nullable=False),
        Column("value_minor", BigInteger, nullable=False),
    )


#: The period's cohort (leads created in the month, or converted ones) per assignee, a job with
#: two assignees counted for both and one without any under assignee 0: the per-assignee
#: figure. Kept by triggers on `jobs` and `job_assignees` (`store.assignee_totals`).
report_assignee_totals = _per_assignee(
    "report_assignee_totals", Column("created_month", String(7), primary_key=True)
)

#: `report_assignee_totals` per UTC day of creation (revision 0019): a period's part-months
#: read whole days from here, and only the part-days at its ends from the jobs. Kept by the
#: same triggers (`store.assignee_totals.DAYS`).
report_assignee_days = _per_assignee(
    "report_assignee_days", Column("created_day", String(10), primary_key=True)
)
