"""The scan window: the card beside a filled new-lead form, the duplicate warning, saving."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services" / "capture"))
from card_drawing import draw_card
from sqlalchemy import select

from gojee_desktop.models import Person
from gojee_desktop.services import contacts
from gojee_desktop.services.capture.card_fields import CardFields
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.job_query import JobQuery, list_jobs
from gojee_desktop.ui.dialogs.scan_window import ScanWindow


@pytest.fixture
def window(qtbot, context):
    widget = ScanWindow(context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.wait()


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
def test_a_card_fills_the_form_and_saves_a_lead(qtbot, window, context, tmp_path):
    contacts.create_customer(context.sessions, CustomerInput(person_name="Zoe M.", phone="+61 412 345 678"))
    window.load(str(draw_card(tmp_path / "card.png")))
    qtbot.waitUntil(lambda: window.name.text() != "", timeout=20_000)
    assert (window.name.text(), window.company.text(), window.phone.text()) == (
        "Zoe Mueller",
        "Harbourside Electrical Pty Ltd",
        "0412 345 678; (02) 9550 1234",
    )
    assert "Zoe M." in window.duplicate.text() and "phone" in window.duplicate.text()
    qtbot.wait(50)  # the layout takes the warning's wrapped height, as the event loop would
    window.grab().save(str(tmp_path / "scan.png"))
    out = Path("/tmp/gojee-import-shots")
    out.mkdir(exist_ok=True)
    (out / "scan.png").write_bytes((tmp_path / "scan.png").read_bytes())
    window.name.setText("Zoe Mueller-Smith")  # corrected by the user
    lead_id = window.create_lead()
    assert lead_id is not None
    lead = list_jobs(context.sessions, JobQuery(lifecycle="lead")).rows[0]
    assert (lead.title, lead.customer) == (
        "Business card: Harbourside Electrical Pty Ltd",
        "Zoe Mueller-Smith",
    )
    with context.sessions() as session:
        person = session.scalars(select(Person).where(Person.name == "Zoe Mueller-Smith")).one()
        assert person.notes == "Job title: Project Manager\nWebsite: www.harbourside.com.au"
        assert sorted(d.value for d in person.details if d.kind == "phone") == [
            "(02) 9550 1234",
            "0412 345 678",
        ]


def test_bad_fields_are_refused_in_place(window, context):
    window.fill(CardFields(name="Ann", emails=("ann@",)))
    assert window.create_lead() is None
    assert "not a valid email address" in window.error.text()
    assert list_jobs(context.sessions, JobQuery(lifecycle="lead")).total == 0


def test_without_tesseract_the_window_says_how_to_install_it(qtbot, context, tmp_path, monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "none"))
    widget = ScanWindow(context, draw_card(tmp_path / "card.png"))
    qtbot.addWidget(widget)
    assert "sudo apt install tesseract-ocr" in widget.status.text()
    assert widget.image.pixmap() is not None and not widget.image.pixmap().isNull()
