"""Plugs the BOM, quotes, stages, company and price-book screens into the job editor and the
Settings dialog, so those two stay unaware of every feature that adds a tab or a page.

Each factory imports its screen when first called: the window starts without loading the
quote and PDF code."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from gojee_desktop.ui import extension_points
from gojee_desktop.ui.context import AppContext


def bom_tab(context: AppContext, job_id: int) -> tuple[QWidget, str]:
    from gojee_desktop.ui.widgets.bom_editor import BomEditor

    return BomEditor(context, job_id), "Bill of materials"


def quotes_tab(context: AppContext, job_id: int) -> tuple[QWidget, str]:
    from gojee_desktop.ui.widgets.quotes_panel import QuotesPanel

    return QuotesPanel(context, job_id), "Quotes"


def timeline_tab(context: AppContext, job_id: int) -> tuple[QWidget, str]:
    from gojee_desktop.ui.widgets.timeline_panel import TimelinePanel

    return TimelinePanel(context, job_id), "Timeline"


def stages_page(context: AppContext) -> tuple[QWidget, str]:
    from gojee_desktop.ui.dialogs.stage_settings import stage_settings_page

    return stage_settings_page(context), "Stages"


def company_page(context: AppContext) -> tuple[QWidget, str]:
    from gojee_desktop.ui.widgets.company_settings import CompanySettings

    return CompanySettings(context), "Business and quotes"


def price_book_page(context: AppContext) -> tuple[QWidget, str]:
    page = QWidget()
    layout = QVBoxLayout(page)
    text = QLabel(
        "The price book holds the materials and labour rates you quote most, with their cost "
        "and default markup. Pick from it in a job's bill of materials.",
        page,
    )
    text.setWordWrap(True)
    button = QPushButton("Open the &price book…", page)
    button.setObjectName("openPriceBook")

    def open_price_book() -> None:
        from gojee_desktop.ui.dialogs.price_book_dialog import PriceBookDialog

        dialog = PriceBookDialog(context, page.window())
        dialog.exec()
        dialog.deleteLater()

    button.clicked.connect(open_price_book)
    layout.addWidget(text)
    layout.addWidget(button)
    layout.addStretch(1)
    return page, "Price book"


def appearance_page(context: AppContext) -> tuple[QWidget, str]:
    from gojee_desktop.ui.widgets.appearance_settings import AppearanceSettings

    return AppearanceSettings(context), "Appearance"


def install() -> None:
    """Register the tabs and pages once (calling it again adds nothing)."""
    for tab in (timeline_tab, bom_tab, quotes_tab):
        if tab not in extension_points.EDITOR_TAB_FACTORIES:
            extension_points.EDITOR_TAB_FACTORIES.append(tab)
    for page in (stages_page, company_page, price_book_page, appearance_page):
        if page not in extension_points.SETTINGS_PAGE_FACTORIES:
            extension_points.SETTINGS_PAGE_FACTORIES.append(page)
