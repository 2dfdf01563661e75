"""ORM tables (SQLAlchemy 2, no Qt). Importing this package registers every table."""

from gojee_desktop.models.activities import ACTIVITY_KINDS, Activity, Attachment, AttachmentChunk, Note
from gojee_desktop.models.base import Base, utcnow
from gojee_desktop.models.bom import LINE_KINDS, BomLine, BomSection, PriceBookItem
from gojee_desktop.models.catalog import (
    PIPELINE_JOBS,
    PIPELINE_LEADS,
    STATUS_FOR_BOTH,
    STATUS_FOR_JOBS,
    STATUS_FOR_LEADS,
    AppSetting,
    CustomFieldDefinition,
    Label,
    Pipeline,
    SourceChannel,
    Stage,
    Status,
    User,
)
from gojee_desktop.models.contacts import (
    ContactDetail,
    Organization,
    OrganizationCustomValue,
    Person,
    PersonCustomValue,
)
from gojee_desktop.models.jobs import (
    LIFECYCLE_CUSTOMER_JOB,
    LIFECYCLE_LEAD,
    CustomFieldValue,
    Job,
    JobHistory,
    job_assignees,
    job_labels,
)
from gojee_desktop.models.quotes import QUOTE_STATUSES, Quote, QuoteLine
from gojee_desktop.models.report_totals import (
    report_assignee_totals,
    report_cohort_totals,
    report_convert_days,
    report_stage_totals,
)

__all__ = [
    "ACTIVITY_KINDS",
    "LIFECYCLE_CUSTOMER_JOB",
    "LIFECYCLE_LEAD",
    "LINE_KINDS",
    "PIPELINE_JOBS",
    "PIPELINE_LEADS",
    "QUOTE_STATUSES",
    "STATUS_FOR_BOTH",
    "STATUS_FOR_JOBS",
    "STATUS_FOR_LEADS",
    "Activity",
    "AppSetting",
    "Attachment",
    "AttachmentChunk",
    "Base",
    "BomLine",
    "BomSection",
    "ContactDetail",
    "CustomFieldDefinition",
    "CustomFieldValue",
    "Job",
    "JobHistory",
    "Label",
    "Note",
    "Organization",
    "OrganizationCustomValue",
    "Person",
    "PersonCustomValue",
    "Pipeline",
    "PriceBookItem",
    "Quote",
    "QuoteLine",
    "SourceChannel",
    "Stage",
    "Status",
    "User",
    "job_assignees",
    "job_labels",
    "report_assignee_totals",
    "report_cohort_totals",
    "report_convert_days",
    "report_stage_totals",
    "utcnow",
]
