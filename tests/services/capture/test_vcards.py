"""vCards 2.1, 3.0 and 4.0 in one file: quoted-printable, CHARSET, folded lines, photos."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from gojee_desktop.models import Person
from gojee_desktop.services import contacts
from gojee_desktop.services.capture.files import open_import_file
from gojee_desktop.services.capture.readers import ReadError
from gojee_desktop.services.capture.vcards import HEADERS, VCardContact, parse_vcards, write_vcards

CARDS = (
    # vCard 2.1 as phones export it: quoted-printable UTF-8 with a soft line break, a
    # Windows-1252 name, a base64 photo over several lines, a work address in parts
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=WINDOWS-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;Zo=EB;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zo=C3=AB M=C3=BCller-Gr=C3=B6=\r\n"
    "=C3=9Fe\r\n"
    "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 Gr=C3=B6=C3=9Fe Pty Ltd\r\n"
    "TEL;CELL:0412 345 678\r\n"
    "EMAIL;INTERNET:zoe@example.com\r\n"
    "ADR;WORK:;;1 Main St;Sydney;NSW;2000;Australia\r\n"
    "PHOTO;ENCODING=BASE64;TYPE=JPEG:\r\n"
    " /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwc\r\n"
    " KDcpLDAxNDQ0Hyc5PTgyPC4zNDL/\r\n"
    "\r\n"
    "END:VCARD\r\n"
    # vCard 3.0: folded lines, a company and a department, a photo, two emails
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Peña;José;;;\r\n"
    "FN:José Peña\r\n"
    "ORG:Señor Électricité;Sales\r\n"
    "TITLE:Owner and\r\n"
    "  director\r\n"
    "TEL;TYPE=WORK,VOICE:+61 2 9550 1234\r\n"
    "EMAIL;TYPE=INTERNET:jose@example.com\r\n"
    "EMAIL;TYPE=INTERNET,HOME:jose.home@example.com\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U\r\n"
    " HRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/\r\n"
    "END:VCARD\r\n"
    # vCard 4.0: a tel: URI
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Ann O'Brien\r\n"
    "N:O'Brien;Ann;;;\r\n"
    'TEL;VALUE=uri;TYPE="voice,cell":tel:+61-3-9999-1234\r\n'
    "EMAIL:ann@example.com\r\n"
    "END:VCARD\r\n"
)


def test_three_versions_in_one_file_read_as_typed():
    zoe, jose, ann = parse_vcards(CARDS)
    assert zoe == VCardContact(
        "Zoë Müller-Größe",
        "Café Größe Pty Ltd",
        "",
        ("zoe@example.com",),
        ("0412 345 678",),
        ("1 Main St, Sydney, NSW, 2000, Australia",),
    )
    assert (jose.organization, jose.title, jose.emails) == (
        "Señor Électricité",
        "Owner and director",
        ("jose@example.com", "jose.home@example.com"),
    )
    assert (ann.name, ann.phones) == ("Ann O'Brien", ("+61 3 9999 1234",))


def test_a_file_in_utf_8_or_utf_16_reads_the_same(tmp_path):
    for encoding in ("utf-8", "utf-16"):
        path = tmp_path / f"cards-{encoding}.vcf"
        path.write_bytes(CARDS.encode(encoding))
        table = open_import_file(path)
        assert table.headers[:2] == ("Name", "Organisation")
        assert [cells[0] for _row, cells in table.rows()] == ["Zoë Müller-Größe", "José Peña", "Ann O'Brien"]


def test_written_cards_read_back():
    contacts_ = [
        VCardContact(
            "Zoë Müller", "Café; Größe", "", ("zoe@example.com",), ("0412 345 678",), ("1 Main St, Sydney",)
        ),
        VCardContact("", "Harbour Electrical", "", (), ("(02) 9550 1234",), ()),
    ]
    text = write_vcards(contacts_)
    assert text.count("BEGIN:VCARD") == 2 and "VERSION:3.0" in text
    back = parse_vcards(text)
    assert back[0] == contacts_[0]
    assert (back[1].name, back[1].organization) == ("", "Harbour Electrical")


def test_a_broken_card_is_named():
    with pytest.raises(ReadError, match="no vCard"):
        parse_vcards("\r\n")
    with pytest.raises(ReadError, match="Card 1 cannot be read as a vCard"):
        parse_vcards("hello")
    with pytest.raises(ReadError, match="Card 3 cannot be read"):
        parse_vcards(CARDS.split("BEGIN:VCARD\r\nVERSION:4.0")[0] + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\n")


def test_gojee_imports_vcards_as_people_or_leads_and_exports_them(gojee_cli, tmp_path):
    gojee, db = gojee_cli
    path = tmp_path / "contacts.vcf"
    path.write_text(CARDS, encoding="utf-8")
    summary = gojee.json("import", str(path), "--what", "people")
    assert (summary["created"], summary["errors"]) == (3, [])
    people = {p.name: p for p in contacts.search_people(db.sessions, "")}
    assert people["José Peña"].organization == "Señor Électricité"
    assert sorted(d.value for d in people["José Peña"].details) == [
        "+61 2 9550 1234",
        "jose.home@example.com",
        "jose@example.com",
    ]
    with db.sessions() as session:  # the card's title has no field of a person's: it leads the notes
        assert (
            session.scalar(select(Person.notes).where(Person.name == "José Peña"))
            == "Job title: Owner and director"
        )
    orgs = gojee.json("import", str(path), "--what", "organizations")
    assert (orgs["created"], orgs["skipped"]) == (1, 2)  # two came in with the people
    names = sorted(o.name for o in contacts.search_organizations(db.sessions, ""))
    assert names == ["Ann O'Brien", "Café Größe Pty Ltd", "Señor Électricité"]  # a card without one: its name
    leads = gojee.json("import", str(path), "--what", "leads", "--on-duplicate", "update")
    assert (leads["created"], leads["updated"]) == (0, 3)  # each card's person, a lead each
    assert len(gojee.json("lead", "list")) == 3

    out = tmp_path / "people.vcf"
    assert gojee.json("export", str(out), "--what", "people")["rows"] == 3
    exported = {c.name: c for c in parse_vcards(out.read_text(encoding="utf-8"))}
    assert exported["Zoë Müller-Größe"].phones == ("0412 345 678",)
    assert json.loads(json.dumps(sorted(exported))) == ["Ann O'Brien", "José Peña", "Zoë Müller-Größe"]


NOTED = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Zoe Muller\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Gate code 1234=0D=0ACaf=C3=A9 next door\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jose Pena\r\nNOTE:Dogs on site\\nCall first\\, please\r\n"
    "NOTE:Second note\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann OBrien\r\nEND:VCARD\r\n"
)


def test_a_card_s_title_and_website_are_columns_of_its_row():
    card = parse_vcards(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nTITLE:Owner\r\nURL:https://jo.example\r\nNOTE:Hi\r\nEND:VCARD\r\n"
    )[0]
    assert card.website == "https://jo.example"
    assert dict(zip(HEADERS, card.cells(), strict=True)) == {
        "Name": "Jo",
        "Organisation": "",
        "Job title": "Owner",
        "Email": "",
        "Phone": "",
        "Address": "",
        "Website": "https://jo.example",
        "Notes": "Hi",
    }
    assert parse_vcards(write_vcards([card]))[0].website == "https://jo.example"


def test_notes_read_with_their_line_breaks_and_are_written_back():
    cards = parse_vcards(NOTED)
    assert [card.notes for card in cards] == [
        "Gate code 1234\nCafé next door",
        "Dogs on site\nCall first, please\n\nSecond note",
        "",
    ]
    text = write_vcards(cards)
    assert "NOTE:Dogs on site\\nCall first\\, please" in text
    assert [card.notes for card in parse_vcards(text)] == [card.notes for card in cards]


def test_a_person_s_notes_go_through_import_and_export(gojee_cli, tmp_path):
    gojee, _db = gojee_cli
    path = tmp_path / "noted.vcf"
    path.write_text(NOTED, encoding="utf-8")
    assert gojee.json("import", str(path), "--what", "people")["created"] == 3
    out = tmp_path / "people.vcf"
    gojee.json("export", str(out), "--what", "people")
    exported = {card.name: card.notes for card in parse_vcards(out.read_text(encoding="utf-8"))}
    assert exported == {
        "Ann OBrien": "",
        "Jose Pena": "Dogs on site\nCall first, please\n\nSecond note",
        "Zoe Muller": "Gate code 1234\nCafé next door",
    }
