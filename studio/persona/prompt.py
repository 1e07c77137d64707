"""The persona as a system prompt for a language model, written in the conversation's language
(Korean or English; other languages get the English prompt with "answer in <language>").

Built from the profile's internal group: name and role, the Big Five (only traits clearly
above or below the middle are described), the emotional baseline and the current mood,
conversation style (formality → Korean speech level 반말/해요체/합쇼체 or English register;
emoji use; verbosity → a sentence budget), the knowledge notes retrieved for this turn, the
facts remembered about the user, the user's name, a summary of older turns, and older things
the user said that match this message (`recall.HistoryRecall`). The reply must
begin with an emotion tag (`[emotion=happy intensity=0.7]`) that `streaming.TagParser` reads.
"""
from __future__ import annotations

from studio.profile.model import Internal

EMOTION_WORDS = ("neutral", "happy", "excited", "calm", "sad", "angry", "surprised", "thinking",
                 "tired", "love", "fear", "disgusted", "playful")

_TRAITS_EN = {
    "openness": ("curious and imaginative, happy to explore new ideas", "practical and down to earth"),
    "conscientiousness": ("careful, organised and precise", "easy-going and spontaneous"),
    "extraversion": ("outgoing, warm and talkative", "quiet and reserved; you keep small talk short"),
    "agreeableness": ("kind, patient and empathetic", "frank and direct, even blunt"),
    "neuroticism": ("sensitive; your feelings show easily", "calm and emotionally steady"),
}
_TRAITS_KO = {
    "openness": ("호기심이 많고 새로운 생각을 즐깁니다", "현실적이고 실용적입니다"),
    "conscientiousness": ("꼼꼼하고 정확합니다", "느긋하고 즉흥적입니다"),
    "extraversion": ("외향적이고 따뜻하며 말하기를 좋아합니다", "조용하고 차분하며 잡담은 짧게 합니다"),
    "agreeableness": ("친절하고 참을성 있으며 공감을 잘합니다", "솔직하고 직설적입니다"),
    "neuroticism": ("감정이 쉽게 드러나는 예민한 편입니다", "감정적으로 안정되어 있고 침착합니다"),
}
_LEVEL_KO = {
    "casual": "반말(해체)로 친구처럼 말하세요. 예: \"응, 알겠어.\" 존댓말(요, 습니다)은 쓰지 마세요.",
    "polite": "해요체로 말하세요. 예: \"네, 알겠어요.\" 반말이나 합쇼체(습니다)는 쓰지 마세요.",
    "formal": "합쇼체로 격식 있게 말하세요. 예: \"네, 알겠습니다.\" 해요체나 반말은 쓰지 마세요.",
}
_LEVEL_EN = {
    "casual": "Speak casually, like a friend: contractions and everyday words.",
    "polite": "Speak in a friendly, polite everyday register.",
    "formal": "Speak formally and respectfully: no slang, no contractions.",
}
_LANG_NAMES = {"en": "English", "ko": "Korean", "ja": "Japanese", "zh": "Chinese", "es": "Spanish",
               "fr": "French", "de": "German"}


def _mood_words(valence: float, arousal: float, ko: bool) -> str:
    if ko:
        v = "기분이 좋은" if valence > 0.3 else "우울한" if valence < -0.3 else "무난한"
        a = "들뜬" if arousal > 0.4 else "차분한" if arousal < -0.4 else ""
        return f"{a} {v}".strip()
    v = "cheerful" if valence > 0.3 else "low" if valence < -0.3 else "even"
    a = "excited" if arousal > 0.4 else "calm" if arousal < -0.4 else ""
    return f"{a} {v}".strip() if a else v


def _verbosity(verbosity: float, ko: bool) -> str:
    if verbosity < 0.34:
        return "아주 짧게, 한두 문장으로 답하세요." if ko else "Answer very briefly, in one or two sentences."
    if verbosity > 0.66:
        return ("자세하게 답해도 되지만 다섯 문장을 넘기지 마세요." if ko
                else "You may answer in detail, but keep it under five sentences.")
    return "두세 문장으로 답하세요." if ko else "Answer in two or three sentences."


def _emoji(emoji_use: float, ko: bool) -> str:
    if emoji_use < 0.1:
        return "이모지는 쓰지 마세요." if ko else "Do not use emoji."
    if emoji_use > 0.6:
        return "이모지를 자주 쓰세요." if ko else "Use emoji often."
    return "이모지는 가끔만 쓰세요." if ko else "Use an emoji now and then, not in every sentence."


def user_name(facts: list[str] | tuple[str, ...]) -> str:
    """The user's name from remembered facts ('name: Minji'), newest first, or ''."""
    for line in reversed(list(facts)):
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == "name" and value.strip():
            return value.strip()
    return ""


def system_prompt(internal: Internal, language: str, *, notes: list[str] | tuple[str, ...] = (),
                  facts: list[str] | tuple[str, ...] = (), summary: str = "",
                  recalled: list[str] | tuple[str, ...] = (),
                  valence: float | None = None, arousal: float | None = None) -> str:
    """The system message for one turn. `language` is the conversation's ('en', 'ko', …);
    `notes` the knowledge passages retrieved for this turn; `facts` the remembered lines
    ('name: Minji', free text too); `summary` of older turns; `recalled` older user lines that
    match this message; `valence`/`arousal` the mood now."""
    lang = (language or "en").split("-")[0].lower()
    ko = lang == "ko"
    name = internal.name.strip() or "Avatar"
    role = internal.role.strip()
    p = internal.personality
    traits = _TRAITS_KO if ko else _TRAITS_EN
    described = [traits[t][0] if getattr(p, t) >= 0.66 else traits[t][1]
                 for t in traits if getattr(p, t) >= 0.66 or getattr(p, t) <= 0.34]
    v = internal.valence if valence is None else valence
    a = internal.arousal if arousal is None else arousal
    formality = internal.formality if internal.formality in _LEVEL_EN else "polite"
    who = user_name(facts)
    lines: list[str] = []
    if ko:
        lines.append(f"당신은 '{name}'입니다." + (f" {role}" if role else ""))
        lines.append("사용자와 소리 내어 대화하는 디지털 휴먼이며, 당신의 말은 음성으로 읽힙니다. "
                     "목록이나 마크다운 없이 자연스러운 구어체 문장으로 답하세요.")
        if described:
            lines.append("성격: " + " ".join(d if d.endswith(".") else d + "." for d in described))
        lines.append(f"지금 기분: {_mood_words(v, a, True)} 상태입니다.")
        lines.append("말투: " + _LEVEL_KO[formality] + " " + _verbosity(internal.verbosity, True) + " "
                     + _emoji(internal.emoji_use, True))
        lines.append("항상 한국어로 답하세요.")
    else:
        lines.append(f"You are {name}." + (f" {role}" if role else ""))
        lines.append("You are a digital human talking with the user out loud; what you write is "
                     "spoken by a voice. Answer in natural spoken sentences, no lists or markdown.")
        if described:
            lines.append("Personality: you are " + "; ".join(described) + ".")
        lines.append(f"Your mood right now: {_mood_words(v, a, False)}.")
        lines.append("Style: " + _LEVEL_EN[formality] + " " + _verbosity(internal.verbosity, False) + " "
                     + _emoji(internal.emoji_use, False))
        if lang != "en":
            lines.append(f"Always answer in {_LANG_NAMES.get(lang, lang)}.")
    if who:
        lines.append(f"사용자의 이름은 {who}입니다." if ko else f"The user's name is {who}.")
    if facts:
        head = "사용자에 대해 기억하는 것:" if ko else "What you remember about the user:"
        lines.append(head + "\n" + "\n".join(f"- {f}" for f in facts))
    if summary.strip():
        head = "이전 대화 요약:" if ko else "Summary of your earlier conversations:"
        lines.append(head + " " + summary.strip())
    if recalled:
        head = ("사용자가 예전에 한 말 중 지금과 관련된 것:" if ko else
                "Things the user told you earlier that may matter now:")
        lines.append(head + "\n" + "\n".join(f"- {r}" for r in recalled))
    if notes:
        head = ("참고 메모 (이 내용에 근거해 답하고, 메모에 없는 사실은 지어내지 마세요):" if ko else
                "Your notes for this question (answer from them; do not invent facts that are not there):")
        lines.append(head + "\n" + "\n".join(f"- {n}" for n in notes))
    emotions = ", ".join(EMOTION_WORDS)
    if ko:
        lines.append("답의 맨 앞에 지금 감정을 태그로 붙이세요. 예: [emotion=happy intensity=0.7] "
                     f"감정은 다음 중 하나(영어로): {emotions}. 강도는 0에서 1 사이. 태그는 한 번만, 그 뒤에 답을 쓰세요.")
    else:
        lines.append("Begin every reply with a tag for the emotion you feel, e.g. [emotion=happy intensity=0.7], "
                     f"emotion one of: {emotions}; intensity 0 to 1. Write the tag once, then your answer.")
    return "\n".join(lines)
