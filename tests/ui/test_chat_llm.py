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
    spoken = []
    real = session.speak_turn

    def speak_turn(turn, internal=None):
        spoken.append((turn.text, turn.expression, time.perf_counter()))
        return real(turn, internal)

    session.speak_turn = speak_turn
    yield controller, panel, session, spoken
    controller.stop()
    session.shutdown()
    panel.deleteLater()


def test_streamed_reply_is_shown_and_its_first_sentence_spoken_before_the_end(qapp, server, chat):
    controller, panel, session, spoken = chat
    server.script = ["[emotion=happy intensity=0.8]", "Hello there! ", "Quantum computers", " use qubits."]
    server.hold, server.hold_after = threading.Event(), 2
    t0 = time.perf_counter()
    panel.input.setText("Tell me about quantum computing")
    panel.input.returnPressed.emit()
    wait_until(qapp, lambda: spoken, 10, "the first sentence to be handed to speech")
    assert spoken[0][:2] == ("Hello there!", "happy") and not server.hold.is_set()   # stream still open
    assert panel.entries[-1].text == "Hello there!" and panel.stop_button.isVisibleTo(panel)
    first_ms = 1000 * (spoken[0][2] - t0)
    server.hold.set()
    wait_until(qapp, lambda: len(controller.turns) == 1, 10, "the reply")
    assert panel.entries[-1].text == "Hello there! Quantum computers use qubits."
    assert controller.replies[-1].source == "llm" and not panel.stop_button.isVisibleTo(panel)
    # the second sentence is said once the first is over
    wait_until(qapp, lambda: session.speaking, 30, "the first sentence to play")
    session.stop_speaking()
    wait_until(qapp, lambda: len(spoken) == 2, 10, "the second sentence")
    assert spoken[1][0] == "Quantum computers use qubits."
    print(f"\nGUI, loopback: message → first sentence handed to speech {first_ms:.1f} ms")


@pytest.mark.parametrize("how", ["stop", "escape", "new message"])
def test_stop_esc_or_a_new_message_cancel_the_reply(qapp, server, chat, how):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    controller, panel, session, spoken = chat
    server.script = ["[emotion=neutral]", "First part. ", "Never said."]
    server.hold, server.hold_after = threading.Event(), 2
    panel.input.setText("Tell me a long story")
    panel.input.returnPressed.emit()
    wait_until(qapp, lambda: spoken, 10, "the first sentence")
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
    assert all("Never said" not in text for text, _, _ in spoken)
    stopped = [e for e in panel.entries if "Stopped." in e.note]
    assert stopped and "Never said" not in stopped[0].text
    if how == "new message":
        wait_until(qapp, lambda: len(controller.turns) == 2, 10, "the answer to the new message")
        assert panel.entries[-1].text == "Okay!"


def test_a_dead_server_leaves_a_note_and_the_embedded_responder_answers(qapp, chat):
    controller, panel, session, spoken = chat
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
    assert entry.text and spoken and spoken[-1][0] == entry.text


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
