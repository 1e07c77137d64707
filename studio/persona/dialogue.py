"""A rule-based, offline conversation with the digital human (no language model).

`Conversation(profile).reply(text)` answers one user message with a `Turn`: the line — in
the user's language (Hangul → Korean, else English: the lines exist in those two; knowledge
passages keep the notes' language, `Turn.language` says which, for the voice), styled by
`lines.style_line` (formality, emoji use, verbosity) — and the expression and emotion to
perform it with. What the reply says comes from, in this order:

1. memory recall ("what's my name?", "뭘 좋아한다고 했지?") — from `internal.memories`;
2. new facts the user states ("my name is Minji", "등산을 좋아해요") — remembered when
   `internal.memory_enabled`, acknowledged either way (honestly: "I won't remember" when off);
3. how-are-you (answered from the emotional state), who-are-you / what-do-you-do (name and
   role);
4. the knowledge notes (`knowledge.KnowledgeBase`) — also after a greeting ("Hi! When do you
   open?");
5. farewell, thanks, greeting; otherwise a question below the knowledge threshold gets an
   honest "I don't know", a statement an acknowledgement that follows the emotion.

The emotional state (`emotion_state`) is stepped once per user message before answering, so
the expression, the emoji and the voice prosody follow the conversation. Deterministic.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from studio.errors import UserError
from studio.persona import memory as mem
from studio.persona.emotion_state import (EmotionState, appraise, baseline, chat_face,
                                       expression_for, mood, step)
from studio.persona.knowledge import KnowledgeBase
from studio.persona.korean import has_final_consonant
from studio.persona.lines import _ko_name, greeting_line, style_line
from studio.profile.model import DigitalHuman, Internal

MAX_INPUT = 2000          # characters of one message that are read; the rest is ignored

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Turn:
    """One avatar reply. `expression` is a preset of `studio.rig.presets.PRESETS` and
    `intensity` 0..1; `valence`/`arousal` (-1..1) are the avatar's state after this message
    (use them for the voice prosody); `remembered` are the memory lines this turn stored."""
    text: str
    language: str
    expression: str
    intensity: float
    valence: float
    arousal: float
    remembered: tuple[str, ...] = ()
    intent: str = "fallback"


def _rx(*patterns: str) -> re.Pattern:
    return re.compile("|".join(patterns), re.IGNORECASE)


# Intents; English patterns on word boundaries, Korean as substrings (endings vary).
INTENTS: tuple[tuple[str, re.Pattern], ...] = (
    ("recall_name", _rx(r"\bwhat(?:'s| is) my name\b", r"\bdo you (?:remember|know) my name\b",
                        r"\bwho am i\b", r"(?:내|제)\s*이름(?:이|은|을)?\s*(?:뭐|무엇|알아|기억)",
                        r"내가 누구")),
    ("recall_likes", _rx(r"\bwhat (?:do|did) i (?:say i )?(?:like|love|enjoy)\b",
                         r"\bwhat i (?:like|love)\b", r"(?:뭘|뭐를|무엇을|뭐)\s*좋아한다고",
                         r"(?:내가|제가)\s*(?:뭘|뭐를|무엇을)\s*좋아")),
    ("recall_home", _rx(r"\bwhere do i live\b", r"\bwhere am i from\b", r"어디(?:에|에서)?\s*산다고",
                        r"(?:내가|제가)\s*어디(?:에|에서)?\s*살")),
    ("recall_all", _rx(r"\bwhat do you (?:remember|know) about me\b", r"\bwhat do you remember\b",
                       r"\bdo you (?:remember|know) me\b", r"(?:나|저)\s*(?:를|을)?\s*기억(?:해|하세요|하니|나)",
                       r"(?:나|저)에 대해\s*(?:뭘|뭐|무엇을)?\s*(?:알아|알고|기억)", r"뭘 기억해", r"뭐 기억해")),
    ("farewell", _rx(r"^\W*(?:bye|goodbye|good bye|see you|see ya|good night|farewell)\b",
                     r"안녕히", r"잘\s*가", r"또\s*(?:봐|만나)", r"다음에\s*(?:봐|만나|또)", r"^\W*바이")),
    ("thanks", _rx(r"\bthank(?:s| you)\b", r"\bthx\b", r"고마워", r"고맙", r"감사")),
    ("how_are_you", _rx(r"\bhow are you\b", r"\bhow(?:'s| is) it going\b", r"\bhow do you feel\b",
                        r"\bhow are you feeling\b", r"\bare you (?:ok|okay|happy|sad)\b",
                        r"기분\s*(?:이|은)?\s*어때", r"어떻게\s*지내", r"잘\s*지\S*\s*\?")),
    ("who_are_you", _rx(r"\bwho are you\b", r"\bwhat(?:'s| is) your name\b", r"\bintroduce yourself\b",
                        r"\byour name\b", r"누구(?:야|세요|예요|니|신가요|십니까)", r"이름이\s*(?:뭐|무엇)",
                        r"(?:너|당신|네)\s*이름", r"자기\s*소개", r"소개(?:해|를)")),
    ("what_do_you_do", _rx(r"\bwhat do you do\b", r"\bwhat(?:'s| is) your (?:job|role)\b",
                           r"\bwhat can you do\b", r"무슨\s*일", r"뭐\s*하는", r"하는\s*일", r"무엇을\s*할 수")),
    ("greeting", _rx(r"^\W*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|greetings)\b",
                     r"^\W*안녕(?!히)", r"^\W*반가", r"^\W*하이\b")),
)
_QUESTION = _rx(r"\?\s*$", r"^\W*(?:what|when|where|who|why|how|which|is|are|do|does|can|could|will)\b",
                r"\btell me\b", r"(?:뭐|무엇|언제|어디|누가|누구|왜|어떻게|얼마|몇)", r"(?:까|나요|니|냐|가요)\W*$",
                r"알려\s*(?:줘|주세요|주십시오)")

SOCIAL = ("greeting", "how_are_you", "thanks", "farewell", "fallback", "learn")

# Base lines, written at the polite level (해요체 / plain English); `style_line` converts them.
EN = {
    "greeting": "Hello! It is good to see you.",
    "ask_back.greeting": "How are you doing today?",
    "ask_back.how_are_you": "How about you?",
    "farewell": "Thank you for talking with me. See you next time!",
    "thanks": "You are welcome. I am glad I could help.",
    "mood.excited": "I am feeling really great right now!",
    "mood.happy": "I am doing well, thank you. I am in a good mood.",
    "mood.calm": "I am doing fine, thank you.",
    "mood.neutral": "I am doing fine, thank you.",
    "mood.tired": "I am a little tired, to be honest.",
    "mood.sad": "To be honest, I am feeling a bit down.",
    "mood.angry": "To be honest, I am a bit upset right now.",
    "mood.surprised": "I am a little surprised, but I am fine.",
    "who": "I am {name}.",
    "role": "I am {role}.",
    "no_role": "I am here to talk with you.",
    "dont_know": "I am sorry, I do not know that. It is not in my notes.",
    "ack.positive": "That is wonderful to hear!",
    "ack.negative": "I am sorry to hear that.",
    "ack.neutral": "I see. Tell me more.",
    "learn.name": "Nice to meet you, {v}!",
    "learn.likes": "I will remember that you like {v}.",
    "learn.dislikes": "I will remember that you do not like {v}.",
    "learn.lives in": "I will remember that you live in {v}.",
    "learn.works as": "I will remember that you work as {v}.",
    "learn.off": "My memory is turned off, so I cannot keep that.",
    "recall.name": "Your name is {v}.",
    "recall.likes": "You told me you like {v}.",
    "recall.dislikes": "You told me you do not like {v}.",
    "recall.lives in": "You told me you live in {v}.",
    "recall.works as": "You told me you work as {v}.",
    "recall.none.name": "You have not told me your name yet.",
    "recall.none.likes": "You have not told me what you like yet.",
    "recall.none.lives in": "You have not told me where you live yet.",
    "recall.none.all": "I do not remember anything about you yet.",
    "recall.off": "My memory is turned off, so I do not keep personal details.",
}
KO = {
    "greeting": "안녕하세요! 만나서 반가워요.",
    "ask_back.greeting": "요즘 잘 지내고 있어요?",
    "ask_back.how_are_you": "요즘 잘 지내고 있어요?",
    "farewell": "이야기해 줘서 고마워요. 다음에 또 봐요!",
    "thanks": "도움이 돼서 좋아요.",
    "mood.excited": "저는 지금 정말 신이 나 있어요!",
    "mood.happy": "저는 오늘 기분이 좋아요.",
    "mood.calm": "저는 잘 지내고 있어요.",
    "mood.neutral": "저는 잘 지내고 있어요.",
    "mood.tired": "솔직히 조금 피곤해요.",
    "mood.sad": "솔직히 조금 속상해요.",
    "mood.angry": "솔직히 조금 화가 나 있어요.",
    "mood.surprised": "조금 놀랐지만 괜찮게 지내고 있어요.",
    "who": "저는 {name_cop}.",
    "role": "{role}",
    "no_role": "저는 당신과 이야기하려고 여기 있어요.",
    "dont_know": "죄송해요. 그건 잘 모르겠어요. 제 메모에는 없어요.",
    "ack.positive": "좋은 소식이에요!",
    "ack.negative": "저런. 저도 속상해요.",
    "ack.neutral": "그렇군요. 더 이야기해 주세요.",
    "learn.name": "{v}{hon}, 만나서 반가워요!",
    "learn.likes": "{v}{eul} 좋아한다고 기억하겠어요.",
    "learn.dislikes": "{v}{eul} 좋아하지 않는다고 기억하겠어요.",
    "learn.lives in": "{v}에 산다고 기억하겠어요.",
    "learn.works as": "{v}{ro} 일한다고 기억하겠어요.",
    "learn.off": "기억 기능이 꺼져 있어요. 그래서 기억할 수 없어요.",
    "recall.name": "이름이 {v}{ira}고 했어요.",
    "recall.likes": "{v}{eul} 좋아한다고 했어요.",
    "recall.dislikes": "{v}{eul} 좋아하지 않는다고 했어요.",
    "recall.lives in": "{v}에 산다고 했어요.",
    "recall.works as": "{v}{ro} 일한다고 했어요.",
    "recall.none.name": "아직 이름을 모르겠어요.",
    "recall.none.likes": "아직 무엇을 좋아하는지 모르겠어요.",
    "recall.none.lives in": "아직 어디에 사는지 모르겠어요.",
    "recall.none.all": "아직 당신에 대해 기억하는 것이 없어요.",
    "recall.off": "기억 기능이 꺼져 있어요. 그래서 개인적인 내용은 기억할 수 없어요.",
}


def _final(word: str) -> bool:
    """Whether `word` ends in a consonant sound (Hangul 받침). A Latin word is read as Korean
    writes loanwords: final m, n, ng, l become 받침 ('Jun', 'Tom', 'Paul'); others gain a vowel
    ('Mark' 마크, 'chef' 셰프, 'Peter' 피터)."""
    w = word.strip().lower()
    if "\uac00" <= w[-1:] <= "\ud7a3":
        return has_final_consonant(w[-1])
    return w.endswith(("m", "n", "ng", "l"))


def _josa(word: str) -> dict[str, str]:
    """Korean particles that depend on the last syllable of `word` (을/를, 이라/라, 으로/로;
    ㄹ takes 로)."""
    f = _final(word)
    last = word.strip()[-1:]
    rieul = (ord(last) - 0xAC00) % 28 == 8 if "\uac00" <= last <= "\ud7a3" else last.lower() == "l"
    return {"eul": "을" if f else "를", "ira": "이라" if f else "라",
            "ro": "으로" if f and not rieul else "로"}


def _profile_language(internal: Internal) -> str:
    return (internal.language or "en").split("-")[0].lower()


def detect_language(text: str, internal: Internal) -> str:
    """The language to answer `text` in: lines exist in Korean and English, so 'ko' for
    Hangul (or no letters at all, to a Korean-speaking avatar), else 'en'."""
    if _HANGUL.search(text) or (_profile_language(internal) == "ko" and not _LATIN.search(text)):
        return "ko"
    return "en"


def text_language(text: str, internal: Internal) -> str:
    """The language a line is in, for the voice: 'ko' for Hangul; otherwise the profile's
    language (notes and greetings are written in it), or 'en' for a Korean profile."""
    if _HANGUL.search(text):
        return "ko"
    lang = _profile_language(internal)
    return "en" if lang == "ko" else lang


def _clean_input(user_text: str) -> str:
    if not isinstance(user_text, str) or not user_text.strip():
        raise UserError("say something to the avatar (the message is empty)")
    text = " ".join(user_text.split())
    if len(text) > MAX_INPUT:                      # cut at a word boundary, keep the start
        cut = text[:MAX_INPUT]
        text = cut[: cut.rfind(" ")] if " " in cut[MAX_INPUT // 2:] else cut
    return text


class Conversation:
    """A conversation with one profile. Not thread-safe; one per chat window."""

    def __init__(self, profile: DigitalHuman):
        self.profile = profile
        self.internal = profile.internal
        self.state: EmotionState = baseline(profile.internal)
        self.memories: tuple[str, ...] = tuple(profile.internal.memories)
        self.knowledge = KnowledgeBase(profile.internal.knowledge_notes)
        self.history: list[tuple[str, Turn]] = []

    # -- public ------------------------------------------------------------------------------
    def set_profile(self, profile: DigitalHuman) -> None:
        """Follow an edited profile mid-conversation (the studio's persona editors): its
        memories become the conversation's (the editor is the source of truth), the notes are
        re-indexed when they changed, and the mood keeps its offset from the new baseline."""
        old, new = baseline(self.internal), baseline(profile.internal)
        clip = lambda x: min(max(x, -1.0), 1.0)     # noqa: E731
        self.state = EmotionState(clip(new.valence + self.state.valence - old.valence),
                                  clip(new.arousal + self.state.arousal - old.arousal))
        if profile.internal.knowledge_notes != self.internal.knowledge_notes:
            self.knowledge = KnowledgeBase(profile.internal.knowledge_notes)
        self.profile, self.internal = profile, profile.internal
        self.memories = tuple(profile.internal.memories)

    def greeting(self, language: str | None = None) -> Turn:
        """The avatar's opening line (the profile's greeting), at the baseline emotion."""
        line = greeting_line(self._styled_internal(), language or _profile_language(self.internal))
        own = self.internal.greeting.strip() and self.internal.greeting != Internal().greeting
        lang = text_language(line, self.internal) if own else detect_language(line, self.internal)
        return self._turn(line, lang, "greeting", ())

    def reply(self, user_text: str) -> Turn:
        """The avatar's answer to one user message. UserError for an empty message; a very
        long one is read up to `MAX_INPUT` characters."""
        text = _clean_input(user_text)
        lang = detect_language(text, self.internal)
        self.state = step(self.state, self.internal, text)
        line, intent, stored = self._compose(text, lang)
        line = self._sociability(line, intent, lang)
        if intent == "knowledge":                   # a passage speaks the notes' language
            lang = text_language(line, self.internal)
        turn = self._turn(style_line(line, self._styled_internal(), lang), lang, intent, stored)
        self.history.append((text, turn))
        return turn

    def profile_after(self) -> DigitalHuman:
        """The profile with the memories this conversation stored (unchanged when memory is
        off); the emotional baseline is not changed."""
        if self.memories == tuple(self.profile.internal.memories):
            return self.profile
        return dataclasses.replace(
            self.profile, internal=dataclasses.replace(self.profile.internal, memories=self.memories))

    def internal_now(self) -> Internal:
        """The internal group with the current emotion as valence/arousal — for the voice
        prosody and the emotion layer of a performance of the latest reply."""
        return dataclasses.replace(self.internal, valence=self.state.valence, arousal=self.state.arousal,
                                   memories=self.memories)

    # -- composing -----------------------------------------------------------------------------
    def _sociability(self, line: str, intent: str, lang: str) -> str:
        """Extraversion shapes small talk: an extravert exclaims and asks back after social
        turns; an introvert stays on task, without exclamation marks."""
        e = self.internal.personality.extraversion
        if e < 0.34:
            return line.replace("!", ".")
        if e > 0.66 and intent in SOCIAL:
            line = re.sub(r"\.(\s|$)", r"!\1", line, count=1)
            if intent in ("greeting", "how_are_you"):
                line += " " + self._line(lang, f"ask_back.{intent}")
        return line

    def _styled_internal(self) -> Internal:
        # the emoji choice in style_line follows the current mood, not the baseline
        return dataclasses.replace(self.internal, valence=self.state.valence)

    def _turn(self, text: str, lang: str, intent: str, stored: tuple[str, ...]) -> Turn:
        x = self.internal.expressiveness * (0.75 + 0.5 * self.internal.personality.extraversion)
        expression, intensity = expression_for(self.state, x)
        if intent == "dont_know":
            expression, intensity = "thinking", round(min(1.0, 0.3 + 0.4 * self.internal.expressiveness), 3)
        return Turn(text, lang, chat_face(self.profile, expression), intensity,
                    round(self.state.valence, 4), round(self.state.arousal, 4), stored, intent)

    def _line(self, lang: str, key: str, **values: str) -> str:
        table = KO if lang == "ko" else EN
        if lang == "ko" and "v" in values:          # "a chef" → "chef로"
            values["v"] = re.sub(r"^(?:an?|the)\s+", "", values["v"], flags=re.IGNORECASE)
        v = values.get("v", "")
        extra = _josa(v) if lang == "ko" else {}
        hon = "" if self.internal.formality == "casual" else "님"
        return table[key].format(hon=hon, **extra, **values)

    def _intent(self, text: str) -> str | None:
        for name, pattern in INTENTS:
            if pattern.search(text):
                return name
        return None

    def _compose(self, text: str, lang: str) -> tuple[str, str, tuple[str, ...]]:
        intent = self._intent(text)
        if intent and intent.startswith("recall_"):
            return self._recall(intent[len("recall_"):], lang), intent, ()
        facts = mem.extract_facts(text)
        if facts:
            return self._learn(facts, lang, greet=intent == "greeting")
        if intent == "how_are_you":
            return self._line(lang, f"mood.{mood(self.state)}"), intent, ()
        if intent in ("who_are_you", "what_do_you_do"):
            return self._introduce(lang, role_first=intent == "what_do_you_do"), intent, ()
        hit = self.knowledge.answer(text) if intent in (None, "greeting") else None
        if hit is not None:                          # "Hi! When do you open?" answers the question
            hello = self._line(lang, "greeting").split(" ")[0] + " " if intent == "greeting" else ""
            return hello + hit.passage, "knowledge", ()
        if intent in ("farewell", "thanks", "greeting"):
            return self._line(lang, intent), intent, ()
        if _QUESTION.search(text):
            return self._line(lang, "dont_know"), "dont_know", ()
        said = appraise(text).valence                 # answer what was said, not the lingering mood
        tone = "positive" if said > 0.2 else "negative" if said < -0.2 else "neutral"
        return self._line(lang, f"ack.{tone}"), "fallback", ()

    def _introduce(self, lang: str, role_first: bool) -> str:
        name, role = self.internal.name.strip() or "Avatar", self.internal.role.strip().rstrip(".")
        if lang == "ko":
            who = self._line(lang, "who", name_cop=_ko_name(name))
            role_line = role + "." if role and _HANGUL.search(role) else self._line(lang, "no_role")
        else:
            who = self._line(lang, "who", name=name)
            if role and not (role[:2].isalpha() and role[:2].isupper()):    # "A guide" → "a guide"; keep "AI"
                role = role[:1].lower() + role[1:]
            role_line = self._line(lang, "role", role=role) if role else self._line(lang, "no_role")
        return f"{role_line} {who}" if role_first else f"{who} {role_line}"

    def _learn(self, facts: list[mem.Fact], lang: str, greet: bool) -> tuple[str, str, tuple[str, ...]]:
        lines = [self._line(lang, "greeting").split(" ")[0]] if greet else []
        if not self.internal.memory_enabled:        # be honest: nothing is kept
            lines += [self._line(lang, "learn.name", v=f.value) for f in facts if f.key == "name"]
            lines.append(self._line(lang, "learn.off"))
            return " ".join(lines), "learn", ()
        lines += [self._line(lang, f"learn.{f.key}", v=f.value) for f in facts]
        before = set(self.memories)
        self.memories = mem.remember(self.memories, facts)
        stored = tuple(m for m in self.memories if m not in before)
        return " ".join(lines), "learn", stored

    def _recall(self, what: str, lang: str) -> str:
        if not self.internal.memory_enabled:
            return self._line(lang, "recall.off")
        keys = {"name": ("name",), "likes": ("likes",), "home": ("lives in",),
                "all": ("name", "likes", "dislikes", "lives in", "works as")}[what]
        out = []
        for key in keys:
            values = mem.recall(self.memories, key)
            if not values:
                continue
            if key in mem.SINGLE:
                out.append(self._line(lang, f"recall.{key}", v=values[-1]))
            else:
                joined = (", " if lang == "ko" else " and ").join(values[-3:])
                out.append(self._line(lang, f"recall.{key}", v=joined))
        if not out:
            none_key = {"home": "lives in"}.get(what, what)
            return self._line(lang, f"recall.none.{none_key}")
        return " ".join(out)
