"""The chat against a real OpenAI-compatible server process: llama.cpp's own HTTP server (from
the `xllamacpp` wheel, `llamacpp_server.py`) on 127.0.0.1, loading a tiny Llama model that the
test writes with the `gguf` package (`tiny_gguf.py`; its fixed weights stream several
sentences of word salad). Nothing but loopback is contacted and nothing is downloaded.

Checked from the server's side: the prompt it rendered from the request (its prompt log) is
the persona system prompt with this turn's notes and the remembered facts, then the history,
then the message; a cancel stops its generation (its token counter). From the client's side:
the reply arrives in several chunks, is cut into sentences as it streams, and a time-out (the
server process frozen), a refused key, a dead port each end in one line and the embedded
responder's answer. The model's words are random: only structure is asserted.
"""
from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

if importlib.util.find_spec("xllamacpp") is None:       # not imported here: the server process loads it
    pytest.skip("xllamacpp (llama.cpp's server, a prebuilt wheel for Linux x86-64) is not installed: "
                "pip install -e '.[dev]'", allow_module_level=True)
pytest.importorskip("gguf", reason="the gguf package (writes the test's model) is not installed: pip install -e '.[dev]'")

from studio.persona.llm import LLMConfig                                   # noqa: E402
from studio.persona.memory_store import MemoryStore                        # noqa: E402
from studio.persona.session import ChatSession                             # noqa: E402
from studio.profile.model import DigitalHuman, replace_in                  # noqa: E402

from .test_memory_knowledge import NOTES                                   # noqa: E402
from .tiny_gguf import write_tiny_chat_model                               # noqa: E402

KEY = "test-key"
START_S = 60                      # a loaded machine may take a while to start the process


class RealServer:
    def __init__(self, folder: Path):
        self.prompts = folder / "prompts"
        self.prompts.mkdir()
        model = write_tiny_chat_model(folder / "tiny.gguf")
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("llamacpp_server.py")), str(model), str(self.prompts), KEY],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self._listening()

    def _listening(self) -> str:
        """The server's address, from its `LISTEN URL` line (other output is skipped)."""
        import selectors
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        end, seen = time.monotonic() + START_S, []
        while time.monotonic() < end and sel.select(end - time.monotonic()):
            line = self.proc.stdout.readline()
            if not line:
                break                                       # the process ended
            if line.startswith("LISTEN "):
                # keep reading what it prints: a full pipe would stop the server mid-test
                threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                return line.split()[1]
            seen.append(line.strip())
        self.stop()
        pytest.fail(f"the llama.cpp server did not start within {START_S} s: {seen[-3:]}")

    def get(self, path: str) -> str:
        req = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {KEY}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.read().decode("utf-8")

    def predicted_tokens(self) -> int:
        m = re.search(r"^llamacpp:tokens_predicted_total (\d+)", self.get("/metrics"), re.M)
        return int(m.group(1))

    def wait_idle(self, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while '"is_processing":true' in self.get("/slots").replace(" ", ""):
            assert time.monotonic() < end, "the server kept generating"
            time.sleep(0.05)

    def logged_prompts(self) -> list[str]:
        return [p.read_text("utf-8") for p in sorted(self.prompts.iterdir(), key=lambda p: p.name)]

    def stop(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = RealServer(tmp_path_factory.mktemp("llamacpp"))
    yield srv
    srv.stop()


def _profile(**kw):
    base = dict(name="Sora", memory_enabled=True, knowledge_notes=NOTES, emoji_use=0.0)
    base.update(kw)
    return replace_in(DigitalHuman(), "internal", **base)


def _config(server, **kw):
    return LLMConfig(server.url, "tiny", **{"key": KEY, "max_tokens": 80, **kw})


def _rendered(messages) -> str:
    """The prompt the model's chat template makes of `messages` (tiny_gguf.CHAT_TEMPLATE)."""
    return "".join(f"<|{m['role']}|>\n{m['content']}\n" for m in messages) + "<|assistant|>\n"


def test_the_server_gets_the_persona_notes_facts_and_history_and_streams_sentences(server, tmp_path):
    store = MemoryStore(tmp_path / "memory.sqlite3")
    store.set_facts("k", ["name: Minji", "likes: hiking"])
    for role, text in (("user", "I walked up the hill today."), ("assistant", "That sounds lovely!")):
        store.add_turn("k", role, text)
    session = ChatSession(_profile(), llm=_config(server), store=store, avatar="k")
    events = []
    reply = session.reply("When does the museum open?",
                          on_text=lambda d: events.append(("text", d)), on_sentence=lambda s: events.append(("sentence", s)))
    assert reply.source == "llm" and not reply.notice and not reply.cancelled
    # what the server rendered is exactly what the session built, and that is the persona…
    messages = reply.request["messages"]
    assert server.logged_prompts()[-1] == _rendered(messages)
    system = messages[0]["content"]
    assert "Sora" in system and "The user's name is Minji." in system and "likes: hiking" in system
    assert "The museum opens at 9 am" in system                          # the note retrieved for this turn
    assert messages[1:] == [{"role": "user", "content": "I walked up the hill today."},
                            {"role": "assistant", "content": "That sounds lovely!"},
                            {"role": "user", "content": "When does the museum open?"}]
    # …and the reply streamed in several pieces, cut into sentences while it streamed
    texts = [i for i, (kind, _) in enumerate(events) if kind == "text"]
    sentences = [e for kind, e in events if kind == "sentence"]
    assert len(texts) >= 3 and len(sentences) >= 2
    assert events.index(("sentence", sentences[0])) < texts[-1], "the first sentence waited for the end"
    assert [s.text for s in sentences] == list(reply.sentences) and reply.turn.text == " ".join(reply.sentences)
    assert all(re.search(r"[.!?]$", s.text) for s in sentences[:-1])
    assert store.history("k")[-1] == ("assistant", reply.turn.text)


def test_cancelling_mid_stream_stops_the_servers_generation(server):
    long = 12000                              # uncancelled, the server would predict all of them
    session = ChatSession(_profile(memory_enabled=False), llm=_config(server, max_tokens=long))
    before = server.predicted_tokens()
    said = []

    def first_sentence(s):
        said.append(s.text)
        session.cancel()                      # as Stop does, from the GUI thread
    reply = session.reply("Tell me a long story.", on_sentence=first_sentence)
    assert reply.cancelled and reply.source == "llm" and said and reply.turn.text == said[0]
    server.wait_idle()
    predicted = server.predicted_tokens() - before
    assert 0 < predicted < long, f"the server predicted {predicted} tokens after the connection closed"


def test_a_frozen_server_times_out_in_one_line_and_the_embedded_responder_answers(server):
    session = ChatSession(_profile(memory_enabled=False), llm=_config(server, read_timeout=1.0))
    os.kill(server.proc.pid, signal.SIGSTOP)          # the process is there, its port accepts, it never answers
    try:
        reply = session.reply("Hello!")
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
    assert reply.source == "rules" and reply.turn.text
    assert "did not answer within 1 s" in reply.notice and "\n" not in reply.notice
    server.wait_idle()


def test_a_wrong_key_is_refused_in_one_line(server):
    session = ChatSession(_profile(memory_enabled=False), llm=_config(server, key="wrong"))
    reply = session.reply("Hello!")
    assert reply.source == "rules" and reply.turn.text
    assert "refused the request (HTTP 401: Invalid API Key); check the API key" in reply.notice


def test_llama_cpp_answers_with_its_one_model_whatever_the_name(server):
    """llama.cpp's server loads one model and serves it under any name: a 'wrong' name is no
    failure there, and the studio must not report one (servers that check names answer 404,
    tested against the scripted server in test_llm_chat.py)."""
    reply = ChatSession(_profile(memory_enabled=False), llm=LLMConfig(server.url, "no-such-model", key=KEY,
                                                                        max_tokens=20)).reply("Hello!")
    assert reply.source == "llm" and not reply.notice and reply.turn.text


def test_a_dead_port_is_one_line_and_the_embedded_responder_answers():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]                     # closed again: nothing listens there
    reply = ChatSession(_profile(memory_enabled=False),
                        llm=LLMConfig(f"http://127.0.0.1:{port}", "tiny")).reply("Hello!")
    assert reply.source == "rules" and reply.turn.text
    assert reply.notice == f"no language-model server answers at http://127.0.0.1:{port} (connection refused); is it running?"
