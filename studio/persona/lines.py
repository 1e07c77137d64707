"""Conversation style shapes the avatar's generated lines (internal features
must do something). From the profile's `internal` group:

- formality: Korean speech level (합쇼체 formal / 해요체 polite / 반말 casual, see
  `korean.py`); English contractions and a few word choices (formal expands "I'm" → "I am"
  and says "Thank you very much"; casual contracts and says "Hi", "Thanks");
- verbosity: < 0.34 keeps the first half of the sentences (at least one); > 0.66 adds a friendly follow-up;
- emoji use: round(emoji_use × sentences) sentences end with an emoji chosen by valence
  (the TTS drops emoji, so they shape the text, never the voice).
Deterministic: the same text and profile give the same line.
"""
from __future__ import annotations

import re
import zlib

from studio.persona.korean import has_final_consonant, set_level
from studio.profile.model import Internal

_SENTENCES = re.compile(r"(?<=[.!?…])\s+")
_EN_CONTRACTIONS = (("I am", "I'm"), ("you are", "you're"), ("it is", "it's"), ("do not", "don't"),
                    ("cannot", "can't"), ("I will", "I'll"), ("I would", "I'd"),
                    ("let us", "let's"), ("that is", "that's"), ("we are", "we're"),
                    ("I have", "I've"), ("does not", "doesn't"), ("is not", "isn't"))
_EN_WORDS = {  # casual, polite, formal
    "greeting": ("Hi", "Hello", "Good day"),
    "thanks": ("Thanks", "Thank you", "Thank you very much"),
}
_FOLLOW_UP = {
    ("en", "casual"): "Just ask if you need anything!",
    ("en", "polite"): "Let me know if there is anything I can help with.",
    ("en", "formal"): "Please do not hesitate to ask if I can be of any assistance.",
    ("ko", "casual"): "궁금한 거 있으면 물어봐.",
    ("ko", "polite"): "궁금한 점이 있으면 물어보세요.",
    ("ko", "formal"): "궁금하신 점이 있으시면 말씀해 주십시오.",
}
_EMOJI = {"positive": ("😊", "😄", "🙂", "✨"), "neutral": ("🙂", "👋"), "negative": ("😔", "🙏")}
_LEVEL_INDEX = {"casual": 0, "polite": 1, "formal": 2}


def _lang(internal: Internal, language: str | None) -> str:
    return (language or internal.language or "en").split("-")[0].lower()


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCES.split(text.strip()) if s]


def _english(sentence: str, formality: str) -> str:
    s = sentence
    for full, short in _EN_CONTRACTIONS:
        src, dst = (short, full) if formality == "formal" else (full, short)
        if formality in ("formal", "casual"):
            s = re.sub(rf"\b{re.escape(src)}\b", lambda m, d=dst: _same_case(m.group(0), d), s,
                       flags=re.IGNORECASE)
    i = _LEVEL_INDEX[formality]
    for forms in _EN_WORDS.values():
        for form in sorted(forms, key=len, reverse=True):
            pattern = rf"^{re.escape(form)}\b" if form in _EN_WORDS["greeting"] else rf"\b{re.escape(form)}\b"
            if re.search(pattern, s):
                s = re.sub(pattern, forms[i], s, count=1)
                break
    return s


def _same_case(found: str, replacement: str) -> str:
    """Keep a capital first letter ("It is" → "It's"); "I" stays "I"."""
    return replacement[0].upper() + replacement[1:] if found[:1].isupper() else replacement


def _mood(internal: Internal) -> str:
    return "positive" if internal.valence > 0.15 else "negative" if internal.valence < -0.3 else "neutral"


def _add_emoji(sentences: list[str], internal: Internal, key: str) -> list[str]:
    count = round(min(max(internal.emoji_use, 0.0), 1.0) * len(sentences))
    if count == 0:
        return sentences
    pool = _EMOJI[_mood(internal)]
    h = zlib.crc32(key.encode("utf-8"))
    picks = sorted(range(len(sentences)), key=lambda k: (k != len(sentences) - 1, (h >> k) & 7))[:count]
    return [s + " " + pool[(h + k) % len(pool)] if k in picks else s for k, s in enumerate(sentences)]


def style_line(text: str, internal: Internal, language: str | None = None) -> str:
    """`text` in the avatar's conversation style (formality, verbosity, emoji use)."""
    lang = _lang(internal, language)
    formality = internal.formality if internal.formality in _LEVEL_INDEX else "polite"
    sentences = split_sentences(text)
    if not sentences:
        return ""
    if lang == "ko":
        sentences = [set_level(s, formality) for s in sentences]
    elif lang == "en":
        sentences = [_english(s, formality) for s in sentences]
    if internal.verbosity < 0.34:
        sentences = sentences[: max(1, (len(sentences) + 1) // 2)]
    elif internal.verbosity > 0.66 and (lang, formality) in _FOLLOW_UP:
        sentences.append(_FOLLOW_UP[(lang, formality)])
    return " ".join(_add_emoji(sentences, internal, text))


def _ko_name(name: str) -> str:
    last = name.strip()[-1:] if name.strip() else ""
    if "\uac00" <= last <= "\ud7a3":
        return name + ("이에요" if has_final_consonant(last) else "예요")
    return name + ("예요" if last.lower() in "aeiouy" else "이에요")


def greeting_line(internal: Internal, language: str | None = None) -> str:
    """The avatar's greeting: the profile's own greeting if the user wrote one, else one made
    from its name (and role, when verbose) — styled by `style_line`."""
    lang = _lang(internal, language)
    default = Internal().greeting
    if internal.greeting.strip() and internal.greeting != default:
        base = internal.greeting
    elif lang == "ko":
        base = f"안녕하세요! 저는 {_ko_name(internal.name)}. 만나서 반가워요."
    else:
        base = f"Hello! I am {internal.name}. Nice to meet you."
        role = internal.role.strip().rstrip(".")
        if role:
            if not (role[:2].isalpha() and role[:2].isupper()):          # "A guide" → "I am a guide"; keep "AI …"
                role = role[:1].lower() + role[1:]
            base += f" I am {role}."
    return style_line(base, internal, lang)
