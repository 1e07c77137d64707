"""The Memory dialog (offscreen): it lists what an avatar remembers, searches it, edits a fact
so that the edit is there after a reopen, deletes the selected rows, exports JSON and CSV that
decode back, and "Forget Everything" — after a Yes — leaves no row in the SQLite file. Opened
from the chat panel, its edits reach the project's memory list."""
from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from .conftest import wait_until

pytest.importorskip("pytestqt")

AVATAR = "k"


def _seed(store, avatar=AVATAR, weather="rain"):
    store.set_facts(avatar, ["name: Minji", "likes: hiking"])
    for role, text in (("user", f"I love hiking in the {weather}."), ("assistant", "That sounds lovely!"),
                       ("user", "저는 등산을 좋아해요."), ("assistant", "멋져요!")):
        store.add_turn(avatar, role, text)
    store.set_summary(avatar, "The user likes hiking.", 0)


@pytest.fixture
def store(tmp_path):
    from studio.persona.memory_store import MemoryStore
    s = MemoryStore(tmp_path / "memory.sqlite3")
    _seed(s)
    _seed(s, "other", "snow")
    return s


def _open(qapp, store, avatar=AVATAR):
    from studio.ui.memory_dialog import MemoryDialog
    dialog = MemoryDialog(store, avatar, "Sora")
    dialog.show()
    _settle(qapp, dialog)
    return dialog


def _settle(qapp, dialog):
    wait_until(qapp, lambda: not dialog.busy, 20, "the memory dialog's work")


def _close(qapp, dialog):
    dialog.close()
    dialog.deleteLater()
    qapp.processEvents()


def _texts(dialog, col=2):
    return [dialog.table.item(r, col).text() for r in range(dialog.table.rowCount())
            if not dialog.table.isRowHidden(r)]


def test_it_lists_and_searches_what_is_remembered(qapp, store):
    dialog = _open(qapp, store)
    assert _texts(dialog)[:3] == ["name: Minji", "likes: hiking", "The user likes hiking."]
    assert _texts(dialog, 0)[:4] == ["About you", "About you", "Summary", "You"] and "Sora" in _texts(dialog, 0)
    assert len(_texts(dialog)) == 7 and "2 facts, 4 lines of conversation" in dialog.status.text()
    dialog.search.setText("HIKING rain")
    assert _texts(dialog) == ["I love hiking in the rain."] and "1 shown" in dialog.status.text()
    dialog.search.setText("등산")
    assert _texts(dialog) == ["저는 등산을 좋아해요."]
    dialog.search.setText("about you")               # the kind column's words match too
    assert _texts(dialog) == ["name: Minji", "likes: hiking"]
    _close(qapp, dialog)


def test_an_edited_fact_is_there_after_a_reopen(qapp, store):
    from studio.persona.memory_store import MemoryStore
    dialog = _open(qapp, store)
    changes = []
    dialog.changed.connect(lambda old, new: changes.append((old, new)))
    assert not dialog.table.item(3, 2).flags() & dialog.table.item(3, 2).flags().ItemIsEditable
    dialog.table.item(1, 2).setText("likes: climbing")          # what the cell editor commits
    _settle(qapp, dialog)
    assert changes == [("likes: hiking", "likes: climbing")] and _texts(dialog)[1] == "likes: climbing"
    _close(qapp, dialog)
    again = _open(qapp, MemoryStore(store.path))
    assert _texts(again)[:2] == ["name: Minji", "likes: climbing"]
    _close(qapp, again)


def test_deleting_the_selected_rows_removes_them_from_the_file(qapp, store):
    dialog = _open(qapp, store)
    dialog.search.setText("hiking")
    dialog.table.selectAll()                        # only the rows the search shows
    assert not dialog.edit_button.isEnabled() and dialog.delete_button.isEnabled()
    dialog.delete_button.click()
    _settle(qapp, dialog)
    dialog.search.clear()
    assert _texts(dialog) == ["name: Minji", "That sounds lovely!", "저는 등산을 좋아해요.", "멋져요!"]
    with sqlite3.connect(str(store.path)) as db:
        left = db.execute("SELECT COUNT(*) FROM turns WHERE avatar = ? AND text LIKE '%hiking%'", (AVATAR,))
        assert left.fetchone() == (0,)
    assert "likes: hiking" in store.facts("other")
    _close(qapp, dialog)


@pytest.mark.parametrize("name", ["memory.json", "memory.csv"])
def test_export_decodes_back(qapp, store, tmp_path, name):
    dialog = _open(qapp, store)
    out = tmp_path / name
    dialog.export_to(str(out))
    _settle(qapp, dialog)
    assert dialog.last_export == (str(out), 7) and str(out) in dialog.status.text()
    if name.endswith(".json"):
        doc = json.loads(out.read_text("utf-8"))
        assert doc["facts"] == ["name: Minji", "likes: hiking"] and doc["summary"] == "The user likes hiking."
        assert [h["text"] for h in doc["history"]][2] == "저는 등산을 좋아해요."
    else:
        with open(out, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [r["text"] for r in rows] == _texts(dialog) and rows[0]["kind"] == "fact"
    _close(qapp, dialog)


@pytest.mark.parametrize("answer", ["Yes", "No"])
def test_forget_everything_asks_first_and_leaves_no_row(qapp, store, monkeypatch, answer):
    from PySide6.QtWidgets import QMessageBox
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or getattr(QMessageBox.StandardButton, answer))
    dialog = _open(qapp, store)
    forgot = []
    dialog.forgot.connect(lambda: forgot.append(True))
    dialog.forget_button.click()
    _settle(qapp, dialog)
    assert len(asked) == 1
    with sqlite3.connect(str(store.path)) as db:
        rows = sum(db.execute(f"SELECT COUNT(*) FROM {t} WHERE avatar = ?", (AVATAR,)).fetchone()[0]
                   for t in ("turns", "facts", "summaries"))
    if answer == "No":
        assert rows == 7 and not forgot and len(_texts(dialog)) == 7
    else:
        assert rows == 0 and forgot and _texts(dialog) == []
        assert "Forgot everything" in dialog.status.text() and not dialog.forget_button.isEnabled()
        assert b"Minji" in store.path.read_bytes()                  # the other avatar's
        assert b"rain" not in store.path.read_bytes()
        assert store.facts("other") == ["name: Minji", "likes: hiking"]
    _close(qapp, dialog)


@pytest.fixture
def chat(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("AVATAR_STUDIO_DATA_DIR", str(tmp_path / "data"))
    from studio.profile.model import replace_in
    from studio.ui.chat import ChatController, ChatPanel
    from studio.ui.document import Document
    from studio.ui.workers import PreviewSession
    doc = Document()
    doc.load(replace_in(doc.profile, "internal", name="Sora", memory_enabled=True,
                        memories=("name: Minji", "likes: hiking")), {}, None)
    session = PreviewSession(size=64)
    session.set_profile(doc.profile)
    panel = ChatPanel()
    controller = ChatController(doc, session, panel)
    yield controller, panel, doc
    wait_until(qapp, lambda: controller._task is None, 20, "the chat's work")
    session.shutdown()
    panel.deleteLater()
    qapp.processEvents()


def test_the_chat_panel_opens_it_and_its_edits_reach_the_project(qapp, chat):
    from studio.persona.memory_store import MemoryStore
    controller, panel, doc = chat
    store = MemoryStore()
    _seed(store, controller.avatar_key())
    panel.memory_button.click()
    dialog = controller.memory_dialog
    assert dialog is not None and dialog.isVisible() and dialog.avatar == controller.avatar_key()
    _settle(qapp, dialog)
    dialog.delete([it for it in dialog.items if it.text == "likes: hiking"])
    _settle(qapp, dialog)
    assert doc.profile.internal.memories == ("name: Minji",) and controller._reload_memory
    doc.undo_stack.undo()                          # the project's part is one undoable edit
    assert doc.profile.internal.memories == ("name: Minji", "likes: hiking")
    doc.undo_stack.redo()
    dialog.forget_everything()
    _settle(qapp, dialog)
    wait_until(qapp, lambda: controller._task is None, 20, "the chat to forget too")
    assert doc.profile.internal.memories == () and store.remaining(controller.avatar_key()) == 0
    assert panel.entries[-1].note == "Forgot everything the avatar remembered."
    dialog.close()
    qapp.processEvents()
    assert controller.memory_dialog is None


def test_an_open_dialog_shows_what_the_next_turn_stored(qapp, chat):
    controller, panel, doc = chat
    panel.memory_button.click()
    dialog = controller.memory_dialog
    _settle(qapp, dialog)
    assert _texts(dialog) == []
    panel.input.setText("I love green tea.")
    panel.input.returnPressed.emit()                 # the embedded responder answers
    wait_until(qapp, lambda: "I love green tea." in _texts(dialog), 30, "the new line in the dialog")
    assert _texts(dialog, 0)[-2:] == ["You", "Sora"]
    dialog.close()
    qapp.processEvents()

def test_it_speaks_korean(qapp, store):
    from studio.ui import i18n
    assert i18n.install(qapp, "ko")
    try:
        dialog = _open(qapp, store)
        assert dialog.windowTitle() == "기억 — Sora" and dialog.forget_button.text() == "모두 잊기…"
        assert _texts(dialog, 0)[:3] == ["나에 대해", "나에 대해", "요약"]
        assert dialog.status.text() == "사실 2개, 대화 4줄"
        _close(qapp, dialog)
    finally:
        i18n.install(qapp, "en")
