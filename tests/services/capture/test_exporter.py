"""The export of chosen contacts: in the order given, without those deleted meanwhile."""

from __future__ import annotations

import csv

import pytest

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


def test_progress_is_told_each_page_and_a_cancel_leaves_the_old_file_as_it_was(db, tmp_path):
    from gojee_desktop.services.capture import exporter
    from gojee_desktop.services.capture.exporter import ExportCancelled

    ids = [
        create_contact(db.sessions, PERSON, ContactChanges(name=f"Person {n:04d}")).id for n in range(1_200)
    ]
    out = tmp_path / "out"
    out.mkdir()
    target = out / "people.csv"
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    assert export_contact_ids(db.sessions, "people", ids, target, progress=progress).rows == 1_200
    assert seen == [(0, 1_200), (500, 1_200), (1_000, 1_200), (1_200, 1_200)]  # after the header, each page
    assert exporter.PAGE == 500
    before = target.read_bytes()
    for name in ("people.csv", "people.vcf", "people.xlsx"):
        path = out / name
        if name != "people.csv":
            path.write_bytes(b"kept")
        kept = path.read_bytes()
        with pytest.raises(ExportCancelled, match="no file was written"):
            export_contact_ids(db.sessions, "people", ids, path, progress=lambda done, _total: done < 1_000)
        assert path.read_bytes() == kept  # the file it would have replaced, as it was
    assert target.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["people.csv", "people.vcf", "people.xlsx"]
