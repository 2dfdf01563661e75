"""Any vCard text — broken structure, unknown or repeated properties, bad quoted-printable
and base64, odd charsets, folded lines, hostile values, any encoding — is either read as
cards or refused with a message naming the problem; importing it (a dry run through the
`gojee` command) ends with an exit code and words, never a traceback."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gojee_desktop.cli import main as gojee
from gojee_desktop.services.capture.files import open_import_file
from gojee_desktop.services.capture.readers import ReadError
from gojee_desktop.services.capture.vcards import HEADERS, VCardContact, parse_vcards, write_vcards
from gojee_desktop.services.startup import open_app_database
from gojee_desktop.store.database import Database

NAMES = ["FN", "N", "ORG", "TITLE", "TEL", "EMAIL", "ADR", "PHOTO", "LOGO", "VERSION", "NOTE", "X-ABC",
         "BEGIN", "END", "item1.EMAIL", "fn", "Tel", ""]  # fmt: skip
PARAMS = [";CHARSET=UTF-8", ";CHARSET=WINDOWS-1252", ";CHARSET=no-such", ";ENCODING=QUOTED-PRINTABLE",
          ";ENCODING=b", ";ENCODING=BASE64", ";TYPE=WORK,VOICE", ";TYPE=\"voice,cell\"", ";VALUE=uri",
          ";PREF=1", ";", ";=", ";X=\"unclosed", ";LANGUAGE=ar"]  # fmt: skip
VALUES = ["Zoë Müller", "=C3=A9", "=C3=", "=ZZ", "=\r\n", "a=", ";;1 Main St;Sydney;;2000;", "tel:+61-2-9550",
          "\\n", "\\,", "\\", ",", ";", ":", "/9j/4AAQ", "!!!not base64", "שלום", "👩‍👩‍👧", "\x00", "\x1b",
          "\u202e", "x" * 300, "BEGIN:VCARD", "END:VCARD", "VERSION:4.0"]  # fmt: skip
value = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(VALUES), max_size=4).map("".join))
line = st.builds(
    lambda name, params, text: f"{name}{''.join(params)}:{text}",
    st.one_of(st.sampled_from(NAMES), st.text(max_size=6)),
    st.lists(st.one_of(st.sampled_from(PARAMS), st.text(max_size=8).map(lambda t: f";{t}")), max_size=3),
    value,
)
card = st.builds(
    lambda begin, version, lines, end: [*begin, *version, *lines, *end],
    st.sampled_from([["BEGIN:VCARD"], ["BEGIN:VCARD"], ["begin:vcard"], []]),
    st.sampled_from([["VERSION:2.1"], ["VERSION:3.0"], ["VERSION:4.0"], ["VERSION:9"], []]),
    st.lists(line, max_size=8),
    st.sampled_from([["END:VCARD"], ["END:VCARD"], ["END:VCARD", ""], []]),
)


@st.composite
def vcard_bytes(draw: st.DrawFn) -> bytes:
    lines = [text for one in draw(st.lists(card, min_size=1, max_size=3)) for text in one]
    if lines and draw(st.booleans()):  # fold a line, as long lines are in real files
        at = draw(st.integers(0, len(lines) - 1))
        cut = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:cut] + "\r\n" + draw(st.sampled_from([" ", "\t", ""])) + lines[at][cut:]
    text = draw(st.sampled_from(["\r\n", "\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    return text.encode(encoding, errors="replace")


any_vcard = st.one_of(vcard_bytes(), st.binary(max_size=200))


@pytest.fixture(scope="module")
def import_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_app_database(f"sqlite:///{tmp_path_factory.mktemp('vcf') / 'v.sqlite3'}")
    yield database
    database.dispose()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(any_vcard)
def test_any_vcard_file_is_read_or_refused_in_words(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("card") / "contacts.vcf"
    path.write_bytes(data)
    try:
        table = open_import_file(path)
        rows = list(table.rows())
    except ReadError as error:
        assert str(error) and "Traceback" not in str(error)
    else:
        assert table.headers == HEADERS and rows
        assert all(
            len(cells) == len(HEADERS) and all(isinstance(c, str) for c in cells) for _n, cells in rows
        )


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(any_vcard, st.sampled_from(["people", "organizations", "leads"]))
def test_importing_any_vcard_file_ends_in_words(
    import_db: Database, tmp_path_factory: pytest.TempPathFactory, data: bytes, what: str
) -> None:
    path = tmp_path_factory.mktemp("card") / "contacts.vcf"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
        code = gojee(["--database", import_db.url, "import", str(path), "--what", what, "--dry-run"])
        assert code in (0, 1, 2)
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert out.getvalue().strip() or err.getvalue().strip()  # always says what happened


plain = st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=25).map(
    lambda t: " ".join(t.split())
)


#: Phones as people type them (a dash reads back as a space: `tel:+61-3-…` URIs are written so).
phone = st.from_regex(r"\A\+?[0-9][0-9 ()]{2,14}\Z").map(lambda t: " ".join(t.split()))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.builds(
            VCardContact,
            name=plain,
            organization=plain,
            emails=st.lists(plain.filter(lambda t: ";" not in t and t), max_size=2).map(tuple),
            phones=st.lists(phone, max_size=2).map(tuple),
        ).filter(lambda c: (c.name or c.organization) and c.name != c.organization),
        min_size=1,
        max_size=3,
    )
)
def test_cards_written_read_back_the_same(contacts: list[VCardContact]) -> None:
    assert parse_vcards(write_vcards(contacts)) == contacts
