"""The duplicate warning's text with an "Open" link for each record it names, shared by the
new-lead form, quick capture, the card scan window and the conversion window: a user who is
told "Ann Smith is probably here already" can look at Ann Smith at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from gojee_desktop.services.capture.matching import ExistingMatch
from gojee_desktop.ui import theme

PERSON_LINK = "person:"


def matches_html(matches: Sequence[ExistingMatch]) -> str:
    """'Ann Smith at Smith Builders (the same email …) Open; …' as rich text, escaped."""
    return "; ".join(
        escape(f"{m.name}{' at ' + m.organization if m.organization else ''} ({m.reason})")
        + f' <a href="{PERSON_LINK}{m.person_id}">Open</a>'
        for m in matches
    )


def person_id_of(link: str) -> int | None:
    """The person id of an "Open" link, None for anything else."""
    if link.startswith(PERSON_LINK) and link[len(PERSON_LINK) :].isdigit():
        return int(link[len(PERSON_LINK) :])
    return None


def warning_label(parent: QWidget, open_person: Callable[[int], object]) -> QLabel:
    """A wrapping amber label whose "Open" links (mouse or Tab + Enter) call `open_person`."""
    label = QLabel(parent)
    label.setWordWrap(True)
    theme.set_style(label, "color: $warning;")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )

    def activated(link: str) -> None:
        person_id = person_id_of(link)
        if person_id is not None:
            open_person(person_id)

    label.linkActivated.connect(activated)
    return label
