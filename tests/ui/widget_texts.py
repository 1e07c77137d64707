"""Every user-visible string of a window or dialog, for the translation tests."""
from __future__ import annotations


def texts(window):
    """(where, text) of every user-visible string in the window: labels, buttons, group
    titles, tabs, docks, placeholders, combo items, actions, menus and the status bar."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (QAbstractButton, QComboBox, QDockWidget, QGroupBox, QLabel,
                                   QLineEdit, QListWidget, QMenu, QTabWidget)
    out = []
    for w in window.findChildren(QLabel):
        out.append((f"label {w.objectName()}", w.text()))
    for w in window.findChildren(QAbstractButton):
        out.append((f"button {w.objectName()}", w.text()))
        out.append((f"tooltip {w.objectName()}", w.toolTip()))
    for w in window.findChildren(QGroupBox):
        out.append(("group", w.title()))
    for w in window.findChildren(QTabWidget):
        out += [("tab", w.tabText(i)) for i in range(w.count())]
    for w in window.findChildren(QDockWidget):
        out.append(("dock", w.windowTitle()))
    for w in window.findChildren(QLineEdit):
        out.append((f"placeholder {w.objectName()}", w.placeholderText()))
    for w in window.findChildren(QComboBox):
        owner = w.parent().objectName() if w.parent() is not None else ""
        if "language" not in w.objectName() + owner:   # language names are in their own language
            out += [(f"combo {w.objectName()}", w.itemText(i)) for i in range(w.count())]
    for w in window.findChildren(QListWidget):
        out += [(f"list {w.objectName()}", w.item(i).text()) for i in range(w.count())
                if w.objectName() != "internal.memories"]
    for a in window.findChildren(QAction):
        where = f"{a.objectName() or type(a.parent()).__name__ + ' ' + a.parent().objectName()}"
        out += [(f"action {where}", a.text()), (f"action {where}", a.iconText()),
                (f"tooltip {where}", a.toolTip())]
    for m in window.findChildren(QMenu):
        out.append(("menu", m.title()))
    out += _more(window)
    return [(where, t) for where, t in out if t and t.strip()]


def _more(window):
    """Tooltips of every widget, titles, spin box affixes, text-box placeholders, headers."""
    from PySide6.QtWidgets import (QAbstractSpinBox, QPlainTextEdit, QSpinBox, QDoubleSpinBox,
                                   QTableWidget, QTextEdit, QWidget)
    out = [("title", window.windowTitle())]
    for w in window.findChildren(QWidget):
        out.append((f"tooltip {type(w).__name__} {w.objectName()}", w.toolTip()))
    for w in window.findChildren(QAbstractSpinBox):
        out.append((f"spin {w.objectName()}", w.specialValueText()))
        if isinstance(w, (QSpinBox, QDoubleSpinBox)):
            out += [(f"spin {w.objectName()}", w.prefix()), (f"spin {w.objectName()}", w.suffix())]
    for w in (*window.findChildren(QPlainTextEdit), *window.findChildren(QTextEdit)):
        out.append((f"placeholder {w.objectName()}", w.placeholderText()))
    for w in window.findChildren(QTableWidget):
        for i in range(w.columnCount()):
            item = w.horizontalHeaderItem(i)
            out.append((f"header {w.objectName()}", item.text() if item is not None else ""))
    return out


def hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)
