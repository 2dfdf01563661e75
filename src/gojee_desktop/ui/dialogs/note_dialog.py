"""Writing a note: plain text with Markdown for bold, italic, lists and links (buttons wrap
the selection), a preview rendered without raw HTML, and a pin."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gojee_desktop.services.errors import GojeeError
from gojee_desktop.ui import theme

SaveHandler = Callable[[str, bool], GojeeError | None]


def render_markdown(browser: QTextBrowser, text: str) -> None:
    """Show Markdown with its formatting; HTML in it is shown as text, never interpreted."""
    browser.document().setMarkdown(
        text,
        QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML,
    )


class NoteDialog(QDialog):
    def __init__(
        self, on_save: SaveHandler, *, text: str = "", pinned: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("noteDialog")
        self.setWindowTitle("Edit note" if text else "New note")
        self._on_save = on_save
        self.editor = QPlainTextEdit(self)
        self.editor.setPlainText(text)
        self.editor.setPlaceholderText("**bold**, *italic*, - a list, [a link](https://example.com)")
        self.preview = QTextBrowser(self)
        self.preview.setOpenExternalLinks(True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.editor, "&Write")
        self.tabs.addTab(self.preview, "P&review")
        self.tabs.currentChanged.connect(lambda _i: render_markdown(self.preview, self.editor.toPlainText()))
        bar = QHBoxLayout()
        for label, tip, before, after, keys in (
            ("B", "Bold (Ctrl+B)", "**", "**", "Ctrl+B"),
            ("I", "Italic (Ctrl+I)", "*", "*", "Ctrl+I"),
            ("•", "List item", "- ", "", None),
            ("Link", "Link (Ctrl+K)", "[", "](https://)", "Ctrl+K"),
        ):
            button = QToolButton(self)
            button.setText(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, b=before, a=after: self.wrap(b, a))
            bar.addWidget(button)
            if keys:
                QShortcut(QKeySequence(keys), self.editor, lambda b=before, a=after: self.wrap(b, a))
        bar.addStretch(1)
        self.pinned = QCheckBox("&Pin to the top", self)
        self.pinned.setChecked(pinned)
        bar.addWidget(self.pinned)
        self.error = QLabel(self)
        theme.set_style(self.error, "color: $error;")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 360)
        self.editor.setFocus()

    def wrap(self, before: str, after: str) -> None:
        """Put Markdown marks around the selection (or at the cursor)."""
        cursor = self.editor.textCursor()
        selected = cursor.selectedText()
        cursor.insertText(f"{before}{selected}{after}")
        self.editor.setTextCursor(cursor)

    def save(self) -> None:
        error = self._on_save(self.editor.toPlainText(), self.pinned.isChecked())
        if error is None:
            self.accept()
            return
        self.error.setText(str(error))
        self.error.show()
