"""`gojee bom` and `gojee quote` in-process: JSON totals, status rules, PDFs, and errors that
exit non-zero and write nothing."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from cli_helpers import Gojee

from gojee_desktop.models import BomLine, Quote
from gojee_desktop.services.company import CompanyInfo, get_company, save_company


@pytest.fixture
def gojee(db, capsys):
    return Gojee(db, capsys, counted=(BomLine, Quote))


@pytest.fixture
def job(gojee):
    return gojee.json("lead", "add", "--title", "Pool pump")


def test_add_lines_and_show_every_total_as_decimal_strings(gojee, job):
    gojee.json(
        "bom",
        "add-line",
        str(job["id"]),
        "--section",
        "Pump",
        "--kind",
        "material",
        "--description",
        "Pump",
        "--qty",
        "1",
        "--unit-cost",
        "500.00",
        "--markup",
        "20",
        "--tax",
        "10",
    )
    document = gojee.json(
        "bom",
        "add-line",
        job["number"],
        "--section",
        "Pump",
        "--kind",
        "labour",
        "--description",
        "Fit",
        "--qty",
        "2.5",
        "--unit",
        "h",
        "--unit-cost",
        "80",
        "--discount",
        "5",
        "--tax",
        "10",
    )
    assert document == gojee.json("bom", "show", str(job["id"]))
    section = document["sections"][0]
    assert section["name"] == "Pump"
    assert [x["line_total"] for x in section["lines"]] == ["600.00", "190.00"]
    assert section["lines"][1]["quantity"] == "2.5"
    totals = document["totals"]
    assert totals["subtotal"] == "790.00"
    assert totals["discount"] == "10.00"
    assert totals["taxes"] == [{"rate": "10", "base": "790.00", "tax": "79.00"}]
    assert totals["grand_total"] == "869.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--qty", "abc", "--unit-cost", "1"], "--qty"),
        (["--qty", "1", "--unit-cost", "-3"], "unit cost cannot be negative"),
        (["--qty", "1", "--unit-cost", "1", "--tax", "150"], "tax rate"),
        (["--qty", "1", "--unit-cost", "1", "--markup", "x1"], "--markup"),
    ],
)
def test_bad_numbers_exit_non_zero_and_write_nothing(gojee, job, args, message):
    code, _out, err = gojee(
        "bom", "add-line", str(job["id"]), "--kind", "material", "--description", "X", *args
    )
    assert code == 1
    assert message in err and err.count("\n") == 1
    assert gojee.counts() == (0, 0)


def test_quote_lifecycle_from_the_command_line(gojee, job, tmp_path):
    gojee(
        "bom",
        "add-line",
        str(job["id"]),
        "--kind",
        "material",
        "--description",
        "Pump",
        "--qty",
        "1",
        "--unit-cost",
        "100",
    )
    quote = gojee.json("quote", "create", str(job["id"]), "--valid-days", "10")
    number = f"Q-{job['id']:06d}-1"
    assert quote["number"] == number and quote["status"] == "draft"
    assert quote["totals"]["grand_total"] == "100.00"
    code, out, _ = gojee("quote", "set-status", number, "sent")
    assert code == 0 and "sent" in out
    assert gojee.json("lead", "show", str(job["id"]))["status"] == "Quoted"
    assert gojee("quote", "set-status", number, "accepted")[0] == 0
    code, _, err = gojee(
        "bom",
        "add-line",
        str(job["id"]),
        "--kind",
        "other",
        "--description",
        "x",
        "--qty",
        "1",
        "--unit-cost",
        "1",
    )
    assert code == 1 and "frozen" in err
    revised = gojee.json("quote", "revise", number)
    assert revised["number"] == f"Q-{job['id']:06d}-2"
    listing = gojee.json("quote", "list", str(job["id"]))
    assert [(q["number"], q["status"]) for q in listing] == [
        (revised["number"], "draft"),
        (number, "accepted"),
    ]
    if shutil.which("pdftotext"):
        target = tmp_path / "q.pdf"
        code, _, err = gojee("quote", "pdf", str(job["id"]), str(target), "--revision", "1")
        assert code == 0, err
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert number in text and "Pump" in text


def test_quote_errors(gojee, job, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "none.pdf"
    for args, message in (
        (["quote", "create", str(job["id"])], "no lines"),
        (["quote", "pdf", "999999", str(target)], "no job with id 999999"),
        (["quote", "pdf", str(job["id"]), str(target)], "has no quote yet"),
        (["quote", "set-status", "Q-1", "sent"], "not a quote number"),
        (["quote", "revise", "Q-000999-1"], "no quote Q-000999-1"),
    ):
        code, _, err = gojee(*args)
        assert code == 1, args
        assert message in err
    gojee(
        "bom",
        "add-line",
        str(job["id"]),
        "--kind",
        "material",
        "--description",
        "P",
        "--qty",
        "1",
        "--unit-cost",
        "1",
    )
    gojee("quote", "create", str(job["id"]))
    code, _, err = gojee("quote", "pdf", str(job["id"]), str(target), "--revision", "7")
    assert code == 1 and "no revision 7" in err
    assert not target.exists()
    assert list(folder.iterdir()) == []


def test_demo_gives_quotes_a_letterhead_but_keeps_a_business_own(gojee):
    code, _out, _err = gojee("demo", "--leads", "40", "--jobs", "20", "--boms", "10", "--quiet")
    assert code == 0
    assert get_company(gojee.db.sessions).name == "Harbourside Electrical & Plumbing Pty Ltd"
    save_company(gojee.db.sessions, CompanyInfo(name="Own Business"))
    assert gojee("demo", "--leads", "5", "--jobs", "0", "--boms", "3", "--quiet")[0] == 0
    assert get_company(gojee.db.sessions).name == "Own Business"


def test_demo_with_negative_boms_writes_nothing(gojee):
    code, _out, err = gojee("demo", "--leads", "20", "--boms", "-1", "--quiet")
    assert code != 0 and "--boms cannot be negative" in err
    assert gojee.json("lead", "list") == []
