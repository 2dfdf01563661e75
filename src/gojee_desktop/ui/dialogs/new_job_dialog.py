"""A quick "new job" form on a board: title, customer, value, close date and stage. The full
editor opens afterwards for everything else."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gojee_desktop.models import LIFECYCLE_LEAD
from gojee_desktop.money import MoneyError, parse_money
from gojee_desktop.services.contacts import CustomerInput
from gojee_desktop.services.dto import StageInfo
from gojee_desktop.services.jobs import NewJob
from gojee_desktop.ui import theme
from gojee_desktop.ui.commands.board import push_create
from gojee_desktop.ui.context import AppContext
from gojee_desktop.ui.widgets.screen_fit import fit_window

NO_STAGE = -1


class NewJobDialog(QDialog):
    """Creates the job on "Create" through an undoable command; stays open on bad input."""

    def __init__(
        self,
        context: AppContext,
        lifecycle: str,
        stages: list[StageInfo],
        stage_id: int | None = None,
        parent: QWidget | None = None,
        currency: str = "AUD",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newJobDialog")
        self._context = context
        self._lifecycle = lifecycle
        self.created_id: int | None = None
        kind = "lead" if lifecycle == LIFECYCLE_LEAD else "customer job"
        self.setWindowTitle(f"New {kind}")
        self.title = QLineEdit(self)
        self.title.setObjectName("newJobTitle")
        self.title.setPlaceholderText("e.g. Kitchen rewire")
        self.customer = QLineEdit(self)
        self.customer.setObjectName("newJobCustomer")
        self.customer.setPlaceholderText("Person or business (found or added)")
        self.value = QLineEdit(self)
        self.value.setObjectName("newJobValue")
        self.value.setPlaceholderText("0.00")
        self.currency = currency
        self.has_close = QCheckBox("Expected close", self)
        self.close_date = QDateEdit(QDate.currentDate().addDays(30), self)
        self.close_date.setCalendarPopup(True)
        self.close_date.setEnabled(False)
        self.has_close.toggled.connect(self.close_date.setEnabled)
        close_row = QHBoxLayout()
        close_row.addWidget(self.has_close)
        close_row.addWidget(self.close_date, 1)
        self.stage = QComboBox(self)
        self.stage.setObjectName("newJobStage")
        for stage in stages:
            if stage.outcome != "lost":
                self.stage.addItem(stage.name, stage.id)
        if lifecycle != LIFECYCLE_LEAD:
            self.stage.addItem("No stage", NO_STAGE)
        if stage_id is not None and self.stage.findData(stage_id) >= 0:
            self.stage.setCurrentIndex(self.stage.findData(stage_id))
        self.error = QLabel(self)
        self.error.setObjectName("newJobError")
        theme.set_style(self.error, "color: $error;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout(self)
        form.addRow("&Title", self.title)
        form.addRow("C&ustomer", self.customer)
        form.addRow(f"&Value ({currency})", self.value)
        form.addRow("", close_row)
        form.addRow("&Stage", self.stage)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button().setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(420)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_window(self)

    def create_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def data(self) -> NewJob | None:
        """What the form says, or None (with the reason shown) when it cannot be saved."""
        title = self.title.text().strip()
        if not title:
            self._show_error("Give the job a title.")
            self.title.setFocus()
            return None
        try:
            value = parse_money(self.value.text().strip() or "0", self.currency)
        except MoneyError as error:
            self._show_error(str(error))
            self.value.setFocus()
            return None
        stage_id = self.stage.currentData()
        name = self.customer.text().strip()
        return NewJob(
            title=title,
            value=value,
            currency=self.currency,
            expected_close=self.close_date.date().toPython() if self.has_close.isChecked() else None,  # type: ignore[arg-type]
            stage_id=None if stage_id in (None, NO_STAGE) else int(stage_id),
            no_stage=stage_id == NO_STAGE,
            customer=CustomerInput(person_name=name) if name else None,
        )

    def accept(self) -> None:
        data = self.data()
        if data is None:
            return
        self.created_id = push_create(self._context, self, self._lifecycle, data)
        if self.created_id is not None:
            super().accept()
