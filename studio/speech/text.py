"""Text preparation for TTS: cleaning, sentence splitting and script runs.

Emoji, pictographs and control characters are dropped (eSpeak would spell them out as
"grinning face" in English whatever the voice). Sentences end at . ! ? … 。！？ and line
breaks; a sentence longer than `MAX_CHUNK` characters is cut at the last comma or space so the
first audio of a long text is ready quickly.
"""
from __future__ import annotations

import re
import unicodedata

from studio.errors import UserError

MAX_TEXT_CHARS = 20_000   # ≈ 20 minutes of speech; more is refused with a message
MAX_CHUNK = 240

_DROP_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn", "Cf"}
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[。！？])|\n+")

# Unicode ranges → script name; anything else counts as "other" (kept with its neighbours).
_SCRIPTS = (
    ("hangul", ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF))),
    ("kana", ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),
    ("han", ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))),
    ("latin", ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF))),
    ("cyrillic", ((0x400, 0x4FF),)),
    ("greek", ((0x370, 0x3FF),)),
    ("arabic", ((0x600, 0x6FF),)),
    ("hebrew", ((0x590, 0x5FF),)),
    ("thai", ((0xE00, 0xE7F),)),
    ("devanagari", ((0x900, 0x97F),)),
)
# The script a language's voice reads, and the voice used for a run in another script.
LANGUAGE_SCRIPTS = {"ko": {"hangul"}, "ja": {"kana"}, "cmn": {"han"}, "yue": {"han"},
                    "ru": {"cyrillic"}, "uk": {"cyrillic"}, "bg": {"cyrillic"},
                    "el": {"greek"}, "ar": {"arabic"}, "he": {"hebrew"}, "th": {"thai"},
                    "hi": {"devanagari"}}
SCRIPT_VOICE = {"hangul": "ko", "kana": "ja", "han": "cmn", "latin": "en", "cyrillic": "ru",
                "greek": "el", "arabic": "ar", "hebrew": "he", "thai": "th", "devanagari": "hi"}


def script_of(ch: str) -> str:
    o = ord(ch)
    for name, ranges in _SCRIPTS:
        if any(lo <= o <= hi for lo, hi in ranges):
            return name
    return "other"


def clean(text: str) -> str:
    """Drop emoji/pictographs/controls, normalise (NFC) and collapse spaces; keep line breaks."""
    if not isinstance(text, str):
        raise UserError("the text to speak must be a string")
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\n\r":
            out.append("\n")
        elif cat in _DROP_CATEGORIES or cat.startswith("C"):
            out.append(" ")
        else:
            out.append(ch)
    text = re.sub(r"[ \t\u00a0\u3000]+", " ", "".join(out))
    return re.sub(r" *\n[ \n]*", "\n", text).strip()


def check_text(text: str) -> str:
    """Cleaned text, or UserError for empty, unspeakable or too long input."""
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        raise UserError(f"the text is {len(text):,} characters long; the limit is "
                        f"{MAX_TEXT_CHARS:,} (about 20 minutes of speech) — split it into parts")
    cleaned = clean(text)
    if not cleaned and not (isinstance(text, str) and text.strip()):
        raise UserError("there is nothing to say: the text is empty")
    if not any(ch.isalnum() for ch in cleaned):
        raise UserError("there is nothing to say: the text has no letters or digits "
                        "(emoji and symbols are not spoken)")
    return cleaned


# A period after these (or after a single initial, "J.") does not end the sentence.
_ABBREVIATIONS = frozenset({"mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "sr.", "sra.", "jr.",
                            "vs.", "e.g.", "i.e.", "no.", "fig.", "mt.", "hr.", "fr.", "ca."})


def _join_abbreviations(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        words = out[-1].split() if out else []
        last = words[-1].lower() if words else ""
        if "\n" not in piece and last and (last in _ABBREVIATIONS or
                                           (len(last) == 2 and last[0].isalpha() and last[1] == ".")):
            out[-1] = out[-1] + " " + piece
        else:
            out.append(piece)
    return out


def sentences(text: str, max_chunk: int = MAX_CHUNK) -> list[str]:
    """Cleaned text → sentences, each at most `max_chunk` characters (cut at , or space)."""
    out: list[str] = []
    for s in _join_abbreviations(_SENTENCE_END.split(text)):
        s = s.strip()
        while len(s) > max_chunk:
            cut = max(s.rfind(c, 0, max_chunk) for c in ",，、;: ")
            cut = cut + 1 if cut > max_chunk // 3 else max_chunk
            out.append(s[:cut].strip())
            s = s[cut:].strip()
        if s:
            out.append(s)
    return [s for s in out if any(ch.isalnum() for ch in s)]


def script_runs(text: str, language: str) -> list[tuple[str, str]]:
    """Split a sentence into (voice language, text) runs: letters in a script that the
    language's voice cannot read go to a voice that can (Hangul → ko, kana → ja, …).
    Spaces, digits and punctuation stay with the run they follow."""
    base = language.split("-")[0]
    own = LANGUAGE_SCRIPTS.get(base, {"latin"})
    if base == "ja":
        own = {"kana"}
    runs: list[list[str]] = []
    for ch in text:
        sc = script_of(ch)
        voice = language if sc in ("other",) or sc in own else SCRIPT_VOICE.get(sc, language)
        if sc == "other" and runs:
            voice = runs[-1][0]
        if runs and runs[-1][0] == voice:
            runs[-1][1] += ch
        else:
            runs.append([voice, ch])
    merged = [(v, t.strip()) for v, t in runs if any(c.isalnum() for c in t)]
    return merged or [(language, text)]
