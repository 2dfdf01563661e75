"""The items of a tree widget that stand for something (a page of the navigation), found by
the key they carry."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem


def keyed_items(tree: QTreeWidget, role: int) -> dict[str, QTreeWidgetItem]:
    """Every item of `tree`, at any depth and in the order shown, whose column 0 carries a
    key in `role`, by that key (section headings without one are left out)."""
    found: dict[str, QTreeWidgetItem] = {}
    pending = [tree.topLevelItem(i) for i in reversed(range(tree.topLevelItemCount()))]
    while pending:
        item = pending.pop()
        if item is None:
            continue
        key = item.data(0, role)
        if key:
            found[str(key)] = item
        pending.extend(item.child(j) for j in reversed(range(item.childCount())))
    return found
