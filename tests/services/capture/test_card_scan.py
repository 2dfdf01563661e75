"""Business cards: a card drawn in the test is read back by Tesseract; the field rules on
their own; without Tesseract the user is told how to install it."""

from __future__ import annotations

import shutil

import pytest
from card_drawing import draw_card
from sqlalchemy import select

from gojee_desktop.models import Person
from gojee_desktop.services import contacts
from gojee_desktop.services.capture import card_scan
from gojee_desktop.services.capture.card_fields import extract_fields
from gojee_desktop.services.capture.card_image import flatten_light, prepare, skew_angle, threshold, to_grey
from gojee_desktop.services.capture.card_scan import ScanError, scan_card
from gojee_desktop.services.capture.matching import find_person_matches
from gojee_desktop.services.contacts import CustomerInput

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract-ocr is not installed"
)


@needs_tesseract
def test_a_rotated_unevenly_lit_photo_reads_back(tmp_path):
    scan = scan_card(draw_card(tmp_path / "card.png"))
    assert scan.fields.as_json() == {
        "name": "Zoe Mueller",
        "title": "Project Manager",
        "company": "Harbourside Electrical Pty Ltd",
        "emails": ["zoe.mueller@harbourside.com.au"],
        "phones": ["0412 345 678", "(02) 9550 1234"],
        "website": "www.harbourside.com.au",
        "address": "12 Smith Street, Marrickville NSW 2204",
    }


def test_preparation_straightens_and_enlarges(tmp_path):
    from PIL import Image

    with Image.open(draw_card(tmp_path / "card.png", angle=5.0)) as image:
        grey = to_grey(image)
        assert grey.width >= 1600 and grey.mode == "L"
        assert skew_angle(threshold(flatten_light(grey))) == pytest.approx(-5.0, abs=1.0)
        prepared = prepare(image)
    assert set(prepared.get_flattened_data()) <= {0, 255}


def test_field_rules_on_typical_card_text():
    text = """ACME PLUMBING & GAS
    Jane van der Berg
    Senior Estimator
    Ph: +61 3 9123 4567 | Mob 0499 876 543
    jane@acmeplumbing.net.au
    PO Box 12, Geelong VIC 3220
    acmeplumbing.net.au"""
    fields = extract_fields(text, "AU")
    assert fields.name == "Jane van der Berg"
    assert fields.title == "Senior Estimator"
    assert fields.company == "ACME PLUMBING & GAS"
    assert fields.emails == ("jane@acmeplumbing.net.au",)
    assert fields.phones == ("+61 3 9123 4567", "0499 876 543")
    assert fields.website == "acmeplumbing.net.au"
    assert fields.address == "PO Box 12, Geelong VIC 3220"


def test_without_tesseract_the_user_is_told_how_to_install_it(tmp_path, monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    with pytest.raises(ScanError, match="sudo apt install tesseract-ocr"):
        scan_card(draw_card(tmp_path / "card.png"))
    assert card_scan.tesseract_missing() is not None


def test_a_file_that_is_not_an_image(tmp_path):
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract-ocr is not installed")
    path = tmp_path / "card.png"
    path.write_text("not an image")
    with pytest.raises(ScanError, match="not an image"):
        scan_card(path)


def test_the_duplicate_check_of_one_entry(db):
    contacts.create_customer(
        db.sessions,
        CustomerInput(
            person_name="Zoe Muller", organization_name="Harbourside Electrical", phone="+61 412 345 678"
        ),
    )
    by_phone = find_person_matches(db.sessions, "Z. M.", "", (), ("0412 345 678",))
    assert [(m.name, "phone" in m.reason) for m in by_phone] == [("Zoe Muller", True)]
    by_name = find_person_matches(db.sessions, "Zoë Müller", "Harbourside Electrical")
    assert [m.name for m in by_name] == ["Zoe Muller"]
    assert find_person_matches(db.sessions, "Zoë Müller", "Other Co") == []
    assert find_person_matches(db.sessions, "", "") == []


@needs_tesseract
def test_gojee_scan_card_prints_the_fields_and_creates_a_lead(gojee_cli, tmp_path):
    gojee, db = gojee_cli
    path = draw_card(tmp_path / "card.png")
    found = gojee.json("scan-card", str(path))
    assert found["name"] == "Zoe Mueller" and found["phones"] == ["0412 345 678", "(02) 9550 1234"]
    assert gojee.json("lead", "list") == []  # nothing saved without --create-lead
    created = gojee.json("scan-card", str(path), "--create-lead")
    lead = gojee.json("lead", "show", str(created["lead"]["id"]))
    assert lead["title"] == "Business card: Harbourside Electrical Pty Ltd"
    assert (lead["customer"], lead["organization"]) == ("Zoe Mueller", "Harbourside Electrical Pty Ltd")
    assert {"kind": "phone", "value": "0412 345 678"} in lead["contacts"]
    assert {"kind": "phone", "value": "(02) 9550 1234"} in lead["contacts"]  # every phone kept
    with db.sessions() as session:
        notes = session.scalar(select(Person.notes).where(Person.name == "Zoe Mueller"))
    assert notes == "Job title: Project Manager\nWebsite: www.harbourside.com.au"
    code, _out, err = gojee("scan-card", str(tmp_path / "missing.png"))
    assert code == 1 and "no image" in err
