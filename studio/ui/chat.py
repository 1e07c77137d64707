"""The chat panel: type a message, the avatar answers (engineer P's offline
`studio.persona.dialogue.Conversation`) in a transcript and says it aloud in the preview,
performed with the expression and emotion of the reply. "Greet" speaks the profile's greeting.

- `ChatPanel` is the view: transcript, message box, Send and Greet. It knows nothing of the
  conversation; `entries` holds what the transcript shows (speaker, text, note).
- `ChatController` owns the `Conversation`. Replies are composed on a worker thread, one at a
  time (a `Conversation` is not thread-safe); messages typed meanwhile wait their turn. The
  spoken reply goes through the preview session's Speak path (synthesis off the GUI thread).
  Memories the avatar learns are written into the document as one undoable edit each.
"""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLineEdit, QPushButton, QTextBrowser, QVBoxLayout,
                               QWidget)

from studio.ui.document import Document
from studio.ui.emoji_text import emoji_html     # emoji drawn, or as text faces, never as boxes
from studio.ui.i18n import tr
from studio.ui.workers import PreviewSession, Task

log = logging.getLogger("studio.ui")


@dataclass(frozen=True)
class ChatEntry:
    speaker: str          # "you" or "avatar"
    text: str
    note: str = ""        # e.g. what the avatar remembered


class ChatPanel(QWidget):
    """Transcript above, message line and buttons below."""
    send = Signal(str)
    greet = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("chat")
        self.entries: list[ChatEntry] = []
        self.avatar_name = ""
        self._thinking = False
        self.transcript = QTextBrowser(objectName="chat.transcript")
        self.transcript.setOpenLinks(False)
        self.input = QLineEdit(objectName="chat.input")
        self.input.returnPressed.connect(self._send)
        self.send_button = QPushButton(objectName="chat.send")
        self.send_button.clicked.connect(self._send)
        self.greet_button = QPushButton(objectName="chat.greet")
        self.greet_button.clicked.connect(self.greet.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.greet_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 8)
        lay.addWidget(self.transcript, 1)
        lay.addWidget(self.input)
        lay.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.input.setPlaceholderText(tr("Say something to your avatar…"))
        self.send_button.setText(tr("Send"))
        self.greet_button.setText(tr("Greet"))
        self.greet_button.setToolTip(tr("The avatar says its greeting"))
        self._render()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:      # theme switched: recolour the bubbles
            self._render()

    def _send(self) -> None:
        text = self.input.text().strip()
        if text:
            self.input.clear()
            self.send.emit(text)

    # ---- transcript ---------------------------------------------------------------------------
    def add(self, entry: ChatEntry) -> None:
        self.entries.append(entry)
        self._render()

    def clear(self) -> None:
        self.entries.clear()
        self._render()

    def set_thinking(self, thinking: bool) -> None:
        self._thinking = thinking
        self._render()

    def _render(self) -> None:
        pal = self.palette()
        dark = pal.base().color().lightness() < 128
        accent = pal.highlight().color()
        # your messages on the accent colour, the avatar's on a quiet grey (light or dark theme)
        mine_bg, mine_fg = (accent.darker(150), "#ffffff") if dark else (accent.lighter(175), "#111111")
        theirs_bg = pal.window().color().lighter(135) if dark else pal.alternateBase().color().darker(104)
        theirs_fg = pal.text().color().name()
        parts = []
        if not self.entries:
            parts.append(f"<p style='color:{pal.placeholderText().color().name()}'>"
                         + html.escape(tr("Chat with your avatar: it answers aloud, in its mood, "
                                          "and remembers what you tell it when Memory is on.")) + "</p>")
        for e in self.entries:
            you = e.speaker == "you"
            who = tr("You") if you else (self.avatar_name or tr("Avatar"))
            bg = (mine_bg if you else theirs_bg).name()
            fg = mine_fg if you else theirs_fg
            note = (f"<br><span style='font-size:small; color:gray'>{html.escape(e.note)}</span>"
                    if e.note else "")
            parts.append(
                f"<table width='100%' cellspacing='0' cellpadding='0' style='margin-bottom:6px'><tr>"
                f"<td align='{'right' if you else 'left'}'>"
                f"<table cellpadding='7' style='background-color:{bg}; color:{fg}'><tr><td>"
                f"<b>{html.escape(who)}</b><br>{emoji_html(e.text)}{note}</td></tr></table>"
                f"</td></tr></table>")
        if self._thinking:
            parts.append(f"<p style='color:gray'>{html.escape(tr('…'))}</p>")
        self.transcript.setHtml("".join(parts))
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())


def _answer(conversation, profile, text: str | None):
    """Worker thread: the conversation (made for `profile`, or following it when the document
    was edited since: memories, notes, the mood's baseline) answers `text`, or greets when
    `text` is None. Returns (conversation, turn, internal group at this turn's emotion)."""
    from studio.persona.dialogue import Conversation
    if conversation is None:
        conversation = Conversation(profile)
    elif conversation.profile is not profile:
        conversation.set_profile(profile)
    turn = conversation.greeting() if text is None else conversation.reply(text)
    return conversation, turn, conversation.internal_now()


class ChatController(QObject):
    """Connects the panel, the document and the preview session."""
    turn_done = Signal(object)            # the Turn, once it is in the transcript

    def __init__(self, doc: Document, session: PreviewSession, panel: ChatPanel,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.doc, self.session, self.panel = doc, session, panel
        self.conversation = None
        self.turns: list = []
        self._queue: list[str | None] = []
        self._task: Task | None = None
        panel.send.connect(self.send)
        panel.greet.connect(self.greet)
        doc.loaded.connect(self.reset)
        self.reset()

    def reset(self) -> None:
        """A new avatar: a new conversation and an empty transcript."""
        self.conversation, self._queue, self._task = None, [], None
        self.turns.clear()
        self.panel.avatar_name = self.doc.profile.internal.name.strip()
        self.panel.set_thinking(False)
        self.panel.clear()

    def send(self, text: str) -> None:
        if not text.strip():
            return
        self.panel.add(ChatEntry("you", text.strip()))
        self._queue.append(text.strip())
        self._next()

    def greet(self) -> None:
        self._queue.append(None)
        self._next()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _next(self) -> None:
        if self._task is not None or not self._queue:
            return
        text = self._queue.pop(0)
        self.panel.set_thinking(True)
        task = Task(_answer, self.conversation, self.doc.profile, text, name="chat-reply", parent=self)
        task.done.connect(lambda result, task=task: self._answered(result, task))
        task.failed.connect(lambda exc, task=task: self._failed(exc, task))
        self._task = task.start()

    def _answered(self, result, task) -> None:
        if task is not self._task:
            return                          # a reset (new avatar) came in between
        self._task = None
        self.conversation, turn, internal_now = result
        self.turns.append(turn)
        note = ""
        if turn.remembered and self.doc.profile.internal.memory_enabled:
            note = tr("Remembered: ") + "; ".join(turn.remembered)
            # one undoable edit; the next turn follows the document (undo makes it forget)
            self.doc.set_field("internal", "memories", tuple(self.conversation.memories),
                               text=tr("remember what was said"))
        self.panel.avatar_name = self.doc.profile.internal.name.strip()
        self.panel.set_thinking(False)
        self.panel.add(ChatEntry("avatar", turn.text, note))
        self.session.speak_turn(turn, internal_now)
        self.turn_done.emit(turn)
        self._next()

    def _failed(self, exc, task) -> None:
        if task is not self._task:
            return
        self._task = None
        self.panel.set_thinking(False)
        self.session.error.emit(exc)
        self._next()
