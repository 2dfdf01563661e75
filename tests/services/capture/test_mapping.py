"""Headers of real exports map to fields by themselves; a mapping saves and loads as JSON."""

from __future__ import annotations

import pytest

from gojee_desktop.services.capture.mapping import (
    LEADS,
    ORGANIZATIONS,
    PEOPLE,
    MappingError,
    auto_map,
    mapping_from_json,
    mapping_to_json,
    missing_required,
)

CASES = {
    "pipedrive": (
        LEADS,
        [
            "Lead - Title",
            "Deal - Value",
            "Deal - Currency",
            "Person - Name",
            "Person - Email",
            "Person - Phone",
            "Organization - Name",
            "Deal - Expected close date",
            "Lead - Labels",
            "Lead - ID",
        ],
        [
            "title",
            "value",
            "currency",
            "name",
            "email",
            "phone",
            "organization",
            "expected_close",
            "labels",
            "",
        ],
    ),
    "hubspot": (
        LEADS,
        [
            "Deal Name",
            "Amount",
            "Close Date",
            "Deal Stage",
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
            "Company Name",
            "Original Source",
        ],
        [
            "title",
            "value",
            "expected_close",
            "stage",
            "first_name",
            "last_name",
            "email",
            "phone",
            "organization",
            "source",
        ],
    ),
    "salesforce": (
        PEOPLE,
        [
            "First Name",
            "Last Name",
            "Title",
            "Account Name",
            "Email",
            "Phone",
            "Mobile",
            "Mailing Street",
            "Mailing City",
            "Lead Source",
            "Description",
        ],
        [
            "first_name",
            "last_name",
            "job_title",
            "organization",
            "email",
            "phone",
            "phone",
            "address",
            "address",
            "",
            "notes",
        ],
    ),
    "google": (
        PEOPLE,
        [
            "Name",
            "Given Name",
            "Family Name",
            "E-mail 1 - Type",
            "E-mail 1 - Value",
            "Phone 1 - Type",
            "Phone 1 - Value",
            "Organization 1 - Name",
            "Address 1 - Formatted",
            "Notes",
        ],
        ["name", "first_name", "last_name", "", "email", "", "phone", "organization", "address", "notes"],
    ),
    "outlook": (
        PEOPLE,
        [
            "First Name",
            "Last Name",
            "Company",
            "E-mail Address",
            "E-mail 2 Address",
            "Business Phone",
            "Mobile Phone",
            "Business Fax",
            "Business Street",
            "Business City",
            "Business Postal Code",
            "Job Title",
            "Web Page",
            "Notes",
        ],
        [
            "first_name",
            "last_name",
            "organization",
            "email",
            "email",
            "phone",
            "phone",
            "",
            "address",
            "address",
            "address",
            "job_title",
            "website",
            "notes",
        ],
    ),
    "plain": (
        LEADS,
        ["Name", "Email", "Phone", "Company", "Value", "Roof type"],
        ["name", "email", "phone", "organization", "value", "custom:roof_type"],
    ),
}


@pytest.mark.parametrize("source", sorted(CASES))
def test_known_exports_map_by_themselves(source):
    what, headers, expected = CASES[source]
    mapping = auto_map(headers, what, {"roof type": "roof_type"})
    assert list(mapping.fields) == expected
    assert missing_required(mapping) is None


def test_organisations_take_the_company_column_as_their_name():
    mapping = auto_map(["Company", "Phone"], ORGANIZATIONS)
    assert mapping.fields == ("name", "phone")


def test_a_mapping_round_trips_through_json_by_header_name():
    headers = ["Full name", "Mail", "Mob"]
    mapping = auto_map(headers, PEOPLE)
    assert mapping.fields == ("name", "", "")
    saved = '{"columns": {"full name": "name", "Mail": "email", "Mob": "phone"}}'
    loaded = mapping_from_json(saved, ["Mob", "Full Name", "Mail", "Extra"], PEOPLE)
    assert loaded.fields == ("phone", "name", "email", "")
    file_headers = ["Mob", "Full Name", "Mail", "Extra"]
    again = mapping_from_json(mapping_to_json(file_headers, loaded), list(reversed(file_headers)), PEOPLE)
    assert again.fields == ("", "email", "name", "phone")
    with pytest.raises(MappingError, match="'value' is not a field of people"):
        mapping_from_json('{"columns": {"Mail": "value"}}', headers, PEOPLE)
    assert missing_required(auto_map(["Mail"], PEOPLE)) == "Map a column to Name (or First name / Last name)."


def test_a_title_is_a_lead_s_for_leads_and_a_person_s_job_title_for_people():
    assert auto_map(["Title", "Name"], LEADS).fields == ("title", "name")
    assert auto_map(["Title", "Name", "Website"], PEOPLE).fields == ("job_title", "name", "website")
    assert auto_map(["Company", "Job Title", "Website"], ORGANIZATIONS).fields == ("name", "", "website")
