"""The fields of a business card from its OCR text, pure and rule by rule: emails
(email-validator), phones (phonenumbers' matcher in the business's country), website, job
title (known words), company (legal or trade words, else the website's name), address (a
street number and street word, or a state and postcode), and the name (a short line of
capitalised words that is none of those)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers

from gojee_desktop.services.capture import emails

_EMAIL = re.compile(r"[\w.+'-]+\s?@\s?[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_WEBSITE = re.compile(
    r"\b((?:https?://)?(?:www\.)[\w-]+(?:\.[\w-]+)+(?:/\S*)?|https?://[\w-]+(?:\.[\w-]+)+(?:/\S*)?)", re.I
)
_BARE_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|net|org|biz|info|io|co)(?:\.[a-z]{2})?\b", re.I)
_TITLE_WORDS = {
    "director",
    "manager",
    "owner",
    "founder",
    "ceo",
    "cto",
    "cfo",
    "coo",
    "president",
    "engineer",
    "electrician",
    "plumber",
    "builder",
    "carpenter",
    "consultant",
    "sales",
    "officer",
    "partner",
    "head",
    "lead",
    "specialist",
    "coordinator",
    "supervisor",
    "estimator",
    "architect",
    "designer",
    "principal",
    "administrator",
    "assistant",
    "agent",
    "representative",
    "technician",
    "foreman",
    "contractor",
    "project",
    "operations",
    "accountant",
    "secretary",
    "chairman",
    "executive",
}
_COMPANY_WORDS = {
    "pty",
    "ltd",
    "limited",
    "inc",
    "llc",
    "plc",
    "gmbh",
    "co",
    "corp",
    "corporation",
    "company",
    "group",
    "services",
    "solutions",
    "electrical",
    "plumbing",
    "builders",
    "building",
    "construction",
    "constructions",
    "industries",
    "enterprises",
    "partners",
    "associates",
    "studio",
    "trading",
    "contracting",
    "maintenance",
    "landscaping",
    "roofing",
    "painting",
    "cleaning",
    "solar",
    "energy",
}
_STREET_WORDS = (
    r"st|street|rd|road|ave|avenue|dr|drive|lane|ln|hwy|highway|pde|parade|cres|crescent|blvd|"
    r"boulevard|way|pl|place|ct|court|tce|terrace|cct|circuit|close|cl|esp|esplanade|sq|square"
)
_STREET = re.compile(rf"\b\d+[a-z]?(?:[/-]\d+)?\s+[\w' .-]+\b(?:{_STREET_WORDS})\b\.?", re.I)
_PO_BOX = re.compile(r"\b(?:po|p\.o\.)\s*box\b", re.I)
_STATE_POSTCODE = re.compile(r"\b(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT|[A-Z]{2})\s+\d{4,5}\b")
_NAME_PARTICLES = {
    "van",
    "der",
    "den",
    "de",
    "da",
    "di",
    "del",
    "von",
    "la",
    "le",
    "bin",
    "binti",
    "al",
    "el",
}
_LABEL = re.compile(r"^\s*(?:t|p|m|ph|tel|phone|mob|mobile|e|email|w|web|f|fax|a)\s*[:.]\s*", re.I)


@dataclass(frozen=True)
class CardFields:
    name: str = ""
    title: str = ""
    company: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    website: str = ""
    address: str = ""
    lines: tuple[str, ...] = field(default=(), compare=False)

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "title": self.title,
            "company": self.company,
            "emails": list(self.emails),
            "phones": list(self.phones),
            "website": self.website,
            "address": self.address,
        }


def card_notes(title: str, website: str) -> str:
    """What a card says that a person has no field for, kept in their notes."""
    parts = (("Job title", title.strip()), ("Website", website.strip()))
    return "\n".join(f"{label}: {value}" for label, value in parts if value)


def _words(line: str) -> set[str]:
    return {word.lower().strip(".,&") for word in re.findall(r"[\w.&]+", line)}


def _clean(line: str) -> str:
    return " ".join(line.replace("|", " ").split()).strip(" ,;:-_—")


def extract_fields(text: str, region: str = "AU") -> CardFields:
    """Pick the fields out of OCR text; a line serves one field only."""
    lines = [_clean(line) for line in text.splitlines()]
    lines = [line for line in lines if len(line) > 1]
    used: set[int] = set()

    found_emails: list[str] = []
    for index, line in enumerate(lines):
        for raw in _EMAIL.findall(line):
            candidate = raw.replace(" ", "")
            try:
                email = emails.check_email(candidate)
            except emails.EmailError:
                continue
            if email.lower() not in {e.lower() for e in found_emails}:
                found_emails.append(email)
            used.add(index)

    phones: list[str] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if index in used and not any(ch.isdigit() for ch in _EMAIL.sub("", line)):
            continue
        for found in phonenumbers.PhoneNumberMatcher(_EMAIL.sub(" ", line), region):
            e164 = phonenumbers.format_number(found.number, phonenumbers.PhoneNumberFormat.E164)
            if e164 not in seen:
                seen.add(e164)
                phones.append(found.raw_string.strip())
            used.add(index)

    website = ""
    for index, line in enumerate(lines):
        bare = _EMAIL.sub(" ", line)
        match = _WEBSITE.search(bare) or _BARE_DOMAIN.search(bare)
        if match:
            website = match.group(0).rstrip(".,/")
            used.add(index)
            break

    address_parts: list[str] = []
    for index, line in enumerate(lines):
        if index in used:
            continue
        body = _LABEL.sub("", line)
        if _STREET.search(body) or _PO_BOX.search(body) or _STATE_POSTCODE.search(body):
            address_parts.append(body)
            used.add(index)

    title = ""
    for index, line in enumerate(lines):
        if index not in used and _words(line) & _TITLE_WORDS and len(line.split()) <= 6:
            title = line
            used.add(index)
            break

    company = ""
    for index, line in enumerate(lines):
        if index not in used and _words(line) & _COMPANY_WORDS:
            company = line
            used.add(index)
            break

    name = ""
    for index, line in enumerate(lines):
        words = line.split()
        if index in used or not 2 <= len(words) <= 4:
            continue
        if words[0][0].isupper() and all(
            re.fullmatch(r"[^\W\d_][\w'’.-]*", word) and (word[0].isupper() or word in _NAME_PARTICLES)
            for word in words
        ):
            name = line
            used.add(index)
            break

    if not company:
        domain = website or (found_emails[0].split("@", 1)[1] if found_emails else "")
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", domain, flags=re.I).split(".")[0]
        if host and host.lower() not in {"gmail", "outlook", "hotmail", "yahoo", "icloud", "bigpond"}:
            company = host.replace("-", " ").title()

    return CardFields(
        name=name,
        title=title,
        company=company,
        emails=tuple(found_emails),
        phones=tuple(phones),
        website=website,
        address=", ".join(address_parts),
        lines=tuple(lines),
    )
