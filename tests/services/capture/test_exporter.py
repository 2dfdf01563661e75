"""The export of chosen contacts: in the order given, without those deleted meanwhile."""

from __future__ import annotations

import csv

from gojee_desktop.services.capture.exporter import export_contact_ids, missing_contact_ids
from gojee_desktop.services.contact_query import PERSON
from gojee_desktop.services.contact_records import ContactChanges, create_contact, delete_contact


def test_chosen_people_in_order_and_one_deleted_since(db, tmp_path):
    ids = [
        create_contact(db.sessions, PERSON, ContactChanges(name=name, notes=f"{name} notes")).id
        for name in ("Ann Smith", "Bob Jones", "Cara Lee")
    ]
    delete_contact(db.sessions, PERSON, ids[1])
    assert missing_contact_ids(db.sessions, "people", [ids[2], ids[1], ids[0]]) == [ids[1]]
    result = export_contact_ids(db.sessions, "people", [ids[2], ids[1], ids[0]], tmp_path / "chosen.csv")
    rows = list(csv.reader((tmp_path / "chosen.csv").open(encoding="utf-8-sig")))
    assert result.rows == 2
    assert rows == [
        ["Name", "Organisation", "Email", "Phone", "Address", "Notes"],
        ["Cara Lee", "", "", "", "", "Cara Lee notes"],
        ["Ann Smith", "", "", "", "", "Ann Smith notes"],
    ]
