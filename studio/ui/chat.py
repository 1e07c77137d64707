"""The chat panel: type a message, the avatar answers in a transcript and says it aloud in
the preview, performed with the expression and emotion of the reply. "Greet" speaks the
profile's greeting. The answer comes from a language model when one is configured
(Preferences, or the project's model fields: `studio.persona.llm`), else from the embedded
rule-based `studio.persona.dialogue.Conversation`.

- `ChatPanel` is the view: transcript, message box, Send, Stop, Greet, Memory and Forget. It
  knows nothing of the conversation; `entries` holds what the transcript shows (speaker, text,
  note).
- `ChatController` owns the `studio.persona.session.ChatSession`. Replies are generated on a
  worker thread, one at a time; text arrives through queued signals (the worker never touches
  a widget) and is shown as it streams; each completed sentence is handed to the preview
  session's Speak path, so the avatar starts speaking the first sentence while the rest is
  still being generated. A new message, Esc or Stop cancels the reply (the connection to the
  model is closed) and the speech. A model that fails leaves a note in the transcript and the
  embedded responder answers. Memories the avatar learns are written into the document as one
  undoable edit each; with memory on, the history also lasts in `<data dir>/memory.sqlite3`,
  which the Memory dialog (`studio.ui.memory_dialog`) shows and edits.

Threads: the worker emits on a bridge object of its own reply (`_Job.bridge`), never on a Qt
child of the controller — deleting the panel and its controller while a reply streams would
otherwise delete the object the worker is emitting on. Forgetting runs in the same queue as
the replies, after the one being cancelled has ended, so a cancelled reply can never store its
lines after they were forgotten.
"""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass

import dataclasses
import threading
import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLineEdit, QMessageBox, QPushButton, QTextBrowser,
                               QVBoxLayout, QWidget)

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
    stop = Signal()                       # Stop button or Esc: cancel the reply and the speech
    forget = Signal()                     # Forget button (after the user confirmed)
    show_memory = Signal()                # Memory… button: see and edit what is remembered

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
        self.stop_button = QPushButton(objectName="chat.stop")
        self.stop_button.clicked.connect(self.stop.emit)
        self.stop_button.setVisible(False)
        self.forget_button = QPushButton(objectName="chat.forget")
        self.forget_button.clicked.connect(self._confirm_forget)
        self.memory_button = QPushButton(objectName="chat.memory")
        self.memory_button.clicked.connect(self.show_memory.emit)
        self.input.installEventFilter(self)          # Esc in the panel stops the reply
        self.transcript.installEventFilter(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.greet_button)
        buttons.addWidget(self.memory_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
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
        self.stop_button.setText(tr("Stop"))
        self.stop_button.setToolTip(tr("Stop the reply and the speech (Esc)"))
        self.memory_button.setText(tr("Memory…"))
        self.memory_button.setToolTip(tr("See, search, edit, export or delete what the avatar remembers"))
        self.forget_button.setText(tr("Forget"))
        self.forget_button.setToolTip(tr("Delete what the avatar remembers about you and your conversations"))
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

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.stop.emit()
            return True
        return super().eventFilter(obj, event)

    def _confirm_forget(self) -> None:
        answer = QMessageBox.question(
            self, tr("Forget"), tr("Delete everything the avatar remembers about you, and the "
                                   "conversation history? This cannot be undone."))
        if answer == QMessageBox.StandardButton.Yes:
            self.forget.emit()

    def set_generating(self, generating: bool) -> None:
        self.stop_button.setVisible(generating)

    # ---- transcript ---------------------------------------------------------------------------
    def add(self, entry: ChatEntry) -> None:
        self.entries.append(entry)
        self._render()

    def update_last(self, text: str | None = None, note: str | None = None) -> None:
        """Change the newest entry (a reply as it streams in, then its note)."""
        if not self.entries:
            return
        last = self.entries[-1]
        self.entries[-1] = dataclasses.replace(last, text=last.text if text is None else text,
                                               note=last.note if note is None else note)
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


class _Job:
    """One reply being generated: the worker fills in `session`; Stop sets `cancelled`.
    `bridge` is this reply's own signal source, with no Qt parent: the worker's reference
    keeps it alive for as long as it may emit, whatever happens to the controller."""

    def __init__(self, gen: int, bridge: "_Bridge"):
        self.gen = gen
        self.bridge = bridge
        self.session = None
        self.cancelled = threading.Event()

    def cancel(self) -> None:
        self.cancelled.set()
        session = self.session
        if session is not None:
            session.cancel()                  # thread-safe: closes the model's connection


class _Bridge(QObject):
    """Signals the worker emits; queued to the controller on the GUI thread. Qt disconnects
    them when the controller is destroyed, so a late emit reaches nobody instead of a freed
    object."""
    text = Signal(int, str)                   # generation, new text
    sentence = Signal(int, object)            # generation, studio.persona.session.Sentence


def _answer(chat, profile, text: str | None, avatar: str, job: _Job, reload: bool):
    """Worker thread: the chat session (made for `profile`, or following it when the document
    was edited since: memories, notes, the mood's baseline; the model settings as they are
    now) answers `text`, or greets when `text` is None. Text and sentences go out through
    `bridge` as they come. Returns (session, turn, internal group at this turn's emotion,
    Reply or None, a note about the model settings). `reload`: the stored memory was edited
    in the Memory dialog since the last turn."""
    from studio.errors import UserError
    from studio.persona.llm import resolve
    from studio.persona.memory_store import MemoryStore
    from studio.persona.session import ChatSession
    from studio.settings import load_settings
    note = ""
    try:
        config = resolve(internal=profile.internal, settings=load_settings())
    except UserError as exc:
        config, note = None, str(exc)
    if chat is None or chat.avatar != avatar:
        chat = ChatSession(profile, llm=config, store=MemoryStore(), avatar=avatar)
    else:
        chat.set_profile(profile)
        chat.llm = config
        if reload:
            chat.reload_memory()
    job.session = chat
    bridge = job.bridge
    if text is None:
        turn = chat.conversation.greeting()
        return chat, turn, chat.conversation.internal_now(), None, note
    reply = chat.reply(text, on_text=lambda delta: bridge.text.emit(job.gen, delta),
                       on_sentence=lambda sentence: bridge.sentence.emit(job.gen, sentence),
                       cancel=job.cancelled)
    return chat, reply.turn, reply.internal, reply, note


def _forget(chat, avatar: str) -> None:
    """Worker thread: delete the avatar's stored memory (after any reply has ended)."""
    from studio.persona.memory_store import MemoryStore
    if chat is not None and chat.avatar == avatar:
        chat.forget()
    else:
        MemoryStore().forget(avatar)


_FORGET = object()          # in the queue of messages: forget, once the reply before has ended


class ChatController(QObject):
    """Connects the panel, the document and the preview session."""
    turn_done = Signal(object)            # the Turn, once it is in the transcript

    def __init__(self, doc: Document, session: PreviewSession, panel: ChatPanel,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.doc, self.session, self.panel = doc, session, panel
        self.chat = None                  # studio.persona.session.ChatSession
        self.turns: list = []
        self.replies: list = []           # studio.persona.session.Reply of each answered message
        self._queue: list[str | None] = []
        self._task: Task | None = None
        self._job: _Job | None = None
        self._gen = 0
        self._shown = ""                  # the streaming reply's text so far
        self._streaming = False           # its entry is in the transcript
        self._sentences: list = []        # [Sentence, (speech, performance) once made, handed at]
        self.said: list = []              # (Sentence, handed over at, started playing at) — perf_counter
        self._speech_busy = False
        self._reload_memory = False       # the Memory dialog changed the store since the last turn
        self.memory_dialog = None         # studio.ui.memory_dialog.MemoryDialog while open
        panel.send.connect(self.send)
        panel.greet.connect(self.greet)
        panel.stop.connect(self.stop)
        panel.forget.connect(self.forget)
        panel.show_memory.connect(self.show_memory)
        session.speaking_changed.connect(self._speaking_changed)
        doc.loaded.connect(self.reset)
        self.reset()

    @property
    def conversation(self):
        """The rule-based conversation inside the chat session (None before the first turn)."""
        return self.chat.conversation if self.chat is not None else None

    def avatar_key(self) -> str:
        from studio.persona.memory_store import avatar_key
        return avatar_key(self.doc.path, self.doc.profile.internal.name)

    def reset(self) -> None:
        """A new avatar: a new conversation and an empty transcript."""
        if self._job is not None:
            self._job.cancel()
        self.chat, self._queue, self._task, self._job = None, [], None, None
        self._reload_memory = False
        if self.memory_dialog is not None:          # it showed the previous avatar's memory
            self.memory_dialog.close()
        self._gen += 1
        self._sentences.clear()
        self.turns.clear()
        self.replies.clear()
        self.panel.avatar_name = self.doc.profile.internal.name.strip()
        self.panel.set_thinking(False)
        self.panel.set_generating(False)
        self.panel.clear()

    def send(self, text: str) -> None:
        if not text.strip():
            return
        if self._task is not None or self._sentences or self._speech_busy:
            self.stop()                   # a new message interrupts the reply being given
        self.panel.add(ChatEntry("you", text.strip()))
        self._queue.append(text.strip())
        self._next()

    def greet(self) -> None:
        self._queue.append(None)
        self._next()

    def stop(self) -> None:
        """Cancel the reply being generated (its connection is closed) and the speech."""
        if self._job is not None:
            self._job.cancel()
        self._sentences.clear()
        if self._speech_busy or self.session.speaking:
            self._speech_busy = False
            self.session._speak_task = None   # a sentence still being synthesized is dropped
            self.session.stop_speaking()

    def forget(self) -> None:
        """Delete what the avatar remembers: the stored history and facts, and the project's
        memories (one undoable edit). The stored part is deleted once the reply being
        cancelled has ended (it would store its lines otherwise)."""
        self.stop()
        if self.doc.profile.internal.memories:
            self.doc.set_field("internal", "memories", (), text=tr("forget memories"))
        self._queue.append(_FORGET)
        self._next()
        self.panel.add(ChatEntry("avatar", "", tr("Forgot everything the avatar remembered.")))

    # ---- the Memory dialog ------------------------------------------------------------------------
    def show_memory(self) -> None:
        """Open the Memory dialog for this avatar (one at a time; it does not block the chat)."""
        from studio.persona.memory_store import MemoryStore
        from studio.ui.memory_dialog import MemoryDialog
        if self.memory_dialog is not None:
            self.memory_dialog.raise_()
            self.memory_dialog.activateWindow()
            return
        internal = self.doc.profile.internal
        dialog = MemoryDialog(MemoryStore(), self.avatar_key(), internal.name, internal.memory_enabled,
                              parent=self.panel.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._fact_changed)
        dialog.edited.connect(self._memory_edited)
        dialog.forgot.connect(self._memory_forgotten)
        dialog.finished.connect(self._memory_dialog_closed)
        self.memory_dialog = dialog
        dialog.show()

    def _memory_dialog_closed(self, *_) -> None:
        self.memory_dialog = None

    def _fact_changed(self, old: str, new: str) -> None:
        """A fact edited or deleted in the dialog: the project's memory list follows (one
        undoable edit), or the project would give the old fact back to the chat."""
        memories = self.doc.profile.internal.memories
        if old in memories:
            changed = tuple(new if m == old else m for m in memories if new or m != old)
            self.doc.set_field("internal", "memories", changed, text=tr("edit memories"))

    def _memory_edited(self) -> None:
        self._reload_memory = True

    def _memory_forgotten(self) -> None:
        """The dialog forgot everything: so does the chat (what it holds, the project's list,
        and any line a reply being cancelled might still store)."""
        self.forget()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _next(self) -> None:
        if self._task is not None or not self._queue:
            return
        text = self._queue.pop(0)
        if text is _FORGET:
            self._start_forget()
            return
        self._gen += 1
        bridge = _Bridge()
        bridge.text.connect(self._on_text)
        bridge.sentence.connect(self._on_sentence)
        self._job = job = _Job(self._gen, bridge)
        self._shown, self._streaming = "", False
        self.panel.set_thinking(True)
        self.panel.set_generating(text is not None)
        reload, self._reload_memory = self._reload_memory, False
        task = Task(_answer, self.chat, self.doc.profile, text, self.avatar_key(), job, reload,
                    name="chat-reply", parent=self)
        task.done.connect(lambda result, task=task: task.deliver(lambda r: self._answered(r, task), result))
        task.failed.connect(lambda exc, task=task: task.deliver(lambda e: self._failed(e, task), exc))
        self._task = task.start()

    def _start_forget(self) -> None:
        task = Task(_forget, self.chat, self.avatar_key(), name="chat-forget", parent=self)
        task.done.connect(lambda _, task=task: task.deliver(lambda _: self._forgotten(task), None))
        task.failed.connect(lambda exc, task=task: task.deliver(lambda e: self._failed(e, task), exc))
        self._task = task.start()

    def _forgotten(self, task) -> None:
        if task is not self._task:
            return
        self._task = None
        self._refresh_memory_dialog()
        self._next()

    def _refresh_memory_dialog(self) -> None:
        """The Memory dialog, when open, shows what the last turn stored or the forgetting
        deleted (unless it is busy with an edit of its own, which reloads it anyway)."""
        if self.memory_dialog is not None and not self.memory_dialog.busy:
            self.memory_dialog.reload()

    # ---- streaming: text and sentences come in as queued signals from the worker ---------------------
    def _on_text(self, gen: int, delta: str) -> None:
        if gen != self._gen or (self._job is not None and self._job.cancelled.is_set()):
            return
        self._shown += delta
        if not self._streaming:
            self._streaming = True
            self.panel.avatar_name = self.doc.profile.internal.name.strip()
            self.panel.set_thinking(False)
            self.panel.add(ChatEntry("avatar", self._shown.strip()))
        else:
            self.panel.update_last(self._shown.strip())

    def _on_sentence(self, gen: int, sentence) -> None:
        """A completed sentence: synthesize it now (a worker thread), while the sentence
        before it is still playing; it plays as soon as that one is over."""
        if gen != self._gen or (self._job is not None and self._job.cancelled.is_set()):
            return
        from studio.motion.perform import from_text
        entry = [sentence, None, time.perf_counter()]     # sentence, (speech, performance), handed at
        profile = dataclasses.replace(self.doc.profile, internal=sentence.internal)
        task = Task(from_text, profile, sentence.text, sentence.language, sentence.expression,
                    sentence.intensity, name="chat-speak", parent=self)
        task.done.connect(lambda result, entry=entry: self._synthesized(entry, result))
        task.failed.connect(lambda exc, entry=entry: self._synthesis_failed(entry, exc))
        self._sentences.append(entry)
        task.start()

    def _synthesized(self, entry, result) -> None:
        if entry in self._sentences:                      # not stopped meanwhile
            entry[1] = result
            self._speak_next()

    def _synthesis_failed(self, entry, exc) -> None:
        if entry in self._sentences:
            self._sentences.remove(entry)
            self.session.error.emit(exc)
            self._speak_next()

    def _speak_next(self) -> None:
        """Play the next sentence once the one before has been said and it is synthesized."""
        if self._speech_busy or not self._sentences or self._sentences[0][1] is None:
            return
        sentence, performed, handed = self._sentences.pop(0)
        self._speech_busy = True
        self.session.play_speech(performed.speech, performed.performance)
        self.said.append((sentence, handed, time.perf_counter()))

    def _speaking_changed(self, speaking: bool) -> None:
        if not speaking and self._speech_busy:
            self._speech_busy = False
            self._speak_next()

    def _answered(self, result, task) -> None:
        if task is not self._task:
            return                          # a reset (new avatar) came in between
        self._task = None
        job, self._job = self._job, None
        self.chat, turn, internal_now, reply, settings_note = result
        cancelled = job is not None and job.cancelled.is_set()
        self.turns.append(turn)
        if reply is not None:
            self.replies.append(reply)
        notes = []
        if turn.remembered and self.doc.profile.internal.memory_enabled:
            notes.append(tr("Remembered: ") + "; ".join(turn.remembered))
            # one undoable edit; the next turn follows the document (undo makes it forget)
            self.doc.set_field("internal", "memories", tuple(self.chat.conversation.memories),
                               text=tr("remember what was said"))
        if reply is not None and reply.source == "memory" and self.doc.profile.internal.memories:
            self.doc.set_field("internal", "memories", (), text=tr("forget memories"))
        if settings_note:
            notes.append(tr("Language model settings: ") + settings_note)
        if reply is not None and reply.notice:
            notes.append(tr("Language model: ") + reply.notice
                         + (tr(" — the built-in responder answered.") if reply.source == "rules" else ""))
        if cancelled:
            notes.append(tr("Stopped."))
        self.panel.avatar_name = self.doc.profile.internal.name.strip()
        self.panel.set_thinking(False)
        self.panel.set_generating(False)
        note = " ".join(notes)
        if self._streaming:
            self.panel.update_last(turn.text if not cancelled else None, note)
        elif turn.text or note:
            self.panel.add(ChatEntry("avatar", turn.text, note))
        if reply is None and not cancelled:             # the greeting: said as one piece
            self.session.speak_turn(turn, internal_now)
        if reply is not None:
            self._refresh_memory_dialog()
        self.turn_done.emit(turn)
        self._next()

    def _failed(self, exc, task) -> None:
        if task is not self._task:
            return
        self._task = None
        self._job = None
        self.panel.set_thinking(False)
        self.panel.set_generating(False)
        self.session.error.emit(exc)
        self._next()
