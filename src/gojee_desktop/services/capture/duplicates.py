"""Duplicate matching, pure: a record is a duplicate of another when they share an email
(case-insensitive), a phone (E.164), or a close name at a close organisation (rapidfuzz).

The index answers in constant time per record for emails and phones; names are compared only
within the same organisation or among the same names (blocking), so checking 100,000 rows
against 100,000 people stays fast."""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType

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

    ref: int
    reason: str


@cache
def _rapidfuzz() -> tuple[ModuleType, ModuleType]:
    """rapidfuzz's `fuzz` and `process`, imported on first use (not needed for the first
    window) and then held: a `from` import on every row costs more than the lookup itself."""
    from rapidfuzz import fuzz, process

    return fuzz, process


def name_key(name: str) -> str:
    """A name folded for comparison: case, accents and punctuation gone, words sorted apart."""
    return fold(name)


def organization_key(name: str) -> str:
    """An organisation's name folded, without legal words (Pty Ltd, Inc, The)."""
    return " ".join(_LEGAL_SUFFIX.sub(" ", fold(name)).split())


@dataclass(slots=True)
class _Block:
    """Records and their texts side by side, in the order entered (ids in a machine-int array)."""

    refs: array[int] = field(default_factory=lambda: array("q"))
    texts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _People:
    """The people at one organisation, in the order entered: their refs in a machine-int
    array, their folded names in one string joined by newlines (a folded name is words and
    spaces). An import holds every earlier person this way: ~30 bytes a person instead of
    a string object and a list slot (~80), and the names are split only when a row at the
    organisation is matched."""

    refs: array[int] = field(default_factory=lambda: array("q"))
    joined: str = ""
    # Names entered since `joined` was made: joined at once while it is short, else when a
    # quarter of the names wait, so a big organisation's names are not copied at every add.
    waiting: list[str] = field(default_factory=list)

    def add(self, ref: int, name: str) -> None:
        self.refs.append(ref)
        self.waiting.append(name)
        if len(self.joined) < 4096 or len(self.waiting) * 4 >= len(self.refs):
            self._join()

    def names(self) -> list[str]:
        self._join()
        return self.joined.split("\n") if self.joined else []

    def _join(self) -> None:
        if self.waiting:
            self.joined = "\n".join([self.joined, *self.waiting] if self.joined else self.waiting)
            self.waiting.clear()


def _phone_key(e164: str) -> int | str:
    """E.164 as an int (32 bytes instead of a ~60-byte string)."""
    digits = e164[1:]
    return int(digits) if e164.startswith("+") and digits.isascii() and digits.isdigit() else e164


class DuplicateIndex:
    """Records seen so far (existing ones, then each imported row as it is accepted)."""

    def __init__(self, close: float = CLOSE) -> None:
        self.close = close
        self._emails: dict[str, int] = {}
        self._phones: dict[int | str, int] = {}
        # Records without an organisation are not entered: a name alone never matches.
        self._names_by_org: dict[str, _People] = {}  # organisation -> its people's names
        self._orgs_by_name: dict[str, list[tuple[int, str]]] = {}  # name -> (ref, organisation)
        self._org_names: dict[str, _Block] = {}  # first letters -> organisation names

    def __len__(self) -> int:
        """Records entered by name (those with an organisation)."""
        return sum(len(block.refs) for block in self._names_by_org.values())

    def add(self, ref: int, key: ContactKey) -> None:
        self.add_folded(
            ref,
            name_key(key.name),
            organization_key(key.organization),
            [email_key(email) for email in key.emails],
            key.phones,
        )

    def add_folded(
        self, ref: int, name: str, org: str, email_keys: Iterable[str], phones: Iterable[str]
    ) -> None:
        """`add` for keys already folded (`name_key`, `organization_key`, `email_key`): an
        import folds each organisation once for all its people."""
        for email in email_keys:
            self._emails.setdefault(email, ref)
        for phone in phones:
            self._phones.setdefault(_phone_key(phone), ref)
        if name and org:
            self.add_at_organization(ref, name, org)
            self.add_name(ref, name, org)

    def add_at_organization(self, ref: int, name: str, org: str) -> None:
        """A person (folded keys) matched by a close name at the same organisation only.
        `add_folded` enters a person this way and by `add_name`; an import keeps the names
        for `add_name` on disk and enters those a slice of rows can match (`forget_names`)."""
        people = self._names_by_org.get(org)
        if people is None:
            people = self._names_by_org[sys.intern(org)] = _People()  # one string an organisation
        people.add(ref, name)

    def add_name(self, ref: int, name: str, org: str) -> None:
        """A person (folded keys) matched by the same name at a close organisation only."""
        entry = self._orgs_by_name.get(name)
        if entry is None:
            self._orgs_by_name[name] = [(ref, org)]
        else:
            entry.append((ref, org))

    def forget_names(self) -> None:
        """Drop what `add_name` entered; matching at the same organisation is kept."""
        self._orgs_by_name.clear()

    def add_detail(self, ref: int, kind: str, normalized: str) -> None:
        """One stored email (already `email_key`) or phone (E.164) of a record."""
        if kind == "email":
            self._emails.setdefault(normalized, ref)
        elif kind == "phone":
            self._phones.setdefault(_phone_key(normalized), ref)

    def add_organization(self, ref: int, key: ContactKey) -> None:
        """An organisation: matched by email, phone or a close name of its own."""
        for email in key.emails:
            self._emails.setdefault(email_key(email), ref)
        for phone in key.phones:
            self._phones.setdefault(_phone_key(phone), ref)
        self.add_organization_key(ref, organization_key(key.name))

    def add_organization_key(self, ref: int, org: str) -> None:
        """An organisation's name already folded by `organization_key`."""
        if org:
            block = self._org_names.setdefault(org[:2], _Block())
            block.refs.append(ref)
            block.texts.append(org)

    def find(self, key: ContactKey, folded: tuple[str, str] | None = None) -> Match | None:
        """The first record `key` duplicates: same email, same phone, close name + organisation.
        `folded`: the key's (`name_key`, `organization_key`) when the caller has them already."""
        fuzz, process = _rapidfuzz()

        found = self._by_details(key)
        if found is not None:
            return found
        name, org = folded or (name_key(key.name), organization_key(key.organization))
        if not name or not org:
            return None
        people = self._names_by_org.get(org)
        if people is not None:
            best = process.extractOne(
                name, people.names(), scorer=fuzz.token_sort_ratio, score_cutoff=self.close
            )
            if best is not None:
                return Match(people.refs[best[2]], f"a close name at {key.organization}: {key.name}")
        entry = self._orgs_by_name.get(name)
        if entry is None:
            return None
        orgs = [entry_org for _ref, entry_org in entry]
        best = process.extractOne(org, orgs, scorer=fuzz.token_sort_ratio, score_cutoff=self.close)
        if best is not None:
            return Match(entry[best[2]][0], f"the same name at a close organisation: {key.name}")
        return None

    def find_organization(self, key: ContactKey) -> Match | None:
        fuzz, process = _rapidfuzz()

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
            ref = self._phones.get(_phone_key(phone))
            if ref is not None:
                return Match(ref, f"the same phone {phone}")
        return None


def build_index(people: Iterable[tuple[int, ContactKey]]) -> DuplicateIndex:
    index = DuplicateIndex()
    for ref, key in people:
        index.add(ref, key)
    return index
