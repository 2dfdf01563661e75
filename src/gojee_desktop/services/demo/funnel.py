"""Where a demo job sits in its pipeline and what that implies: the status its stage allows
(a lead in *Quote sent* is *Quoted*, a customer job in *Scheduled* is *Approved*, *Completed*
only in a won stage), whether it was lost, and dates that agree with it (created before
converted before completed, all within the last year, later stages older). Pure Python:
`demo.jobs` turns the plans into lookup tables."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from gojee_desktop.models import LIFECYCLE_LEAD

YEAR_DAYS = 365
TIMES_PER_PLAN = 500  # date triples drawn per plan; a job picks one of them
LOST = "lost"

# Stage name -> (status key, weight) for the default pipelines; other stages follow
# `_fallback`. Lost leads drop out at every stage after the first.
LEAD_STATUSES: dict[str, tuple[tuple[str, int], ...]] = {
    "New enquiry": (("new", 3), ("contacted", 1)),
    "Site visit": (("contacted", 2), ("qualified", 2), (LOST, 1)),
    "Quoting": (("qualified", 4), (LOST, 1)),
    "Quote sent": (("quoted", 3), (LOST, 2)),
    "Negotiation": (("quoted", 3), (LOST, 2)),
}
JOB_STATUSES: dict[str, tuple[tuple[str, int], ...]] = {
    "Scheduled": (("approved", 1),),
    "In progress": (("in_progress", 1),),
    "Awaiting materials": (("in_progress", 1),),
    "Completed": (("completed", 1),),
    "Invoiced": (("completed", 1),),
}
OPEN_LEAD_KEYS = ("new", "contacted", "qualified", "quoted")
WON_JOB_WEIGHT = 2  # a year of business: finished jobs outnumber each open stage's


@dataclass(frozen=True)
class StageInfo:
    id: int
    name: str
    outcome: str  # "", "won" or "lost"


@dataclass(frozen=True)
class StatusInfo:
    id: int
    key: str
    applies_to: str  # "lead", "job" or "both"


@dataclass(frozen=True)
class Plan:
    """One way a demo job sits: its stage, its status, lost or not, how many of every
    hundred-odd jobs sit this way, and where in the pipeline (0 first stage .. 1 last)."""

    stage_id: int | None
    status_id: int | None
    lost: bool
    won: bool
    weight: int
    depth: float


def _status_ids(statuses: Sequence[StatusInfo], lead: bool) -> dict[str, int]:
    allowed = ("lead", "both") if lead else ("job", "both")
    return {s.key: s.id for s in statuses if s.applies_to in allowed}


def _fallback(stage: StageInfo, depth: float, lead: bool, keys: dict[str, int]) -> list[tuple[str, int]]:
    """Statuses for a stage the demo does not know by name: by its outcome, else by how far
    along the pipeline it is."""
    if stage.outcome == LOST:
        return [(LOST, 1)]
    if stage.outcome == "won":
        return [("approved" if lead else "completed", 1)]
    if lead:
        open_keys = [key for key in OPEN_LEAD_KEYS if key in keys] or [""]
        return [(open_keys[round(depth * (len(open_keys) - 1))], 4), (LOST, 1)]
    return [("approved" if depth == 0 else "in_progress", 1)]


def plans_for(lifecycle: str, stages: Sequence[StageInfo], statuses: Sequence[StatusInfo]) -> list[Plan]:
    """The plans of one pipeline's stages (first stage first). Earlier stages hold more jobs
    (a funnel); a status the database lacks leaves the job without one."""
    lead = lifecycle == LIFECYCLE_LEAD
    keys = _status_ids(statuses, lead)
    lost_id = next((s.id for s in statuses if s.key == LOST), None)
    known = LEAD_STATUSES if lead else JOB_STATUSES
    plans: list[Plan] = []
    count = len(stages)
    if not stages:
        status = next(iter(keys.values()), None)
        return [Plan(None, status, False, False, 1, 0.0)]
    for index, stage in enumerate(stages):
        depth = index / (count - 1) if count > 1 else 0.0
        stage_weight = max(1, count - index) * 3
        if not lead and stage.outcome == "won":
            stage_weight = max(1, count) * 3 * WON_JOB_WEIGHT // 2
        choices = known.get(stage.name) or _fallback(stage, depth, lead, keys)
        if stage.outcome == LOST:
            choices = ((LOST, 1),)
        share = sum(weight for _, weight in choices)
        for key, weight in choices:
            lost = key == LOST
            if lost and lost_id is None and stage.outcome != LOST:
                continue  # no lost status to give it: the job stays open instead
            status = lost_id if lost else keys.get(key)
            plans.append(
                Plan(
                    stage.id,
                    status,
                    lost,
                    stage.outcome == "won",
                    max(1, stage_weight * weight * 2 // share),
                    depth,
                )
            )
    return plans


@dataclass(frozen=True)
class Moments:
    """When a demo job was created, converted (customer jobs) and last changed; for a job in
    a won stage the last change is its completion."""

    created: datetime
    converted: datetime | None
    updated: datetime


def _day(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


def moments(rng: random.Random, plan: Plan, lead: bool, now: datetime) -> Moments:
    """Dates that fit the plan. Leads: the further along, the older (a new enquiry came in
    this month, a lead in negotiation a few months ago); lost leads over the whole year.
    Customer jobs: converted 3-45 days after the enquiry; open ones converted lately,
    finished ones over the year and completed 5-45 days after conversion."""
    if lead:
        if plan.lost:
            created = now - _day(rng, 20, YEAR_DAYS)
            updated = min(created + _day(rng, 5, 60), now - _day(rng, 0, 1))
        else:
            created = now - _day(rng, 1 + plan.depth * 10, 21 + plan.depth * 90)
            updated = created + (now - created) * rng.uniform(0.1, 0.95)
        return Moments(created, None, updated)
    lag = _day(rng, 3, 45)
    if plan.won:
        work = _day(rng, 5, 45)
        completed = now - _day(rng, 1, YEAR_DAYS - 50)
        converted = completed - work
    else:
        converted = now - _day(rng, 1 + plan.depth * 5, 21 + plan.depth * 40)
        completed = converted + (now - converted) * rng.uniform(0.1, 0.95)
    created = converted - lag
    oldest = now - timedelta(days=YEAR_DAYS)
    if created < oldest:  # keep the whole story inside the year
        shift = oldest - created + _day(rng, 0, 5)
        created, converted, completed = created + shift, converted + shift, completed + shift
    return Moments(created, converted, completed)


def moment_table(
    rng: random.Random, plans: Sequence[Plan], lead: bool, now: datetime
) -> list[tuple[datetime, datetime | None, datetime]]:
    """TIMES_PER_PLAN date triples per plan, plan after plan: row `plan * TIMES_PER_PLAN + n`."""
    rows = []
    for plan in plans:
        for _ in range(TIMES_PER_PLAN):
            found = moments(rng, plan, lead, now)
            rows.append((found.created, found.converted, found.updated))
    return rows
