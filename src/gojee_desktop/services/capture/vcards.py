"""vCards (2.1, 3.0, 4.0) in and out through vobject, pure: many cards a file, quoted-printable
and `CHARSET=` values, folded lines; embedded photos, logos, sounds and keys are ignored."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import vobject

from gojee_desktop.services.capture.readers import ReadError, detect_encoding

HEADERS = ("Name", "Organisation", "Job title", "Email", "Phone", "Address", "Website", "Notes")
_BINARY = re.compile(r"^(PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)


@dataclass(frozen=True)
class VCardContact:
    """What a card says about a person (or, with no name, an organisation)."""

    name: str
    organization: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    notes: str = ""
    website: str = ""

    def cells(self) -> list[str]:
        """The card as an import row, in HEADERS' order."""
        return [
            self.name,
            self.organization,
            self.title,
            "; ".join(self.emails),
            "; ".join(self.phones),
            "; ".join(self.addresses),
            self.website,
            self.notes,
        ]


def _prepared(text: str) -> str:
    """Drop embedded photos (and their folded or base64 continuation lines), and join vCard
    2.1 quoted-printable soft line breaks (a value line ending in '='), before parsing."""
    kept: list[str] = []
    skipping = False
    joining = False
    for line in text.splitlines():
        if joining:
            kept[-1] = kept[-1][:-1] + line.lstrip(" \t")
            joining = kept[-1].endswith("=")
            continue
        if skipping and (line[:1] in (" ", "\t") or (line.strip() and ":" not in line)):
            continue
        skipping = bool(_BINARY.match(line))
        if skipping:
            continue
        kept.append(line)
        head = line.split(":", 1)[0].upper()
        joining = "QUOTED-PRINTABLE" in head and line.endswith("=")
    return "\r\n".join(kept) + "\r\n"


def _text(value: object) -> str:
    if isinstance(value, list):
        return " ".join(_text(part) for part in value if _text(part))
    return " ".join(str(value or "").split())


def _lines(value: object) -> str:
    """A multi-line value (NOTE) with its line breaks kept."""
    return "\n".join(line.strip() for line in str(value or "").splitlines()).strip()


def _address(value: object) -> str:
    if isinstance(value, vobject.vcard.Address):
        parts = [value.box, value.extended, value.street, value.city, value.region, value.code, value.country]
        return ", ".join(_text(part) for part in parts if _text(part))
    return _text(value)


def _name(card: vobject.base.Component) -> str:
    formatted = _text(card.fn.value) if hasattr(card, "fn") else ""
    if formatted:
        return formatted
    if hasattr(card, "n"):
        n = card.n.value
        return " ".join(
            _text(part) for part in (n.prefix, n.given, n.additional, n.family, n.suffix) if _text(part)
        )
    return ""


def _contact(card: vobject.base.Component) -> VCardContact:
    contents = card.contents
    org = contents.get("org", [])
    organization = ""
    if org:
        value = org[0].value
        organization = _text(value[0] if isinstance(value, list) and value else value)
    name = _name(card)
    if name == organization:
        name = ""  # a company card: FN is the company's name
    phones = tuple(
        re.sub(r"^tel:", "", _text(line.value), flags=re.IGNORECASE)
        for line in contents.get("tel", [])
        if line.value
    )
    return VCardContact(
        name=name,
        organization=organization,
        title=_text(contents["title"][0].value) if contents.get("title") else "",
        emails=tuple(_text(line.value) for line in contents.get("email", []) if line.value),
        phones=tuple(phone.replace("-", " ") for phone in phones),
        addresses=tuple(_address(line.value) for line in contents.get("adr", []) if _address(line.value)),
        notes="\n\n".join(filter(None, (_lines(line.value) for line in contents.get("note", [])))),
        website=_text(contents["url"][0].value) if contents.get("url") else "",
    )


def parse_vcards(text: str) -> list[VCardContact]:
    """Every card in the text; ReadError naming the card that cannot be read."""
    contacts = []
    try:
        for card in vobject.readComponents(_prepared(text)):
            if card.name.upper() == "VCARD":
                contacts.append(_contact(card))
    except Exception as exc:  # vobject raises ParseError, ValueError, binascii.Error...
        raise ReadError(f"Card {len(contacts) + 1} cannot be read as a vCard: {exc}") from exc
    if not contacts:
        raise ReadError("There is no vCard (BEGIN:VCARD … END:VCARD) in this file.")
    return contacts


@dataclass(frozen=True)
class VCardTable:
    """A .vcf file as rows for the import service (the same interface as a TableFile)."""

    path: Path
    contacts: tuple[VCardContact, ...]
    kind: str = "vcf"
    encoding: str = ""
    delimiter: str = ""
    headers: tuple[str, ...] = field(default=HEADERS)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        for number, contact in enumerate(self.contacts, start=1):
            yield number, contact.cells()


def open_vcards(path: str | Path) -> VCardTable:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(
            f"There is no file {path}." if not path.exists() else f"{path.name}: {exc.strerror}"
        ) from exc
    encoding = detect_encoding(data[:262144])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(f"{path.name} could not be decoded as {encoding}.") from exc
    return VCardTable(path, tuple(parse_vcards(text)), encoding=encoding)


def write_vcards(contacts: Iterable[VCardContact]) -> str:
    """vCard 3.0 text, one card a contact (the version every address book reads)."""
    cards: list[str] = []
    for contact in contacts:
        card = vobject.vCard()
        display = contact.name or contact.organization
        card.add("fn").value = display
        family, _, given = (contact.name.rpartition(" ")[2], None, contact.name.rpartition(" ")[0])
        card.add("n").value = vobject.vcard.Name(family=family if contact.name else "", given=given)
        if contact.organization:
            card.add("org").value = [contact.organization]
        if contact.title:
            card.add("title").value = contact.title
        for email in contact.emails:
            line = card.add("email")
            line.value = email
            line.type_param = "INTERNET"
        for phone in contact.phones:
            card.add("tel").value = phone
        for address in contact.addresses:
            card.add("adr").value = vobject.vcard.Address(street=address)
        if contact.website:
            card.add("url").value = contact.website
        if contact.notes:
            card.add("note").value = contact.notes
        cards.append(card.serialize())
    return "".join(cards)


def contacts_from_rows(rows: Sequence[Sequence[str]]) -> list[VCardContact]:
    """Rows of (name, organisation, emails, phones, addresses, notes), lists joined with '; '."""

    def split(text: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in text.split(";") if part.strip())

    return [
        VCardContact(name, organization, "", split(emails), split(phones), split(addresses), notes)
        for name, organization, emails, phones, addresses, notes in rows
    ]
