"""Duplicate matching, pure: a record is a duplicate of another when they share an email
(case-insensitive), a phone (E.164), or a close name at a close organisation (rapidfuzz).

The index answers in constant time per record for emails and phones; names are compared only
within the same organisation or among the same names (blocking), so checking 100,000 rows
against 100,000 people stays fast."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from gojee_desktop.services.capture.emails import email_key
from gojee_desktop.store.fulltext import fold

#: Two names (or two organisations) at or above this token-sort ratio are "close".
CLOSE = 88.0

_LEGAL_SUFFIX = re.compile(r"\b(pty|ltd|limited|inc|llc|plc|gmbh|co|corp|corporation|company|the)\b")


@dataclass(frozen=True)
class ContactKey:
    """What a person or an organisation is matched by (organisations: `organization` empty)."""

    name: str
    organization: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # E.164


@dataclass(frozen=True)
class Match:
    """The record found and why, in words for the user."""

    ref: Hashable
    reason: str


def name_key(name: str) -> str:
    """A name folded for comparison: case, accents and punctuation gone, words sorted apart."""
    return fold(name)


def organization_key(name: str) -> str:
    """An organisation's name folded, without legal words (Pty Ltd, Inc, The)."""
    return " ".join(_LEGAL_SUFFIX.sub(" ", fold(name)).split())


@dataclass(slots=True)
class _Block:
    refs: list[Hashable] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


class DuplicateIndex:
    """Records seen so far (existing ones, then each imported row as it is accepted)."""

    def __init__(self, close: float = CLOSE) -> None:
        self.close = close
        self._emails: dict[str, Hashable] = {}
        self._phones: dict[str, Hashable] = {}
        self._names_by_org: dict[str, _Block] = {}  # organisation -> its people's names
        self._orgs_by_name: dict[str, _Block] = {}  # name -> the organisations of that name
        self._org_names: dict[str, _Block] = {}  # first letter -> organisation names

    def __len__(self) -> int:
        return sum(len(block.refs) for block in self._orgs_by_name.values())

    def add(self, ref: Hashable, key: ContactKey) -> None:
        for email in key.emails:
            self._emails.setdefault(email_key(email), ref)
        for phone in key.phones:
            self._phones.setdefault(phone, ref)
        name = name_key(key.name)
        if not name:
            return
        org = organization_key(key.organization)
        block = self._orgs_by_name.setdefault(name, _Block())
        block.refs.append(ref)
        block.texts.append(org)
        if org:
            people = self._names_by_org.setdefault(org, _Block())
            people.refs.append(ref)
            people.texts.append(name)

    def add_organization(self, ref: Hashable, key: ContactKey) -> None:
        """An organisation: matched by email, phone or a close name of its own."""
        for email in key.emails:
            self._emails.setdefault(email_key(email), ref)
        for phone in key.phones:
            self._phones.setdefault(phone, ref)
        org = organization_key(key.name)
        if org:
            block = self._org_names.setdefault(org[:2], _Block())
            block.refs.append(ref)
            block.texts.append(org)

    def find(self, key: ContactKey) -> Match | None:
        """The first record `key` duplicates: same email, same phone, close name + organisation."""
        from rapidfuzz import fuzz, process  # on first use: not needed for the first window

        found = self._by_details(key)
        if found is not None:
            return found
        name = name_key(key.name)
        org = organization_key(key.organization)
        if not name or not org:
            return None
        people = self._names_by_org.get(org)
        if people is not None:
            best = process.extractOne(
                name, people.texts, scorer=fuzz.token_sort_ratio, score_cutoff=self.close
            )
            if best is not None:
                return Match(people.refs[best[2]], f"a close name at {key.organization}: {key.name}")
        same_name = self._orgs_by_name.get(name)
        if same_name is not None:
            best = process.extractOne(
                org, same_name.texts, scorer=fuzz.token_sort_ratio, score_cutoff=self.close
            )
            if best is not None:
                return Match(same_name.refs[best[2]], f"the same name at a close organisation: {key.name}")
        return None

    def find_organization(self, key: ContactKey) -> Match | None:
        from rapidfuzz import fuzz, process

        found = self._by_details(key)
        if found is not None:
            return found
        org = organization_key(key.name)
        block = self._org_names.get(org[:2]) if org else None
        if block is None:
            return None
        best = process.extractOne(org, block.texts, scorer=fuzz.token_sort_ratio, score_cutoff=self.close)
        return Match(block.refs[best[2]], f"a close name: {key.name}") if best is not None else None

    def _by_details(self, key: ContactKey) -> Match | None:
        for email in key.emails:
            ref = self._emails.get(email_key(email))
            if ref is not None:
                return Match(ref, f"the same email {email}")
        for phone in key.phones:
            ref = self._phones.get(phone)
            if ref is not None:
                return Match(ref, f"the same phone {phone}")
        return None


def build_index(people: Iterable[tuple[Hashable, ContactKey]]) -> DuplicateIndex:
    index = DuplicateIndex()
    for ref, key in people:
        index.add(ref, key)
    return index
