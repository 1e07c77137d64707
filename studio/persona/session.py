"""A chat with the avatar: the embedded rule-based responder (`dialogue.Conversation`), or a
language model through `llm.ChatStream` when one is configured — with memory that lasts
(`memory_store.MemoryStore`) and the reply delivered sentence by sentence while it streams.

`ChatSession(profile, llm=config_or_None, store=store_or_None, avatar=key)`;
`session.reply(text, on_text=…, on_sentence=…)` returns a `Reply`. Callbacks run on the
calling thread (a worker thread in the GUI): `on_text(delta)` for each piece of text as it
arrives, `on_sentence(Sentence)` for each sentence as soon as it is complete, with the emotion
(expression preset, intensity, and the internal group at that emotion for the voice prosody).
`session.cancel()` — from any thread — closes the connection; the reply ends where it was.

With a model: the emotion state is stepped as for the rule-based responder; facts the user
states are remembered (when memory is on); the system prompt is the persona
(`prompt.system_prompt`) with the knowledge passages retrieved for this turn, the remembered
facts, the running summary, older things the user said that match the message
(`recall.HistoryRecall`) and the last `HISTORY_LINES` lines of history. The model's emotion
tag sets the face preset and moves the mood (so the voice follows). If the request fails
before any text arrived, `Reply.notice` holds the one-line reason and the rule-based responder
answers instead; a failure mid-reply keeps what was said.

"Forget everything" / "다 잊어" (and the GUI's Forget action, `forget()`) delete the avatar's
stored history, facts and summary, and the memories of this conversation.
"""
from __future__ import annotations

import dataclasses
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from studio.persona import memory as mem
from studio.persona.dialogue import Conversation, Turn, _clean_input, detect_language, text_language
from studio.persona.emotion_state import EmotionState, chat_face, expression_for, step
from studio.persona.llm import ChatStream, LLMConfig, LLMError, complete
from studio.persona.lines import style_line
from studio.persona.memory_store import MemoryStore
from studio.persona.prompt import system_prompt
from studio.persona.recall import HistoryRecall
from studio.persona.streaming import SentenceSplitter, TagParser, strip_tags
from studio.profile.model import DigitalHuman

HISTORY_LINES = 12         # user + avatar lines of history in the prompt
SUMMARY_BATCH = 8          # summarize once this many lines fell out of the prompt
MAX_SUMMARY = 1500         # characters of running summary kept
NOTES_PER_TURN = 3
RECALL_PER_TURN = 3        # older user lines recalled into the prompt

# emotion label → (face preset, valence, arousal) at full intensity
EMOTIONS: dict[str, tuple[str, float, float]] = {
    "neutral": ("neutral", 0.0, 0.0), "calm": ("happy", 0.3, -0.5), "content": ("happy", 0.4, -0.3),
    "happy": ("happy", 0.8, 0.2), "joy": ("happy", 0.8, 0.3), "glad": ("happy", 0.7, 0.1),
    "excited": ("laugh", 0.9, 0.8), "laugh": ("laugh", 0.9, 0.7), "amused": ("laugh", 0.7, 0.5),
    "playful": ("cheeky", 0.6, 0.5), "cheeky": ("cheeky", 0.6, 0.5), "smug": ("smirk", 0.4, 0.2),
    "love": ("love", 0.9, 0.3), "affectionate": ("love", 0.8, 0.2), "grateful": ("happy", 0.8, 0.1),
    "sad": ("sad", -0.8, -0.3), "sorry": ("sad", -0.5, -0.2), "lonely": ("sad", -0.7, -0.4),
    "angry": ("angry", -0.8, 0.7), "annoyed": ("angry", -0.5, 0.4), "frustrated": ("angry", -0.6, 0.5),
    "surprised": ("surprised", 0.1, 0.9), "surprise": ("surprised", 0.1, 0.9), "shocked": ("surprised", -0.2, 0.9),
    "thinking": ("thinking", 0.0, 0.1), "curious": ("thinking", 0.2, 0.3), "confused": ("thinking", -0.1, 0.2),
    "tired": ("sleepy", -0.2, -0.8), "sleepy": ("sleepy", -0.1, -0.8), "bored": ("sleepy", -0.3, -0.6),
    "fear": ("fear", -0.7, 0.8), "afraid": ("fear", -0.7, 0.8), "scared": ("fear", -0.7, 0.8),
    "worried": ("fear", -0.5, 0.5), "anxious": ("fear", -0.5, 0.6), "disgusted": ("disgusted", -0.7, 0.3),
    "기쁨": ("happy", 0.8, 0.3), "행복": ("happy", 0.8, 0.2), "슬픔": ("sad", -0.8, -0.3),
    "화남": ("angry", -0.8, 0.7), "놀람": ("surprised", 0.1, 0.9), "중립": ("neutral", 0.0, 0.0),
}

_FORGET = re.compile(
    r"^\W*(?:ok(?:ay)?,?\s+|now,?\s+)?(?:please\s+|can you\s+|could you\s+|i want you to\s+)?"
    r"(?:forget|delete|erase)\s+(?:everything|all (?:about me|of it|i (?:said|told you))|about me|"
    r"what i (?:said|told you)|my (?:data|memories)|your memor(?:y|ies))\b|"
    r"(?:다|전부|모두|모든\s*것을?|기억을?\s*(?:다|전부|모두)?)\s*(?:잊어|지워)\s*(?:줘|주세요|주십시오|버려(?!졌)|라|$|[.!~])",
    re.I)
_FORGET_LINES = {"en": "All right. I have forgotten everything you told me.",
                 "ko": "알겠어요. 말씀하신 것을 모두 잊었어요."}


@dataclass(frozen=True)
class Sentence:
    """One complete sentence of a reply, ready for the voice: its text and language, the face
    preset and intensity, and `internal` (the avatar's internal group at this emotion)."""
    text: str
    language: str
    expression: str
    intensity: float
    internal: object
    index: int
    at_s: float = 0.0                   # seconds after the request

    def as_turn(self) -> Turn:
        return Turn(self.text, self.language, self.expression, self.intensity,
                    getattr(self.internal, "valence", 0.0), getattr(self.internal, "arousal", 0.0),
                    (), "sentence")


@dataclass(frozen=True)
class Reply:
    turn: Turn
    source: str                         # "llm", "rules" or "memory"
    notice: str = ""                    # one line: why the model was not used (fell back)
    emotion: str | None = None          # the model's emotion label, when it gave one
    sentences: tuple[str, ...] = ()
    cancelled: bool = False
    first_text_s: float | None = None   # seconds from the request to the first text
    first_sentence_s: float | None = None
    total_s: float = 0.0
    internal: object = None             # the internal group at the reply's emotion
    request: dict = field(default_factory=dict, compare=False, repr=False)


def emotion_face(label: str | None, intensity: float | None, expressiveness: float) -> tuple[str, float, float, float] | None:
    """(preset, face intensity, valence, arousal) for a model's emotion label, or None."""
    if not label:
        return None
    spec = EMOTIONS.get(label.strip().lower().strip(".!"))
    if spec is None:
        return None
    preset, v, a = spec
    i = 0.6 if intensity is None else intensity
    face = 0.0 if preset == "neutral" else round(min(1.0, max(0.0, i * (0.5 + expressiveness))), 3)
    return preset, face, v * i, a * i


def extractive_summary(previous: str, lines: list[tuple[str, str]]) -> str:
    """A summary without a model: the previous summary plus the first sentence of each thing
    the user said (that is what the avatar should carry forward), capped at MAX_SUMMARY."""
    said = []
    for role, text in lines:
        if role != "user":
            continue
        first = re.split(r"(?<=[.!?。？！])\s+", text.strip())[0]
        said.append(first[:120])
    out = (previous.strip() + " " if previous.strip() else "") + ("The user said: " + " | ".join(said) if said else "")
    out = out.strip()
    return out[-MAX_SUMMARY:] if len(out) > MAX_SUMMARY else out


class ChatSession:
    """One chat with one avatar. Not thread-safe except `cancel()`; one reply at a time."""

    def __init__(self, profile: DigitalHuman, llm: LLMConfig | None = None,
                 store: MemoryStore | None = None, avatar: str = ""):
        self.conversation = Conversation(profile)
        self.llm = llm
        self.store = store
        self.avatar = avatar
        self.history: list[tuple[str, str]] = []
        self._stream: ChatStream | None = None
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._recall = None
        if self._remembering and store is not None:
            self.history = store.recent(avatar, HISTORY_LINES)

    # ---- state ------------------------------------------------------------------------------
    @property
    def profile(self) -> DigitalHuman:
        return self.conversation.profile

    @property
    def internal(self):
        return self.conversation.internal

    @property
    def _remembering(self) -> bool:
        return bool(self.conversation.internal.memory_enabled) and self.store is not None and bool(self.avatar)

    def set_profile(self, profile: DigitalHuman) -> None:
        if profile is not self.conversation.profile:
            self.conversation.set_profile(profile)

    def facts(self) -> list[str]:
        """What the avatar remembers about the user: the profile's memories and the stored
        facts (memory off: nothing)."""
        if not self.conversation.internal.memory_enabled:
            return []
        lines = list(self.conversation.memories)
        if self._remembering:
            lines += [f for f in self.store.facts(self.avatar) if f not in lines]
        return lines

    def cancel(self) -> None:
        """Stop the reply being generated (any thread): the connection is closed."""
        self._cancel.set()
        with self._lock:
            stream = self._stream
        if stream is not None:
            stream.close()

    def forget(self) -> None:
        """Delete what this avatar remembers: stored history, facts, summary, and the
        conversation's memories."""
        if self.store is not None and self.avatar:
            self.store.forget(self.avatar)
        self.history.clear()
        self._recall = None                          # its index held what was just forgotten
        self.conversation.memories = ()
        self.conversation.history.clear()

    def reload_memory(self) -> None:
        """Take the stored memory as it is now: the user edited or deleted some of it (the
        studio's Memory dialog), so the recent lines and the recall index are read again."""
        self._recall = None
        if self._remembering:
            self.history = self.store.recent(self.avatar, HISTORY_LINES)
            if not self.history:
                self.conversation.history.clear()

    @staticmethod
    def _watch(cancel: threading.Event, stream: ChatStream) -> None:
        """Close the stream as soon as `cancel` is set (a read may be blocked meanwhile)."""
        while not stream.finished.is_set():
            if cancel.wait(0.05):
                stream.close()
                return

    # ---- replying -------------------------------------------------------------------------------
    def reply(self, user_text: str, on_text: Callable[[str], None] | None = None,
              on_sentence: Callable[[Sentence], None] | None = None,
              cancel: threading.Event | None = None) -> Reply:
        """Answer `user_text`. `cancel` (an Event someone else may set, e.g. the GUI's Stop
        before this reply even started) ends the reply like `cancel()` does."""
        text = _clean_input(user_text)
        self._cancel = cancel if cancel is not None else threading.Event()
        started = time.perf_counter()
        lang = detect_language(text, self.internal)
        if _FORGET.search(text):
            return self._forget_reply(text, lang, on_text, on_sentence, started)
        if self.llm is None:
            return self._rules(text, on_text, on_sentence, started)
        before = (self.conversation.state, self.conversation.memories)
        try:
            return self._model(text, lang, on_text, on_sentence, started)
        except LLMError as exc:
            self.conversation.state, self.conversation.memories = before
            return self._rules(text, on_text, on_sentence, started, notice=str(exc))

    def _deliver_whole(self, turn: Turn, on_text, on_sentence, started: float) -> float | None:
        if on_text:
            on_text(turn.text)
        if on_sentence:
            on_sentence(Sentence(turn.text, turn.language, turn.expression, turn.intensity,
                                 self.conversation.internal_now(), 0, time.perf_counter() - started))
        return time.perf_counter() - started

    def _rules(self, text, on_text, on_sentence, started, notice: str = "") -> Reply:
        turn = self.conversation.reply(text)
        at = self._deliver_whole(turn, on_text, on_sentence, started)
        self._remember(text, turn.text, mem.extract_facts(text))
        return Reply(turn, "rules", notice, None, (turn.text,), False, at, at,
                     time.perf_counter() - started, self.conversation.internal_now())

    def _forget_reply(self, text, lang, on_text, on_sentence, started) -> Reply:
        self.forget()
        line = style_line(_FORGET_LINES["ko" if lang == "ko" else "en"], self.conversation.internal, lang)
        s = self.conversation.state
        turn = Turn(line, lang, "neutral", 0.0, round(s.valence, 4), round(s.arousal, 4), (), "forget")
        at = self._deliver_whole(turn, on_text, on_sentence, started)
        return Reply(turn, "memory", "", None, (line,), False, at, at, time.perf_counter() - started,
                     self.conversation.internal_now())

    def _remember(self, user: str, avatar_line: str, facts: list[mem.Fact]) -> None:
        self.history += [("user", user), ("assistant", avatar_line)]
        del self.history[:-HISTORY_LINES]
        if not self._remembering:
            return                                   # memory off: nothing is written anywhere
        if facts:
            self.store.add_facts(self.avatar, facts)
        self.store.add_turn(self.avatar, "user", user)
        if avatar_line:
            self.store.add_turn(self.avatar, "assistant", avatar_line)
        self._maybe_summarize()

    def _maybe_summarize(self) -> None:
        rows = self.store.to_summarize(self.avatar, HISTORY_LINES)
        if len(rows) < SUMMARY_BATCH:
            return
        previous = self.store.summary(self.avatar)
        lines = [(r[1], r[2]) for r in rows]
        summary = ""
        if self.llm is not None:
            transcript = "\n".join(f"{'User' if r == 'user' else 'You'}: {t}" for r, t in lines)
            ask = [{"role": "system", "content": "Summarize this conversation in at most four short sentences, "
                                                 "keeping facts about the user. Write in the conversation's language."},
                   {"role": "user", "content": (f"Earlier summary: {previous}\n\n" if previous else "") + transcript}]
            try:
                summary = strip_tags(complete(self.llm, ask, max_tokens=200)).strip()[-MAX_SUMMARY:]
            except LLMError:
                summary = ""
        if not summary:
            summary = extractive_summary(previous, lines)
        self.store.set_summary(self.avatar, summary, rows[-1][0])

    def request_messages(self, text: str, lang: str) -> list[dict]:
        """The messages sent for `text`: the persona prompt (with this turn's notes, the facts,
        the summary), the recent history, the user's message."""
        c = self.conversation
        notes = [h.passage for h in c.knowledge.top(text, NOTES_PER_TURN)]
        summary, recalled = "", []
        if self._remembering:
            summary = self.store.summary(self.avatar)
            if self._recall is None:
                self._recall = HistoryRecall(self.store, self.avatar, HISTORY_LINES)
            recent = " ".join(t for _, t in self.history)
            recalled = [r for r in self._recall.search(text, RECALL_PER_TURN) if r not in recent]
        system = system_prompt(c.internal, lang, notes=notes, facts=self.facts(), summary=summary,
                               recalled=recalled, valence=c.state.valence, arousal=c.state.arousal)
        msgs = [{"role": "system", "content": system}]
        msgs += [{"role": r, "content": t} for r, t in self.history[-HISTORY_LINES:]]
        msgs.append({"role": "user", "content": text})
        return msgs

    def _model(self, text, lang, on_text, on_sentence, started) -> Reply:
        c = self.conversation
        c.state = step(c.state, c.internal, text)
        facts = mem.extract_facts(text)
        stored: tuple[str, ...] = ()
        if facts and c.internal.memory_enabled:
            old = set(c.memories)
            c.memories = mem.remember(c.memories, facts)
            stored = tuple(m for m in c.memories if m not in old)
        messages = self.request_messages(text, lang)
        stream = ChatStream(self.llm, messages)
        with self._lock:
            self._stream = stream
        if self._cancel.is_set():
            stream.close()
        x = c.internal.expressiveness * (0.75 + 0.5 * c.internal.personality.extraversion)
        expression, intensity = expression_for(c.state, x)
        tags, splitter = TagParser(), SentenceSplitter()
        spoken: list[str] = []
        shown: list[str] = []
        first_text = first_sentence = None
        emotion_applied = False

        def apply_emotion():
            nonlocal expression, intensity, emotion_applied
            emotion_applied = True
            face = emotion_face(tags.emotion, tags.intensity, c.internal.expressiveness)
            if face is not None:
                expression, intensity, v, a = face
                # the mood moves halfway to the model's emotion: the voice prosody follows it
                c.state = EmotionState(max(-1.0, min(1.0, 0.5 * c.state.valence + 0.5 * v)),
                                       max(-1.0, min(1.0, 0.5 * c.state.arousal + 0.5 * a)))

        def emit(sentences):
            nonlocal first_sentence
            for s in sentences:
                s = strip_tags(s)
                if not s:
                    continue
                if first_sentence is None:
                    first_sentence = time.perf_counter() - started
                spoken.append(s)
                if on_sentence:
                    on_sentence(Sentence(s, text_language(s, c.internal) if lang != "ko" else "ko",
                                         chat_face(c.profile, expression), intensity,
                                         c.internal_now(), len(spoken) - 1,
                                         time.perf_counter() - started))

        def take(piece: str):
            nonlocal first_text
            if tags.decided and not emotion_applied:
                apply_emotion()
            if not piece:
                return
            if first_text is None:
                first_text = time.perf_counter() - started
            shown.append(piece)
            if on_text:
                on_text(piece)
            emit(splitter.feed(piece))

        try:
            watcher = threading.Thread(target=self._watch, args=(self._cancel, stream), daemon=True)
            watcher.start()
            for delta in stream:
                take(tags.feed(delta))
                if self._cancel.is_set():
                    stream.close()
                    break
        except LLMError as exc:
            if not shown:
                raise
            notice = str(exc)                       # keep what was already said
        else:
            notice = ""
        finally:
            with self._lock:
                self._stream = None
            stream.finished.set()
        cancelled = self._cancel.is_set() or stream.cancelled
        if not cancelled:
            take(tags.finish())
            if tags.decided and not emotion_applied:
                apply_emotion()
            emit(splitter.flush())
        if not shown and not cancelled:
            raise LLMError(f"the model {self.llm.model!r} sent only an emotion tag, no reply", "empty")
        reply_text = strip_tags(" ".join(spoken)) if spoken else strip_tags("".join(shown)).strip()
        s = c.state
        turn = Turn(reply_text, lang, chat_face(c.profile, expression), intensity, round(s.valence, 4),
                    round(s.arousal, 4), stored, "llm")
        c.history.append((text, turn))
        self._remember(text, reply_text, facts)
        return Reply(turn, "llm", notice, tags.emotion, tuple(spoken), cancelled, first_text, first_sentence,
                     time.perf_counter() - started, c.internal_now(), {"messages": messages})
