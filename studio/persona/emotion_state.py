"""The avatar's emotional state during a conversation (emotion drives the
expression and the voice prosody; personality scales how far it moves).

State: valence (unhappy … happy) and arousal (calm … excited), each -1..1. It starts at the
profile's baseline (`internal.valence`, `internal.arousal`). Each user turn:

1. decay — the state moves back towards the baseline, keeping `RETAIN` of its offset
   (a neurotic avatar keeps more of a negative mood: it lingers);
2. appraisal — what the user said is scored with a small English + Korean lexicon (`appraise`):
   positive/negative words (negated ones flip and weaken), exciting/calming words, "!" and emoji;
3. push — the appraisal moves the state, scaled by personality:
   agreeableness = empathy (mirrors the user's valence, ×0.5 … ×1.5), neuroticism makes negative
   swings larger (×0.6 … ×1.4), extraversion makes arousal swings larger (×0.5 … ×1.5).

`expression_for` maps a state to one of `studio.rig.presets.PRESETS` with an intensity.
Deterministic: no randomness, no model.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from studio.profile.model import Internal

RETAIN = 0.5             # share of the offset from baseline kept per turn
PUSH = 0.75              # how far one fully positive message moves valence (at average empathy)

# English word → (valence, arousal). Matched on whole words, lowercase.
_EN = {
    **dict.fromkeys(("good", "great", "nice", "glad", "happy", "fine", "cool", "fun", "like", "love",
                     "lovely", "enjoy", "enjoyed", "beautiful", "best", "thanks", "thank", "pleased",
                     "perfect", "wonderful", "kind", "sweet", "proud", "better", "yay"), (1.0, 0.0)),
    **dict.fromkeys(("awesome", "amazing", "excellent", "fantastic", "brilliant", "incredible",
                     "excited", "exciting", "thrilled", "delighted", "won", "win", "celebrate"),
                    (1.0, 0.8)),
    **dict.fromkeys(("bad", "sad", "unhappy", "sorry", "lonely", "depressed", "hurt", "cry", "crying",
                     "lost", "miss", "disappointed", "sick", "ill", "boring", "bored", "worse",
                     "wrong", "problem", "fail", "failed", "tired", "exhausted"), (-1.0, -0.2)),
    **dict.fromkeys(("terrible", "awful", "horrible", "worst", "hate", "angry", "furious", "mad",
                     "annoyed", "annoying", "upset", "scared", "afraid", "worried", "stressed",
                     "panic", "disaster", "stupid", "useless"), (-1.0, 0.7)),
    **dict.fromkeys(("wow", "omg", "urgent", "hurry", "can't wait", "surprise", "surprised"),
                    (0.0, 0.9)),
    **dict.fromkeys(("calm", "relaxed", "quiet", "peaceful", "sleepy", "slow"), (0.3, -0.7)),
}
# Korean stems → (valence, arousal). Korean attaches endings and particles, so stems are
# matched as substrings; longer stems are tried first ("재미없" before "재미").
_KO = {
    **dict.fromkeys(("좋", "행복", "기쁘", "기뻐", "사랑", "감사", "고마", "고맙", "멋지", "멋져", "재미있",
                     "재밌", "즐거", "즐겁", "반가", "반갑", "괜찮", "편안", "다행", "예쁘", "예뻐"), (1.0, 0.0)),
    **dict.fromkeys(("최고", "대박", "신나", "신난", "신났", "설레", "훌륭", "짱", "축하", "합격"), (1.0, 0.8)),
    **dict.fromkeys(("슬프", "슬퍼", "우울", "외로", "외롭", "아프", "아파", "피곤", "힘들", "힘드", "속상",
                     "실망", "재미없", "지루", "나쁘", "나빠", "싫", "미안", "죄송", "눈물", "떨어졌"),
                    (-1.0, -0.2)),
    **dict.fromkeys(("화나", "화가", "화났", "짜증", "최악", "무서", "무섭", "걱정", "불안", "끔찍",
                     "열받"), (-1.0, 0.7)),
    **dict.fromkeys(("와", "헐", "깜짝", "놀랐", "놀라"), (0.0, 0.9)),
    **dict.fromkeys(("차분", "평온", "졸려", "졸리", "느긋"), (0.3, -0.7)),
}
_KO_STEMS = sorted(_KO, key=len, reverse=True)
_EMOJI = {**dict.fromkeys("😊😄😀😁🙂😍🥰❤💕👍✨😃☺", (1.0, 0.3)),
          **dict.fromkeys("🎉🤩😆🥳", (1.0, 0.9)),
          **dict.fromkeys("😢😭😞😔💔👎😿🥺", (-1.0, -0.2)),
          **dict.fromkeys("😠😡🤬😱😰😨", (-1.0, 0.8)),
          **dict.fromkeys("😮😲🤯", (0.0, 0.9))}
_EN_NEGATORS = {"not", "no", "never", "don't", "dont", "doesn't", "didn't", "isn't", "wasn't",
                "aren't", "won't", "can't", "cannot", "hardly", "nothing"}
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_KO_NEG_BEFORE = re.compile(r"(?:^|\s)(?:안|못)\s*$")          # "안 좋아", "못 참겠어"
_KO_NEG_AFTER = re.compile(r"^\S*?지\s*(?:않|마|못)")           # "좋지 않아", "슬프지 마"


@dataclass(frozen=True)
class EmotionState:
    valence: float = 0.0
    arousal: float = 0.0


@dataclass(frozen=True)
class Appraisal:
    """How a message sounds: valence/arousal -1..1 and how many cues were found."""
    valence: float = 0.0
    arousal: float = 0.0
    cues: int = 0


def _clip(x: float, lo: float = -1.0, hi: float = 1.0) -> float:
    return float(min(max(x, lo), hi))


def baseline(internal: Internal) -> EmotionState:
    return EmotionState(_clip(internal.valence), _clip(internal.arousal))


def _english(text: str) -> list[tuple[float, float]]:
    words = _EN_WORD.findall(text.lower().replace("’", "'"))
    hits = []
    for i, w in enumerate(words):
        pair = _EN.get(w) or (_EN.get(f"{w} {words[i + 1]}") if i + 1 < len(words) else None)
        if pair is None:
            continue
        if any(p in _EN_NEGATORS for p in words[max(0, i - 3):i]):
            pair = (-0.5 * pair[0], 0.5 * pair[1])      # "not happy" is milder than "sad"
        hits.append(pair)
    return hits


def _korean(text: str) -> list[tuple[float, float]]:
    hits, taken = [], [False] * len(text)
    for stem in _KO_STEMS:
        for m in re.finditer(re.escape(stem), text):
            if any(taken[m.start():m.end()]):
                continue                      # part of a longer stem already counted
            if stem in ("와", "짱") and not (m.start() == 0 or text[m.start() - 1] in " !.?,"):
                continue                      # '와' only as an exclamation, not inside a word
            for k in range(m.start(), m.end()):
                taken[k] = True
            pair = _KO[stem]
            if _KO_NEG_BEFORE.search(text[:m.start()]) or _KO_NEG_AFTER.match(text[m.end():]):
                pair = (-0.5 * pair[0], 0.5 * pair[1])
            hits.append(pair)
    return hits


def appraise(text: str) -> Appraisal:
    """Score a user message. Sums of cues are squashed with tanh, so two cues count more
    than one but ten do not go off the scale. Each '!' (up to three) adds arousal."""
    hits = _english(text) + _korean(text) + [_EMOJI[c] for c in text if c in _EMOJI]
    bangs = min(text.count("!"), 3)
    if not hits and not bangs:
        return Appraisal()
    v = sum(h[0] for h in hits)
    a = sum(h[1] for h in hits) + 0.5 * bangs
    return Appraisal(math.tanh(0.8 * v), math.tanh(0.8 * a), len(hits) + bangs)


def decay(state: EmotionState, internal: Internal) -> EmotionState:
    """One turn's pull back to the baseline; negative moods linger for a neurotic avatar."""
    base = baseline(internal)
    lingering = state.valence < base.valence
    keep_v = RETAIN + (0.3 * (internal.personality.neuroticism - 0.5) if lingering else 0.0)
    return EmotionState(base.valence + (state.valence - base.valence) * keep_v,
                        base.arousal + (state.arousal - base.arousal) * RETAIN)


def step(state: EmotionState, internal: Internal, text: str) -> EmotionState:
    """The state after the user said `text`: decay, then the personality-scaled push."""
    p = internal.personality
    a = appraise(text)
    empathy = 0.5 + _clip(p.agreeableness, 0, 1)
    dv = PUSH * a.valence * empathy
    if dv < 0:
        dv *= 0.6 + 0.8 * _clip(p.neuroticism, 0, 1)
    da = PUSH * a.arousal * (0.5 + _clip(p.extraversion, 0, 1))
    s = decay(state, internal)
    return EmotionState(_clip(s.valence + dv), _clip(s.arousal + da))


def mood(state: EmotionState) -> str:
    """A word for the state: excited, happy, calm, neutral, tired, sad, angry, surprised."""
    v, a = state.valence, state.arousal
    if v >= 0.3:
        return "excited" if a >= 0.45 else "happy"
    if v <= -0.2:
        return "angry" if a >= 0.3 else "sad"
    if a >= 0.5:
        return "surprised"
    if a <= -0.4:
        return "tired"
    return "calm" if v > 0.05 else "neutral"


_PRESET = {"excited": "laugh", "happy": "happy", "calm": "happy", "neutral": "neutral",
           "tired": "sleepy", "sad": "sad", "angry": "angry", "surprised": "surprised"}


# every face the chat can pick: its moods' presets, "thinking" when it does not know, and the
# presets of a language model's emotion tags (studio/persona/session.py, EMOTIONS)
CHAT_FACES = ("happy", "laugh", "love", "cheeky", "smirk", "surprised", "thinking", "sleepy",
              "sad", "fear", "angry", "disgusted")


def chat_face(profile, name: str) -> str:
    """The preset the chat shows when it picks `name`: the user's choice for it
    (`dynamic.chat_faces`: a built-in preset or one of their own) while that still exists,
    else `name` itself. A performance plays either kind (`build_performance`)."""
    dynamic = getattr(profile, "dynamic", None)
    chosen = (getattr(dynamic, "chat_faces", None) or {}).get(name)
    if not chosen:
        return name
    from studio.rig.presets import PRESETS
    if chosen in PRESETS or chosen in (getattr(dynamic, "user_presets", None) or {}):
        return chosen
    return name


def expression_for(state: EmotionState, expressiveness: float = 0.5) -> tuple[str, float]:
    """(preset name in `studio.rig.presets.PRESETS`, intensity 0..1) for a state. Intensity
    grows with how far the state is from neutral and with expressiveness (0 → half, 1 → 1.5×)."""
    name = _PRESET[mood(state)]
    strength = math.hypot(state.valence, state.arousal) / math.sqrt(2.0)
    if name == "neutral":
        return name, 0.0
    if name == "happy" and mood(state) == "calm":
        strength *= 0.5                      # a content avatar smiles a little
    x = _clip(expressiveness, 0.0, 1.0)
    return name, round(_clip(0.15 + strength * (0.5 + x) * 1.2, 0.0, 1.0), 3)
