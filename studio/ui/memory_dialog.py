"""The Memory dialog: what one avatar remembers — the facts about the user, the running
summary and the conversation history kept in `<data dir>/memory.sqlite3` — shown in a table
the user can search, edit (facts and the summary), delete from, export (JSON or CSV) and
forget entirely.

The widget only paints and edits: reading, writing, exporting and forgetting are
`studio.persona.memory_store.MemoryStore` calls run as `Task`s (SQLite, a VACUUM and a file
write can each take a moment), and the table is refilled from the store once each finishes.
`changed(old_line, new_line)` tells the chat that a fact changed (new_line "" when it was
deleted) so the project's memory list and the running chat follow; `forgot()` says that
everything was deleted.
"""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from studio.persona.memory_store import MemoryItem, MemoryStore, matches
from studio.ui.i18n import tr
from studio.ui.workers import run_task

KIND, WHEN, TEXT = range(3)


def _forget_and_count(store: MemoryStore, avatar: str) -> int:
    """Worker thread: forget everything kept for `avatar`; the rows still there (0)."""
    store.forget(avatar)
    return store.remaining(avatar)


class MemoryDialog(QDialog):
    changed = Signal(str, str)        # a fact: old line, new line ("" = deleted)
    edited = Signal()                 # anything in the store changed (the chat reloads it)
    forgot = Signal()                 # everything was deleted

    def __init__(self, store: MemoryStore, avatar: str, name: str = "", memory_on: bool = True,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("memory")
        self.store, self.avatar, self.name = store, avatar, name.strip()
        self.items: list[MemoryItem] = []
        self.busy = False
        self.last_export: tuple[str, int] | None = None      # (path, items) of the last export
        self._filling = False
        self._notice = ""                 # what the last action did, shown until the next one
        self._build(memory_on)
        self.resize(720, 480)
        self.reload()

    # ---- building ---------------------------------------------------------------------------
    def _build(self, memory_on: bool) -> None:
        who = self.name or tr("the avatar")
        self.setWindowTitle(tr("Memory") + (f" — {self.name}" if self.name else ""))
        intro = tr("What %1 remembers about you and your conversations, kept only on this computer:").replace("%1", who)
        self.intro = QLabel(f"{intro}\n{self.store.path}", objectName="memory.intro", wordWrap=True)
        self.off_note = QLabel(tr("Memory is off for this avatar: nothing new is stored."),
                               objectName="memory.off", visible=not memory_on)
        self.search = QLineEdit(objectName="memory.search", placeholderText=tr("Search memories…"),
                                clearButtonEnabled=True)
        self.search.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(0, 3, objectName="memory.table")
        self.table.setHorizontalHeaderLabels([tr("Kind"), tr("When"), tr("Text")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._item_edited)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.status = QLabel(objectName="memory.status")
        self.edit_button = self._button("memory.edit", tr("Edit"), self._edit_current)
        self.delete_button = self._button("memory.delete", tr("Delete"), self.delete_selected)
        self.export_button = self._button("memory.export", tr("Export…"), self._choose_export)
        self.forget_button = self._button("memory.forget", tr("Forget Everything…"), self._confirm_forget)
        close = self._button("memory.close", tr("Close"), self.accept)
        buttons = QHBoxLayout()
        for b in (self.edit_button, self.delete_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.forget_button)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        for w in (self.intro, self.off_note, self.search, self.table, self.status):
            lay.addWidget(w, 1 if w is self.table else 0)
        lay.addLayout(buttons)

    def _button(self, name: str, text: str, slot) -> QPushButton:
        b = QPushButton(text, objectName=name)
        b.clicked.connect(slot)
        return b

    def _kind_text(self, kind: str) -> str:
        return {"fact": tr("About you"), "summary": tr("Summary"), "user": tr("You"),
                "assistant": self.name or tr("Avatar")}[kind]

    # ---- store work, off the GUI thread ---------------------------------------------------------
    def _run(self, fn, *args, then=None, status: str = "", reload_on_failure: bool = True) -> None:
        self._notice = ""
        self._set_busy(True, status or tr("Working…"))
        run_task(fn, *args, on_done=lambda result: self._finished(then, result),
                 on_failed=lambda exc: self._failed(exc, reload_on_failure), name="memory", parent=self)

    def _finished(self, then, result) -> None:
        self._set_busy(False)
        if then is not None:
            then(result)

    def _failed(self, exc: BaseException, reload: bool) -> None:
        self._set_busy(False, tr("Could not change the memory: ") + str(exc))
        if reload:                        # show what is really stored, not the failed edit
            notice = self.status.text()
            self.reload()
            self._notice = notice

    def _set_busy(self, busy: bool, status: str | None = None) -> None:
        self.busy = busy
        if status is not None:
            self.status.setText(status)
        self.table.setEnabled(not busy)
        self._update_buttons()

    def reload(self) -> None:
        self._run(self.store.items, self.avatar, then=self._show, status=tr("Reading the memory…"),
                  reload_on_failure=False)

    # ---- painting -------------------------------------------------------------------------------
    def _show(self, items: list[MemoryItem]) -> None:
        self.items = list(items)
        self._filling = True
        self.table.setRowCount(len(self.items))
        for row, it in enumerate(self.items):
            cells = (self._kind_text(it.kind), time.strftime("%Y-%m-%d %H:%M", time.localtime(it.at)), it.text)
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if col == TEXT and it.editable:
                    flags |= Qt.ItemFlag.ItemIsEditable
                cell.setFlags(flags)
                self.table.setItem(row, col, cell)
        self._filling = False
        self.table.resizeColumnToContents(KIND)
        self.table.resizeColumnToContents(WHEN)
        self._apply_filter()

    def _apply_filter(self) -> None:
        query = self.search.text()
        shown = 0
        for row, it in enumerate(self.items):
            hide = bool(query.strip()) and not matches(it, query) and not matches(
                MemoryItem(self._kind_text(it.kind), 0, 0.0, ""), query)
            self.table.setRowHidden(row, hide)
            shown += not hide
        facts = sum(it.kind == "fact" for it in self.items)
        lines = sum(it.kind in ("user", "assistant") for it in self.items)
        text = tr("%1 facts, %2 lines of conversation").replace("%1", str(facts)).replace("%2", str(lines))
        if query.strip():
            text += " — " + tr("%1 shown").replace("%1", str(shown))
        self.status.setText(self._notice or (text if self.items else tr("Nothing is remembered.")))
        self._update_buttons()

    def visible_items(self) -> list[MemoryItem]:
        return [it for row, it in enumerate(self.items) if not self.table.isRowHidden(row)]

    def selected_items(self) -> list[MemoryItem]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.items[r] for r in rows if r < len(self.items) and not self.table.isRowHidden(r)]

    def _update_buttons(self) -> None:
        selected = self.selected_items() if not self.busy else []
        self.edit_button.setEnabled(len(selected) == 1 and selected[0].editable)
        self.delete_button.setEnabled(bool(selected))
        self.export_button.setEnabled(not self.busy and bool(self.items))
        self.forget_button.setEnabled(not self.busy and bool(self.items))

    # ---- editing ----------------------------------------------------------------------------------
    def _edit_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items) and self.items[row].editable:
            self.table.editItem(self.table.item(row, TEXT))

    def _item_edited(self, cell: QTableWidgetItem) -> None:
        if self._filling or cell.column() != TEXT or cell.row() >= len(self.items):
            return
        item = self.items[cell.row()]
        if item.editable and " ".join(cell.text().split()) != item.text:
            self.edit(item, cell.text())

    def edit(self, item: MemoryItem, text: str) -> None:
        """Store `text` as the new wording of a fact or the summary (empty deletes it)."""
        new = " ".join(text.split())

        def done(_):
            if item.kind == "fact":
                self.changed.emit(item.text, new)
            self.edited.emit()
            self.reload()
        self._run(self.store.edit, self.avatar, item, new, then=done)

    def delete_selected(self) -> None:
        self.delete(self.selected_items())

    def delete(self, items: list[MemoryItem]) -> None:
        if not items:
            return

        def done(_):
            for it in items:
                if it.kind == "fact":
                    self.changed.emit(it.text, "")
            self.edited.emit()
            self.reload()
        self._run(self.store.delete, self.avatar, list(items), then=done)

    # ---- export and forgetting --------------------------------------------------------------------
    def _choose_export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, tr("Export Memory"), "memory.json", tr("JSON (*.json);;CSV for spreadsheets (*.csv)"))
        if path:
            if "csv" in chosen.lower() and not path.lower().endswith(".csv"):
                path += ".csv"
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Write everything kept for this avatar to `path` (.csv: CSV, else JSON)."""
        def done(count):
            self.last_export = (path, count)
            self._notice = tr("Exported %1 items to ").replace("%1", str(count)) + path
            self.status.setText(self._notice)
        self._run(self.store.export_file, self.avatar, path, then=done, status=tr("Exporting…"))

    def _confirm_forget(self) -> None:
        answer = QMessageBox.question(
            self, tr("Forget Everything"),
            tr("Delete everything the avatar remembers about you, and the conversation history? "
               "This cannot be undone."))
        if answer == QMessageBox.StandardButton.Yes:
            self.forget_everything()

    def forget_everything(self) -> None:
        """Delete every row kept for this avatar and vacuum the file; says so only when no row
        is left."""
        def done(remaining):
            if remaining == 0:
                self.forgot.emit()
            self.reload()
            self._notice = (tr("Forgot everything the avatar remembered.") if remaining == 0 else
                            tr("%1 items could not be deleted.").replace("%1", str(remaining)))
        self._run(_forget_and_count, self.store, self.avatar, then=done, status=tr("Forgetting…"))
