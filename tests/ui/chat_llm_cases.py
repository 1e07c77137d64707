"""The chat panel with a language model (issue 13), against the scripted OpenAI-compatible
server on 127.0.0.1 (tests/persona/llm_server.py): text shows as it streams, the first
sentence goes to the Speak path while the rest is still being generated, Stop/Esc/a new
message cancel generation (the server sees the connection close) and speech, and a dead
server leaves a note while the embedded responder answers. No face engine: a bare
PreviewSession stands in for the preview (speech is synthesized, nothing is rendered)."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from ..persona.llm_server import ScriptedServer
from .conftest import wait_until

pytest.importorskip("pytestqt")


@pytest.fixture
def server():
    srv = ScriptedServer()
    yield srv
    srv.stop()


@pytest.fixture
def chat(qapp, server):
    from studio.profile.model import replace_in
    from studio.ui.chat import ChatController, ChatPanel
    from studio.ui.document import Document
    from studio.ui.workers import PreviewSession
    doc = Document()
    doc.load(replace_in(doc.profile, "internal", name="Sora", emoji_use=0.0, llm_url=server.url,
                        llm_model="tiny"), {}, None)
    session = PreviewSession(size=64)
    session.set_profile(doc.profile)
    panel = ChatPanel()
    controller = ChatController(doc, session, panel)
    yield controller, panel, session, controller.said
    controller.stop()
    # the reply's worker thread may still be reading the cancelled stream: it must be done
    # before the objects it emits on can go (as in the studio, where they live until exit)
    task = controller._task
    wait_until(qapp, lambda: task is None or not task.running, 20, "the reply's worker to end")
    session.shutdown()
    panel.hide()
    _KEPT.append((controller, panel, session, doc))


_KEPT: list = []        # chat objects of finished tests, never deleted under a worker thread


def test_streamed_reply_is_shown_and_its_first_sentence_spoken_before_the_end(qapp, server, chat):
    controller, panel, session, said = chat
    server.script = ["[emotion=happy intensity=0.8]", "Hello there! ", "Quantum computers", " use qubits."]
    server.hold, server.hold_after = threading.Event(), 2
    t0 = time.perf_counter()
    panel.input.setText("Tell me about quantum computing")
    panel.input.returnPressed.emit()
    wait_until(qapp, lambda: said and session.speaking, 20, "the first sentence to be spoken")
    first, handed, playing = said[0]
    assert (first.text, first.expression) == ("Hello there!", "happy")
    assert not server.hold.is_set(), "the first sentence waited for the end of the stream"
    assert panel.entries[-1].text == "Hello there!" and panel.stop_button.isVisibleTo(panel)
    assert session.performance.duration > 0.3 and session.speech is not None
    server.hold.set()
    wait_until(qapp, lambda: len(controller.turns) == 1, 10, "the reply")
    assert panel.entries[-1].text == "Hello there! Quantum computers use qubits."
    assert controller.replies[-1].source == "llm" and not panel.stop_button.isVisibleTo(panel)
    # the second sentence (synthesized meanwhile) plays once the first is over
    wait_until(qapp, lambda: len(controller._sentences) == 1 and controller._sentences[0][1] is not None, 20,
               "the second sentence to be synthesized while the first plays")
    session.stop_speaking()                        # the first sentence ends
    assert len(said) == 2 and said[1][0].text == "Quantum computers use qubits." and session.speaking
    print(f"\nGUI, loopback: message → first sentence complete {1000 * (handed - t0):.1f} ms; "
          f"→ its speech playing {1000 * (playing - handed):.1f} ms later (embedded voice)")
    session.stop_speaking()


@pytest.mark.parametrize("how", ["stop", "escape", "new message"])
def test_stop_esc_or_a_new_message_cancel_the_reply(qapp, server, chat, how):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    controller, panel, session, said = chat
    server.script = ["[emotion=neutral]", "First part. ", "Never said."]
    server.hold, server.hold_after = threading.Event(), 2
    panel.input.setText("Tell me a long story")
    panel.input.returnPressed.emit()
    wait_until(qapp, lambda: controller._sentences or said, 10, "the first sentence")
    if how == "stop":
        panel.stop_button.click()
    elif how == "escape":
        panel.show()
        panel.input.setFocus()
        QTest.keyClick(panel.input, Qt.Key.Key_Escape)
    else:
        server.script = ["[emotion=happy] Okay!"]
        panel.input.setText("Never mind")
        panel.input.returnPressed.emit()
    assert server.closed.wait(3), "the connection to the model stayed open"
    wait_until(qapp, lambda: controller.turns and not controller.busy and not controller._queue, 10, "the end")
    assert all("Never said" not in s.text for s, _, _ in said)
    stopped = [e for e in panel.entries if "Stopped." in e.note]
    assert stopped and "Never said" not in stopped[0].text
    if how == "new message":
        wait_until(qapp, lambda: len(controller.turns) == 2, 10, "the answer to the new message")
        assert panel.entries[-1].text == "Okay!"


def test_a_dead_server_leaves_a_note_and_the_embedded_responder_answers(qapp, chat):
    controller, panel, session, said = chat
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    controller.doc.set_field("internal", "llm_url", f"http://127.0.0.1:{port}")
    panel.input.setText("Hello!")
    panel.input.returnPressed.emit()
    wait_until(qapp, lambda: controller.turns, 10, "the reply")
    entry = panel.entries[-1]
    assert "no language-model server answers" in entry.note and "built-in responder" in entry.note
    wait_until(qapp, lambda: said, 20, "the answer to be spoken")
    assert entry.text and said[-1][0].text == entry.text


def test_preferences_keep_the_chat_model_settings(qapp):
    from studio.persona.llm import resolve
    from studio.settings import Settings
    from studio.ui.preferences import PreferencesDialog
    dialog = PreferencesDialog(Settings())
    assert dialog.llm_url.text() == "" and resolve(settings=dialog.result_settings(), env={}) is None
    dialog.llm_url.setText(" http://127.0.0.1:11434 ")
    dialog.llm_model.setText("llama3.2")
    dialog.llm_key.setText("k")
    new = dialog.result_settings()
    assert (new.llm_url, new.llm_model, new.llm_key) == ("http://127.0.0.1:11434", "llama3.2", "k")
    config = resolve(settings=new, env={})
    assert config.endpoint[3] == "/v1/chat/completions" and config.key == "k"
    dialog.reject()


def test_a_reply_outlives_its_controller_without_emitting_on_a_deleted_object(qapp, server, tmp_path,
                                                                               monkeypatch):
    """A window closed while the model streams deletes the controller; the worker's reply goes
    on emitting its text. It emits on its own bridge (alive as long as the worker holds it),
    not on a Qt child of the deleted controller, so the reply ends normally and is stored."""
    import shiboken6
    from studio.persona.memory_store import MemoryStore
    from studio.profile.model import replace_in
    from studio.ui.chat import ChatController, ChatPanel
    from studio.ui.document import Document
    from studio.ui.workers import PreviewSession
    monkeypatch.setenv("AVATAR_STUDIO_DATA_DIR", str(tmp_path))
    doc = Document()
    doc.load(replace_in(doc.profile, "internal", name="Sora", emoji_use=0.0, memory_enabled=True,
                        llm_url=server.url, llm_model="tiny"), {}, None)
    session = PreviewSession(size=64)
    panel = ChatPanel()
    controller = ChatController(doc, session, panel)
    avatar = controller.avatar_key()
    server.script = ["[emotion=happy] One. ", "Two. ", "Three."]
    server.hold, server.hold_after = threading.Event(), 1
    panel.input.setText("Count to three")
    panel.input.returnPressed.emit()
    assert server.holding.wait(10), "the stream did not start"
    task = controller._task
    shiboken6.delete(controller)                 # what closing the window does to it
    server.hold.set()                            # the worker now emits the rest
    wait_until(qapp, lambda: not task.running, 20, "the reply's worker to end")
    assert MemoryStore().history(avatar)[-1] == ("assistant", "One. Two. Three.")
    session.shutdown()
    _KEPT.append((panel, session, doc, task))
