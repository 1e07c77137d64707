"""Optional: the chat against a real OpenAI-compatible server process — llama-cpp-python's
`python -m llama_cpp.server` on 127.0.0.1 — loading the GGUF model named by
`AVATAR_STUDIO_TEST_GGUF`. Skipped, saying why, when the package (`pip install
'llama-cpp-python[server]'`, which compiles llama.cpp: not part of the default install) or the
model file is missing. Nothing but loopback is contacted."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from studio.persona.llm import LLMConfig
from studio.persona.session import ChatSession
from studio.profile.model import DigitalHuman, replace_in

pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is not installed "
                    "(optional; pip install 'llama-cpp-python[server]' builds llama.cpp)")
MODEL = os.environ.get("AVATAR_STUDIO_TEST_GGUF", "")
pytestmark = pytest.mark.skipif(not (MODEL and os.path.isfile(MODEL)),
                                reason="set AVATAR_STUDIO_TEST_GGUF to a small .gguf chat model to run this")


@pytest.fixture(scope="module")
def real_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", MODEL, "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "2048"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 120
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url + "/v1/models", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("llama_cpp.server exited while starting")
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("llama_cpp.server did not start within 120 s")
    yield url
    proc.terminate()
    proc.wait(10)


def test_a_real_server_streams_a_reply_sentence_by_sentence(real_server):
    profile = replace_in(DigitalHuman(), "internal", name="Sora", verbosity=0.2)
    session = ChatSession(profile, llm=LLMConfig(real_server, "local", max_tokens=60))
    sentences = []
    reply = session.reply("Say hello in one short sentence.", on_sentence=sentences.append)
    assert reply.source == "llm", reply.notice
    assert reply.turn.text.strip() and sentences and "[emotion" not in reply.turn.text
    assert reply.first_sentence_s is not None and reply.first_sentence_s <= reply.total_s
