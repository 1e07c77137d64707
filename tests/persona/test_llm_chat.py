"""Conversation through a language model (issue 13), end to end over loopback against the
scripted OpenAI-compatible SSE server of `llm_server.py`: streaming order, the emotion tag
across chunk boundaries, sentence splitting (English and Korean), the first sentence handed
over before the stream ends, cancelling closes the connection, each failure gives one line
and falls back to the embedded responder, the persona prompt, SQLite memory across
sessions, and the CLI `chat --llm --model` path."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from studio.cli import main
from studio.persona.llm import ChatStream, LLMConfig, LLMError, resolve
from studio.persona.memory_store import MemoryStore, avatar_key
from studio.persona.prompt import system_prompt
from studio.persona.session import ChatSession, emotion_face
from studio.persona.streaming import SentenceSplitter, TagParser, parse_tag, strip_tags
from studio.profile.model import DigitalHuman, replace_in
from studio.profile.project import save_project

from .llm_server import ScriptedServer
from .test_memory_knowledge import NOTES


@pytest.fixture
def server():
    srv = ScriptedServer()
    yield srv
    srv.stop()


def _profile(**internal):
    base = dict(name="Sora", memory_enabled=True, knowledge_notes=NOTES, emoji_use=0.0)
    base.update(internal)
    return replace_in(DigitalHuman(), "internal", **base)


def _config(server, **kw):
    return LLMConfig(server.url, "tiny", **kw)


def _dead_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---- pieces --------------------------------------------------------------------------------------
@pytest.mark.parametrize("chunks", [
    ["[emotion=happy intensity=0.7] Hi!"],
    ["[emo", "tion=happy inten", "sity=0.7]", " Hi!"],
    ["  ", "[", "emotion", "=", "happy", " ", "intensity=0.7", "]Hi!"],
    ['{"emotion": "happy", ', '"intensity": 0.7}', "Hi!"],
])
def test_tag_is_read_across_chunk_boundaries_and_stripped(chunks):
    parser = TagParser()
    text = "".join(parser.feed(c) for c in chunks) + parser.finish()
    assert text.strip() == "Hi!" and parser.emotion == "happy" and parser.intensity == pytest.approx(0.7)


@pytest.mark.parametrize("chunks, emotion, text", [
    (["Hello there."], None, "Hello there."),                          # no tag
    (["[laughs] Ha, good one."], None, "[laughs] Ha, good one."),      # brackets, no emotion: text
    (["[emotion=", "sad"], "sad", ""),                                 # cut off at the end
    (["[emotion=joyful intensity=high] Yes."], "joyful", "Yes."),      # odd values: no crash
    (["[emotion=angry intensity=8] No."], "angry", "No."),             # 0..10 scale
])
def test_missing_or_malformed_tags(chunks, emotion, text):
    parser = TagParser()
    out = "".join(parser.feed(c) for c in chunks) + parser.finish()
    assert parser.emotion == emotion and out.strip() == text
    if parser.intensity is not None:
        assert 0.0 <= parser.intensity <= 1.0


def test_parse_tag_and_strip_tags():
    assert parse_tag('{"emotion": "sad", "intensity": "0.4"}') == ("sad", 0.4)
    assert parse_tag("mood: surprised") == ("surprised", None)
    assert strip_tags("Great. [emotion=happy intensity=0.5] Next.") == "Great. Next."
    assert emotion_face("happy", 0.8, 0.5)[0] == "happy" and emotion_face("nonsense", 1, 0.5) is None


def test_sentence_splitter_english_and_korean_streamed_char_by_char():
    text = ("Hello Mr. Kim! Pi is 3.14, isn't it? Wait… okay. 안녕하세요. 오늘 날씨가 좋네요! "
            "뭐 하고 싶어요？그래요~ 좋아요\n마지막 줄")
    s = SentenceSplitter()
    got = [x for ch in text for x in s.feed(ch)] + s.flush()
    assert got == ["Hello Mr. Kim!", "Pi is 3.14, isn't it?", "Wait…", "okay.", "안녕하세요.",
                   "오늘 날씨가 좋네요!", "뭐 하고 싶어요？", "그래요~", "좋아요", "마지막 줄"]


def test_sentence_splitter_caps_a_run_on():
    s = SentenceSplitter(max_chars=60)
    out = s.feed("word, " * 30)
    assert out and all(len(x) <= 60 for x in out)


# ---- the client ------------------------------------------------------------------------------------
def test_stream_yields_deltas_in_order_and_sends_an_openai_request(server):
    server.script = ["One", " two", " three."]
    config = LLMConfig(server.url + "/v1", "tiny", key="sekret")
    got = list(ChatStream(config, [{"role": "user", "content": "hi"}]))
    assert got == ["One", " two", " three."]
    req = server.requests[-1]
    assert req["path"] == "/v1/chat/completions" and req["body"]["stream"] is True
    assert req["body"]["model"] == "tiny" and req["body"]["messages"][-1]["content"] == "hi"
    assert req["headers"]["Authorization"] == "Bearer sekret"


def test_a_non_streamed_json_answer_is_read_too(server):
    server.script = "json"
    session = ChatSession(_profile(), llm=_config(server))
    reply = session.reply("How are you?")
    assert reply.source == "llm" and reply.turn.text == "All good here." and reply.emotion == "calm"


def test_nothing_is_contacted_without_a_configured_url():
    assert resolve(env={}) is None
    assert resolve(internal=DigitalHuman().internal, env={}) is None
    cfg = resolve(env={"AVATAR_STUDIO_LLM_URL": "http://127.0.0.1:1", "AVATAR_STUDIO_LLM_MODEL": "m"})
    assert cfg.url == "http://127.0.0.1:1" and cfg.is_loopback
    cfg = resolve("http://localhost:9/", "cli", internal=_profile(llm_url="http://10.0.0.2:1", llm_model="p").internal,
                  env={})
    assert (cfg.url, cfg.model) == ("http://localhost:9/", "cli")          # the command line wins


# ---- the session: streaming, emotion, first sentence early -------------------------------------------
def test_reply_streams_sentences_with_the_models_emotion(server):
    server.script = ["[emo", "tion=sad inten", "sity=0.9] I am sorry", " to hear that. Do you", " want to talk? ",
                     "I am here."]
    session = ChatSession(_profile(), llm=_config(server))
    texts, sentences = [], []
    reply = session.reply("My cat is sick.", on_text=texts.append, on_sentence=sentences.append)
    assert reply.source == "llm" and not reply.notice and reply.emotion == "sad"
    assert "".join(texts).strip() == "I am sorry to hear that. Do you want to talk? I am here."
    assert [s.text for s in sentences] == ["I am sorry to hear that.", "Do you want to talk?", "I am here."]
    assert all(s.expression == "sad" and s.intensity > 0.5 for s in sentences)
    assert sentences[0].internal.valence < 0                     # the voice prosody follows
    assert reply.turn.text == "I am sorry to hear that. Do you want to talk? I am here."
    assert "[emotion" not in reply.turn.text


def test_first_sentence_is_handed_over_before_the_stream_ends(server):
    server.script = ["[emotion=happy intensity=0.6]", "Hello there! ", "The museum", " opens at nine."]
    server.hold, server.hold_after = threading.Event(), 2          # pause after the first sentence
    session = ChatSession(_profile(), llm=_config(server))
    seen = []

    def on_sentence(s):
        # the server may still be between writing the sentence and reaching its pause: wait for
        # it there; it cannot pass the pause before hold is set, so the stream is still open
        seen.append((s.text, time.perf_counter(), server.holding.wait(10) and not server.hold.is_set()))
        server.hold.set()                     # only now may the rest come

    t0 = time.perf_counter()
    reply = session.reply("When do you open?", on_sentence=on_sentence)
    assert seen[0][0] == "Hello there!" and seen[0][2], "the first sentence came only after the stream"
    assert [s[0] for s in seen] == ["Hello there!", "The museum opens at nine."]
    assert server.finished_at is not None and seen[0][1] < server.finished_at
    assert reply.first_sentence_s is not None and reply.first_sentence_s < reply.total_s
    print(f"\nloopback: request → first sentence handed to speech {1000 * (seen[0][1] - t0):.1f} ms")


def test_cancel_closes_the_connection(server):
    server.script = ["[emotion=neutral]", "First sentence. ", "Never ", "said."]
    server.hold, server.hold_after = threading.Event(), 2
    session = ChatSession(_profile(), llm=_config(server))
    sentences = []

    def on_sentence(s):
        sentences.append(s.text)
        threading.Thread(target=session.cancel).start()        # e.g. the GUI's Stop, from another thread

    reply = session.reply("Tell me a long story.", on_sentence=on_sentence)
    assert reply.cancelled and sentences == ["First sentence."]
    # the server is still holding the stream open (keep-alives, no read timeout): only the
    # cancel can have ended the reply (behaviour, not a wall-clock budget)
    assert not server.hold.is_set() and server.finished_at is None
    assert server.closed.wait(3.0), "the server never saw the connection close"
    assert "Never" not in reply.turn.text


def test_a_cancel_set_before_the_reply_starts_is_kept(server):
    """The GUI's Stop may come before the worker even starts the request."""
    server.script = ["[emotion=happy] Hello."]
    stop = threading.Event()
    stop.set()
    reply = ChatSession(_profile(), llm=_config(server)).reply("Hi", cancel=stop)
    assert reply.cancelled and reply.turn.text == "" and server.requests == []


# ---- failures: one line each, and the embedded responder answers ----------------------------------------
def _fallback(session, message="When does the museum open?"):
    reply = session.reply(message)
    assert reply.source == "rules" and reply.turn.text == "The museum opens at 9 am and closes at 6 pm."
    assert reply.notice and "\n" not in reply.notice
    return reply.notice


def test_dead_server_falls_back_with_one_line():
    session = ChatSession(_profile(), llm=LLMConfig(f"http://127.0.0.1:{_dead_port()}", "tiny"))
    assert "no language-model server answers" in _fallback(session)


def test_wrong_model_name_falls_back_with_one_line(server):
    server.script = "404"
    notice = _fallback(ChatSession(_profile(), llm=_config(server)))
    assert "no model 'tiny'" in notice and "404" in notice and "not found" in notice


@pytest.mark.parametrize("script, words", [
    ("401", ("refused", "API key")),
    ("error-json", ("500", "model failed to load")),
    ("refusal", ("refused", "can't help")),
    ("malformed", ("malformed",)),
])
def test_refusals_and_malformed_streams_fall_back(server, script, words):
    server.script = script
    notice = _fallback(ChatSession(_profile(), llm=_config(server)))
    assert all(w in notice for w in words), notice


def test_time_out_falls_back(server):
    server.script = "hang"
    notice = _fallback(ChatSession(_profile(), llm=_config(server, read_timeout=0.4)))
    # the 0.4 s read timeout ended the wait, not the server's own 30 s hang (which would end
    # the stream with a different notice): behaviour, not a wall-clock budget
    assert "did not answer within 0.4 s" in notice or "stopped answering for 0.4 s" in notice


def test_a_stream_cut_mid_reply_keeps_what_was_said(server):
    server.script, server.mode_end = ["[emotion=happy]", "Sure. ", "And"], "cut"
    reply = ChatSession(_profile(), llm=_config(server)).reply("Hi")
    assert reply.source == "llm" and "ended before it was complete" in reply.notice
    assert reply.turn.text.startswith("Sure.")


# ---- the persona prompt ----------------------------------------------------------------------------------
@pytest.mark.parametrize("formality, marker", [("casual", "반말"), ("polite", "해요체"), ("formal", "합쇼체")])
def test_korean_prompt_names_the_speech_level(formality, marker):
    prompt = system_prompt(_profile(formality=formality).internal, "ko")
    assert marker in prompt and "한국어로 답하세요" in prompt and "Sora" in prompt


def test_request_carries_persona_notes_memory_and_history(server):
    server.script = ["[emotion=happy intensity=0.5] Nice to meet you, Minji."]
    profile = _profile(role="A museum guide.", formality="formal",
                       personality=DigitalHuman().internal.personality.__class__(extraversion=0.9))
    session = ChatSession(profile, llm=_config(server))
    session.reply("My name is Minji.")
    server.script = ["[emotion=happy] It opens at 9 am."]
    session.reply("When does the museum open?")
    messages = server.requests[-1]["body"]["messages"]
    system = messages[0]["content"]
    assert messages[0]["role"] == "system" and "You are Sora. A museum guide." in system
    assert "formally" in system and "outgoing" in system
    assert "The user's name is Minji." in system and "- name: Minji" in system
    assert "The museum opens at 9 am and closes at 6 pm." in system            # the note for this turn
    assert "[emotion=happy intensity=0.7]" in system                           # the tag is asked for
    assert [m["role"] for m in messages[1:]] == ["user", "assistant", "user"]
    assert messages[1]["content"] == "My name is Minji." and messages[-1]["content"] == "When does the museum open?"


def test_korean_turn_gets_a_korean_prompt(server):
    server.script = ["[emotion=happy] 9시에 열어요."]
    reply = ChatSession(_profile(formality="casual"), llm=_config(server)).reply("박물관 언제 열어?")
    system = server.requests[-1]["body"]["messages"][0]["content"]
    assert "반말" in system and "오전 9시에 문을 열고" in system       # the note retrieved for a Korean question
    assert reply.turn.language == "ko" and reply.turn.text == "9시에 열어요."


# ---- memory that lasts -----------------------------------------------------------------------------------
def test_memory_persists_across_two_sessions(server, tmp_path):
    store = MemoryStore(tmp_path / "memory.sqlite3")
    key = avatar_key(tmp_path / "me.dhc")
    server.script = ["[emotion=happy] Hello Minji!"]
    first = ChatSession(_profile(), llm=_config(server), store=store, avatar=key)
    first.reply("My name is Minji and I love hiking.")
    assert store.exists() and "name: Minji" in store.facts(key)
    # a new session (a restart): the history and the facts come back into the prompt
    server.script = ["[emotion=happy] You told me you love hiking."]
    second = ChatSession(_profile(), llm=_config(server), store=store, avatar=key)
    second.reply("What do I like?")
    messages = server.requests[-1]["body"]["messages"]
    assert "The user's name is Minji." in messages[0]["content"] and "likes: hiking" in messages[0]["content"]
    assert messages[1] == {"role": "user", "content": "My name is Minji and I love hiking."}
    assert store.history(key)[-1] == ("assistant", "You told me you love hiking.")


def test_memory_off_writes_nothing(server, tmp_path):
    store = MemoryStore(tmp_path / "memory.sqlite3")
    server.script = ["[emotion=happy] Hello!"]
    session = ChatSession(_profile(memory_enabled=False), llm=_config(server), store=store, avatar="k")
    session.reply("My name is Minji.")
    ChatSession(_profile(memory_enabled=False), store=store, avatar="k").reply("I love tea.")
    assert not store.exists()
    assert "Minji" not in server.requests[-1]["body"]["messages"][0]["content"]


def test_forget_really_deletes(server, tmp_path):
    store = MemoryStore(tmp_path / "memory.sqlite3")
    session = ChatSession(_profile(), store=store, avatar="k")             # the embedded responder
    session.reply("My name is Minji.")
    ChatSession(_profile(), store=store, avatar="other").reply("My name is Jun.")
    assert store.facts("k") == ["name: Minji"]
    reply = session.reply("Please forget everything.")
    assert reply.source == "memory" and "forgotten" in reply.turn.text
    assert store.facts("k") == [] and store.history("k") == [] and store.facts("other") == ["name: Jun"]
    assert b"Minji" not in (tmp_path / "memory.sqlite3").read_bytes()
    ko = ChatSession(_profile(), store=store, avatar="other").reply("다 잊어줘")
    assert ko.turn.language == "ko" and store.facts("other") == []


@pytest.mark.parametrize("text, forgets", [
    ("Forget everything.", True), ("Please forget what I told you", True), ("Can you forget about me?", True),
    ("다 잊어줘", True), ("기억을 모두 지워 주세요", True), ("전부 잊어버려!", True),
    ("Don't forget me!", False), ("I forget everything these days.", False), ("다 잊어버렸어요", False),
])
def test_only_a_request_to_forget_forgets(text, forgets):
    from studio.persona.session import _FORGET
    assert bool(_FORGET.search(text)) is forgets


def test_older_turns_are_summarized(tmp_path, server):
    store = MemoryStore(tmp_path / "memory.sqlite3")
    session = ChatSession(_profile(), store=store, avatar="k")
    for i in range(12):
        session.reply(f"I went to place number {i} today.")
    summary = store.summary("k")
    assert "place number 0" in summary and "place number 11" not in summary
    # with a model configured, the model writes the summary
    server.script = ["[emotion=neutral] Fine."]
    session2 = ChatSession(_profile(), llm=_config(server), store=store, avatar="k")
    for i in range(4):
        session2.reply(f"Another message {i}.")
    bodies = [r["body"] for r in server.requests]
    assert any("Summarize this conversation" in b["messages"][0]["content"] for b in bodies)
    assert store.summary("k") == "Fine."


# ---- the command line --------------------------------------------------------------------------------------
@pytest.fixture
def project_path(tmp_path):
    from studio.sample import sample_project
    project = sample_project()
    project.profile = replace_in(project.profile, "internal", name="Sora", memory_enabled=True,
                                 knowledge_notes=NOTES, emoji_use=0.0)
    path = tmp_path / "me.dhc"
    save_project(project, path)
    return path


def test_cli_chat_with_llm_and_model(server, project_path, capsys):
    server.script = ["[emotion=happy intensity=0.8]", "Hi! ", "Quantum computers use qubits."]
    rc = main(["chat", str(project_path), "--message", "Tell me about quantum computing",
               "--llm", server.url, "--model", "tiny"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert out.splitlines() == ["Sora: Hi! Quantum computers use qubits."]
    assert "[emotion=happy intensity=" in err
    assert server.requests[-1]["body"]["model"] == "tiny"


def test_cli_dead_server_is_one_line_and_the_embedded_responder_answers(project_path, capsys, monkeypatch):
    monkeypatch.setenv("AVATAR_STUDIO_LLM_URL", f"http://127.0.0.1:{_dead_port()}")
    rc = main(["chat", str(project_path), "-m", "When does the museum open?", "--model", "tiny"])
    out, err = capsys.readouterr()
    assert rc == 0
    assert out.splitlines() == ["Sora: The museum opens at 9 am and closes at 6 pm."]
    assert err.count("\n") == 1 and "no language-model server answers" in err and "built-in responder" in err


def test_cli_llm_needs_a_model(project_path, capsys):
    rc = main(["chat", str(project_path), "-m", "hi", "--llm", "http://127.0.0.1:1"])
    _, err = capsys.readouterr()
    assert rc != 0 and err.count("\n") == 1 and "--model" in err


def test_cli_message_dash_reads_stdin(server, project_path, capsys, monkeypatch):
    import io
    import sys
    server.script = ["[emotion=calm] Okay."]
    monkeypatch.setattr(sys, "stdin", io.StringIO("one\ntwo\n"))
    rc = main(["chat", str(project_path), "--message", "-", "--llm", server.url, "--model", "tiny"])
    out, _ = capsys.readouterr()
    assert rc == 0 and out.splitlines() == ["Sora: Okay.", "Sora: Okay."]


def test_cli_memory_lasts_shows_and_forgets(project_path, capsys):
    import json
    assert main(["chat", str(project_path), "-m", "My name is Minji."]) == 0
    capsys.readouterr()
    assert main(["chat", str(project_path), "--show-memory"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["facts"] == ["name: Minji"] and shown["history"][0] == {"role": "user", "text": "My name is Minji."}
    assert main(["chat", str(project_path), "--forget", "--show-memory"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {"facts": [], "summary": "", "history": []} and "forgot" in err


def test_the_server_address_never_goes_into_exported_metadata():
    from studio.export.metadata import disclosure
    profile = replace_in(_profile(llm_url="http://192.168.1.5:11434", llm_model="llama3.2"), "privacy",
                         disclose_internal="full")
    internal = disclosure(profile)["internal"]
    assert "llm_url" not in internal and internal["llm_model"] == "llama3.2"
