"""The People page over a thousand sample people: every row reachable, the model passes
Qt's model tester while searching and sorting, and a search shows exactly the people whose
name has the typed words as word prefixes (the full-text index, revision 0013)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from sqlalchemy import select

from gojee_desktop.models import Person
from gojee_desktop.services.demo.generate import generate_demo
from gojee_desktop.ui.pages.people import PeoplePage


def test_people_page_at_a_thousand_people(qtbot, qtmodeltester, context, sqlite_db):
    made = generate_demo(sqlite_db, 1429, 0, seed=4)
    assert made.people == 1000
    with sqlite_db.sessions() as session:
        names = sorted(session.scalars(select(Person.name)))
    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.load()
    model = page.model
    assert model.wait_for_count() == 1000
    qtmodeltester.check(model)
    page.view.scrollToBottom()
    qtbot.waitUntil(lambda: model.data(model.index(999, 0)) is not None)
    assert model.data(model.index(999, 0)) == names[-1]
    assert model.data(model.index(0, 0)) == names[0]

    surname = names[500].split()[-1]
    wanted = sorted(n for n in names if any(w.lower().startswith(surname[:3].lower()) for w in n.split()))
    page.set_query(replace(page.query(), text=surname[:3]))
    assert model.wait_for_count() == len(wanted)
    qtbot.waitUntil(lambda: all(model.data(model.index(r, 0)) for r in range(model.rowCount())))
    assert sorted(model.data(model.index(r, 0)) for r in range(model.rowCount())) == wanted
    qtmodeltester.check(model)

    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.wait_for_count()
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) is not None)
    assert model.data(model.index(0, 0)) == wanted[-1]
