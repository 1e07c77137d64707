"""Personality tab (internal): identity, Big Five, emotional baseline, knowledge, conversation
style, memory (on/off plus an editable list of memories), the chat's language model and the
faces it shows."""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QInputDialog,
                               QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from studio.persona.emotion_state import CHAT_FACES
from studio.ui.document import Document
from studio.ui.editors.fields import LanguageField
from studio.ui.editors.form import FieldForm, scroll_page
from studio.ui.i18n import tr


class MemoryList(QGroupBox):
    """Memories the avatar keeps (a tuple of strings in `internal.memories`); edit in place."""

    def __init__(self, doc: Document):
        super().__init__(tr("Memory"))
        self.doc = doc
        lay = QVBoxLayout(self)
        flag = FieldForm(doc, "internal", "", ["memory_enabled"])
        flag.setFlat(True)
        lay.addWidget(flag)
        self.list = QListWidget(objectName="internal.memories")
        self.list.setMaximumHeight(130)
        self.list.itemChanged.connect(self._edited)
        lay.addWidget(self.list)
        row = QHBoxLayout()
        add = QPushButton(tr("Add memory…"))
        add.clicked.connect(self._add)
        remove = QPushButton(tr("Remove"))
        remove.clicked.connect(self._remove)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay.addLayout(row)
        doc.changed.connect(self._model_changed)   # bound: disconnects when deleted
        self.refresh()

    def add_memory(self, text: str) -> None:
        if text.strip():
            self.doc.set_field("internal", "memories", self.doc.profile.internal.memories + (text.strip(),))

    def _add(self) -> None:
        text, ok = QInputDialog.getText(self, tr("Add memory"), tr("Something the avatar remembers:"))
        if ok:
            self.add_memory(text)

    def _remove(self) -> None:
        row = self.list.currentRow()
        memories = list(self.doc.profile.internal.memories)
        if 0 <= row < len(memories):
            del memories[row]
            self.doc.set_field("internal", "memories", tuple(memories))

    def _edited(self, _item) -> None:
        texts = tuple(self.list.item(i).text() for i in range(self.list.count()))
        self.doc.set_field("internal", "memories", tuple(t for t in texts if t.strip()))

    def _model_changed(self, group: str, field: str) -> None:
        if not field or field == "memories":
            self.refresh()

    def refresh(self) -> None:
        with QSignalBlocker(self.list):
            self.list.clear()
            for text in self.doc.profile.internal.memories:
                item = QListWidgetItem(text)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.addItem(item)


class ChatFaces(QGroupBox):
    """The face the chat shows for each face it picks: as it is, another built-in preset or
    one of the user's own (`dynamic.chat_faces`)."""

    def __init__(self, doc: Document):
        super().__init__(tr("Chat faces"))
        self.doc = doc
        self.setToolTip(tr("When the chat shows one of these faces, show the one you choose instead"))
        self.form = QFormLayout(self)
        self.combos: dict[str, QComboBox] = {}
        self._own: tuple = ()
        for face in CHAT_FACES:
            combo = QComboBox(objectName=f"chat_faces.{face}")
            combo.activated.connect(lambda _=0, f=face: self._chosen(f))
            self.form.addRow(tr(face), combo)
            self.combos[face] = combo
        doc.changed.connect(self._model_changed)   # bound: disconnects when deleted
        self.refresh(force=True)

    def _model_changed(self, group: str, field: str) -> None:
        if not field or field in ("chat_faces", "user_presets"):
            self.refresh()

    def _chosen(self, face: str) -> None:
        faces = dict(self.doc.profile.dynamic.chat_faces)
        name = self.combos[face].currentData()
        if name:
            faces[face] = name
        else:
            faces.pop(face, None)
        self.doc.set_field("dynamic", "chat_faces", faces, text="change chat faces")

    def refresh(self, force: bool = False) -> None:
        from studio.rig.presets import preset_names
        d = self.doc.profile.dynamic
        own = tuple(d.user_presets)
        for face, combo in self.combos.items():
            with QSignalBlocker(combo):
                if force or own != self._own:
                    combo.clear()
                    combo.addItem(tr("as it is"), "")
                    for name in preset_names():
                        if name not in ("neutral", face):
                            combo.addItem(tr(name), name)
                    for name in own:
                        combo.addItem(name, name)
                combo.setCurrentIndex(max(0, combo.findData(d.chat_faces.get(face, ""))))
        self._own = own


def personality_page(doc: Document) -> QWidget:
    g = "internal"
    return scroll_page(
        FieldForm(doc, g, "Identity", ["name", "role", "language", "greeting"],
                  widgets={"language": LanguageField}),
        FieldForm(doc, "internal.personality", "Personality (Big Five)"),
        FieldForm(doc, g, "Emotional baseline", ["valence", "arousal", "expressiveness"]),
        FieldForm(doc, g, "Conversation style", ["formality", "emoji_use", "verbosity"]),
        FieldForm(doc, g, "Knowledge", ["knowledge_notes"]),
        MemoryList(doc),
        # an OpenAI-compatible server for this avatar's chat (empty: the Preferences' choice)
        FieldForm(doc, g, "Language model", ["llm_url", "llm_model"]),
        ChatFaces(doc),
    )
