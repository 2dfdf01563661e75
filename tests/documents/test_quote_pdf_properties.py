"""Any text a user can type into a quote, its job, its lines or the letterhead — any Unicode,
right-to-left scripts, emoji, control characters, markup, words far longer than a line —
builds a PDF, pdftotext reads back every word, and nothing runs past its column or off the
page (a word with no space used to overflow the description column and the page)."""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
import string
import subprocess
from collections.abc import Iterator
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from gojee_desktop.documents.fonts import register_fonts
from gojee_desktop.documents.quote_pdf import MARGIN, PAGE_WIDTH, render_quote_pdf
from gojee_desktop.documents.wrap import glues_to_previous, wrap_lines
from gojee_desktop.money import format_money
from gojee_desktop.services import bom, quotes
from gojee_desktop.services.bom_lines import LineData
from gojee_desktop.services.company import CompanyInfo
from gojee_desktop.services.jobs import NewJob, create_lead
from gojee_desktop.services.startup import open_app_database

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="needs pdftotext: install poppler-utils (`python3 dev.py doctor` gives the command)",
)

#: Pieces that break naive text handling, mixed into random Unicode.
NASTY = [
    "שלום עולם", "مرحبا بالعالم", "\u202eevil\u202c", "👩‍👩‍👧‍👦", "👍🏽", "🔌💡", "e\u0301\u0301", "Ⅻ",
    "<b>", "</para>", "&amp;", "&", "<br/>", "<font size=80>", "\x00", "\x07", "\x1b[31m", "\t",
    "\r\n", "\x0c", "\u2028", "\u00a0", "\u200b", "\ufeff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "漢字かな", "Ωμέγα", "ﷺ",
]  # fmt: skip
noise = st.one_of(
    st.text(max_size=12),
    st.lists(st.sampled_from(NASTY), max_size=3).map(" ".join),
)


def word(max_size: int) -> st.SearchStrategy[str]:
    """A word pdftotext must give back: ASCII letters and digits, up to `max_size` long (far
    wider than its column for the longer fields)."""
    return st.text(alphabet=string.ascii_letters + string.digits, min_size=3, max_size=max_size)


def field(max_word: int) -> st.SearchStrategy[tuple[str, str]]:
    """(the text typed, the word to find in the PDF): noise, the word, noise."""
    return st.tuples(noise, word(max_word), noise).map(lambda p: (f"{p[0]} {p[1]} {p[2]}", p[1]))


#: Each field and its longest word, within what the services accept (a unit has at most 20
#: characters, an item code 60, a section name 200).
FIELDS = {
    "company.name": 120, "company.address": 150, "company.phone": 40, "company.email": 60,
    "company.tax_number": 40, "customer": 200, "site": 200, "job_title": 200, "intro": 300,
    "terms": 300, "section": 150, "description": 400, "item_code": 36, "unit": 6,
}  # fmt: skip
LIMITS = {"unit": 20, "item_code": 60, "section": 200}


@pytest.fixture(scope="module")
def base_quote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[quotes.QuoteDetail]:
    database = open_app_database(f"sqlite:///{tmp_path_factory.mktemp('pdf') / 'q.sqlite3'}")
    job = create_lead(database.sessions, NewJob(title="Base", site_address="1 Base St"))
    lines = [
        LineData(item_code="A1", description="Cable", quantity=D(3), unit_cost=D("2.5"), tax_rate=D(10)),
        LineData(description="Optional extra", quantity=D(1), unit_cost=D(9), optional=True),
    ]
    bom.add_lines(database.sessions, job.id, lines, section_name="Main")
    yield quotes.create_quote(database.sessions, job.id)
    database.dispose()


def _with_text(
    base: quotes.QuoteDetail, typed: dict[str, str], hide: bool
) -> tuple[quotes.QuoteDetail, CompanyInfo]:
    section = base.sections[0]
    line = section.lines[0]
    data = dataclasses.replace(
        line.data, description=typed["description"], item_code=typed["item_code"], unit=typed["unit"]
    )
    lines = (dataclasses.replace(line, data=data), *section.lines[1:])
    quote = dataclasses.replace(
        base,
        customer=typed["customer"],
        site=typed["site"],
        job_title=typed["job_title"],
        intro=typed["intro"],
        terms=typed["terms"],
        hide_unit_prices=hide,
        sections=(dataclasses.replace(section, name=typed["section"], lines=lines),),
    )
    company = CompanyInfo(**{k.split(".")[1]: v for k, v in typed.items() if k.startswith("company.")})
    return quote, company


def pdftotext(mode: str, pdf: Path) -> str:
    """pdftotext's text. A letter beyond the Basic Multilingual Plane (U+10000 and up) comes
    back as invalid UTF-8, so such bytes are replaced: the checks are on the ASCII words."""
    out = subprocess.run(["pdftotext", mode, str(pdf), "-"], check=True, capture_output=True).stdout
    return out.decode("utf-8", errors="replace")


def _words(pdf: Path) -> list[tuple[int, float, float, float, str]]:
    """(page, xMin, xMax, yMin, text) of every word pdftotext finds."""
    html = pdftotext("-bbox", pdf)
    words = []
    for page, body in enumerate(re.split(r"<page ", html)[1:]):
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body
        ):
            words.append((page, float(m.group(1)), float(m.group(3)), float(m.group(2)), m.group(4)))
    return words


def _overlaps(words: list[tuple[int, float, float, float, str]]) -> list[tuple[str, str]]:
    """Plain ASCII words drawn over one another on a line (text spilling into the next column)."""
    lines: dict[tuple[int, float], list[tuple[float, float, str]]] = {}
    for page, x0, x1, y, text in words:
        if text.isascii() and text.isprintable():
            lines.setdefault((page, round(y)), []).append((x0, x1, text))
    found = []
    for row in lines.values():
        row.sort()
        for (_a0, a1, a), (b0, _b1, b) in itertools.pairwise(row):
            if a1 > b0 + 0.5:
                found.append((a, b))
    return found


#: Found by the test: a right-to-left name after zero-width spaces ran off the right margin.
RTL_AFTER_ZERO_WIDTH = {name: (" 000 ", "000") for name in FIELDS} | {
    "company.name": (" 000 \u200b \u200b \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd", "000")
}


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.fixed_dictionaries({name: field(size) for name, size in FIELDS.items()}), st.booleans())
@example(RTL_AFTER_ZERO_WIDTH, False)
def test_any_text_builds_reads_back_and_stays_on_the_page(
    base_quote: quotes.QuoteDetail, tmp_path_factory: pytest.TempPathFactory, fields: dict, hide: bool
) -> None:
    typed = {name: text[: LIMITS.get(name, 10_000)].strip() for name, (text, _word) in fields.items()}
    quote, company = _with_text(base_quote, typed, hide)
    pdf = tmp_path_factory.mktemp("hostile") / "q.pdf"
    pages = render_quote_pdf(quote, company, pdf)
    assert pages >= 1
    raw = pdftotext("-raw", pdf)
    squashed = "".join(raw.split())
    for name, (_text, wanted) in fields.items():
        if wanted in typed[name]:  # not cut off by the field's limit
            assert wanted in squashed, f"{name}: {wanted!r} not read back"
    words = _words(pdf)
    visible = [w for w in words if w[2] - w[1] > 0.5]  # a zero-width space alone draws nothing
    spilled = [w for w in visible if w[1] < MARGIN - 1 or w[2] > PAGE_WIDTH - MARGIN + 1]
    assert not spilled, f"off the page: {spilled[:3]}"
    assert not _overlaps(words)


def test_a_long_word_stays_in_its_column(base_quote, tmp_path):
    """The regression: a word with no space (a part number, a URL) ran past the description
    column and off the page; a long unit ran into the prices, a long business name into the
    footer's page number."""
    long = "Supercalifragilistic" * 15
    typed = {name: long[: LIMITS.get(name, 300)] for name in FIELDS}
    quote, company = _with_text(base_quote, typed, hide=False)
    pdf = tmp_path / "long.pdf"
    render_quote_pdf(quote, company, pdf)
    squashed = "".join(pdftotext("-raw", pdf).split())
    assert long in squashed and "Page1of" in squashed
    words = _words(pdf)
    assert all(x0 >= MARGIN - 1 and x1 <= PAGE_WIDTH - MARGIN + 1 for _p, x0, x1, _y, _t in words)
    assert not _overlaps(words)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300), st.lists(st.sampled_from([*NASTY, "x" * 90, " "]), max_size=12).map("".join)
    )
)
def test_wrapped_lines_fit_and_keep_every_character(value: str) -> None:
    font, size, width = register_fonts()[0], 8.5, 60.0
    lines = wrap_lines(value, font, size, width)
    for line in lines:
        core = line
        while len(core) > 1 and glues_to_previous(core[-1]):
            core = core[:-1]  # marks and modifiers stay with the letter they belong to
        assert stringWidth(core, font, size) <= width or len(core) == 1
    assert "".join("".join(lines).split()) == "".join("".join(value.splitlines()).split())


def test_large_amounts_stay_in_their_columns(sqlite_db, tmp_path):
    """A currency written by its code and amounts in the billions widen the number columns
    (the description wraps narrower); absurd ones get a smaller type, never spill over."""
    for quantity, cost in ((D(40), D("150000")), (D("999999999"), D("999999999.99"))):
        job = create_lead(sqlite_db.sessions, NewJob(title=f"Big {quantity}", currency="EUR"))
        line = LineData(description="Plant hire", quantity=quantity, unit_cost=cost, tax_rate=D("12.345"))
        credit = dataclasses.replace(line, quantity=-quantity, discount=D("12.5"))
        bom.add_lines(sqlite_db.sessions, job.id, [line, credit], section_name="Plant")
        quote = quotes.create_quote(sqlite_db.sessions, job.id)
        pdf = tmp_path / f"{quantity}.pdf"
        render_quote_pdf(quote, CompanyInfo(name="Spark"), pdf)
        words = _words(pdf)
        assert all(x0 >= MARGIN - 1 and x1 <= PAGE_WIDTH - MARGIN + 1 for _p, x0, x1, _y, _t in words)
        assert not _overlaps(words)
        flat = " ".join(pdftotext("-layout", pdf).split())
        for figure in (quote.lines[0].amounts.net, quote.lines[1].amounts.net, quote.totals.grand_total):
            assert format_money(figure, "EUR").replace("\xa0", " ") in flat
