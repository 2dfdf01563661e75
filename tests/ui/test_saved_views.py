"""Saved views keep every filter and the sort exactly (dates, amounts, id lists, archived)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QByteArray

from gojee_desktop.services.job_query import JobQuery
from gojee_desktop.ui.saved_views import SavedViews, query_from_dict, query_to_dict


def test_round_trip_of_every_filter():
    query = JobQuery(
        lifecycle="lead",
        text="smith",
        stage_ids=(3, 1),
        no_stage=True,
        status_ids=(2,),
        label_ids=(5, 6),
        assignee_ids=(1,),
        source_channel_ids=(4,),
        archived=None,
        value_min=Decimal("100.50"),
        value_max=Decimal("2000"),
        close_from=date(2026, 1, 1),
        close_to=date(2026, 12, 31),
        sort="expected_close",
        descending=True,
    )
    back = query_from_dict(query_to_dict(query), JobQuery(lifecycle="lead", text="smith"))
    assert back == query


def test_saved_views_in_settings(context):
    views = SavedViews(context.settings, "lead")
    assert views.names() == []
    views.save("Hot leads", JobQuery(lifecycle="lead", status_ids=(2,)), QByteArray(b"state"))
    views.save("big", JobQuery(lifecycle="lead", value_min=Decimal(5000)), QByteArray())
    views.set_current("Hot leads")
    again = SavedViews(context.settings, "lead")
    assert again.names() == ["big", "Hot leads"]
    view = again.get("Hot leads")
    assert view is not None and view.filters["status_ids"] == [2] and bytes(view.columns.data()) == b"state"
    assert SavedViews(context.settings, "customer_job").names() == []  # per pipeline
    again.delete("Hot leads")
    assert again.names() == ["big"] and again.current() == ""
