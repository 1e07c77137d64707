"""Emoji in Qt rich text: drawn with an emoji font when the system has one, otherwise
replaced by a text face (":)") or left out, never shown as an empty box.

Qt falls back per character only to fonts it considers for the text's script; colour emoji
fonts are often not among them, so the emoji runs are wrapped in a span naming the font.
"""
from __future__ import annotations

import functools
import html
import re

# emoji and pictographs, dingbats, symbols; with the joiners and variation selectors that
# belong to them
EMOJI_RUN = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF"
                       "\u200D\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]+")
CANDIDATES = ("Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", "Twemoji Mozilla",
              "Twemoji", "EmojiOne Color", "JoyPixels", "Noto Emoji", "Symbola")
# what an emoji says when there is no font to draw it
FACES = {
    ":)": "🙂😊☺😀😃😁😄😆🤗😉😌🥳🤩",
    ":D": "😂🤣😹",
    ":(": "😔😞😢😭😿🥺😟🙁☹😕💔",
    ":O": "😮😲😱😨😰🤯😳",
    ">:(": "😠😡🤬",
    "<3": "😍🥰😘💕💖💗❤♥💞",
    ":P": "😛😜😝",
    "*": "✨⭐🌟",
}
_FACE_OF = {ch: face for face, chars in FACES.items() for ch in chars}


@functools.lru_cache(maxsize=1)
def emoji_font() -> str:
    """The family of an installed font that has emoji glyphs, or '' when there is none."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics
    families = QFontDatabase.families()
    ordered = [f for f in CANDIDATES if f in families]
    ordered += [f for f in families if "emoji" in f.lower() and f not in ordered]
    for family in ordered:
        font = QFont(family)
        if QFontInfo(font).family() != family:
            continue
        if QFontMetrics(font).inFontUcs4(0x1F600):
            return family
    return ""


def _fallback(run: str) -> str:
    faces = []
    for ch in run:
        face = _FACE_OF.get(ch)
        if face and (not faces or faces[-1] != face):
            faces.append(face)
    return " ".join(faces)


def emoji_html(text: str, font: str | None = None) -> str:
    """`text` as escaped HTML with its emoji drawable: in a span using the emoji font, or as
    text faces where no emoji font is installed. `font` overrides the font lookup."""
    family = emoji_font() if font is None else font
    out, pos = [], 0
    for m in EMOJI_RUN.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        run = m.group(0)
        if family:
            out.append(f"<span style=\"font-family: '{html.escape(family)}'\">{html.escape(run)}</span>")
        else:
            out.append(html.escape(_fallback(run)))
        pos = m.end()
    out.append(html.escape(text[pos:]))
    result = "".join(out)
    return re.sub(r"  +", " ", result).strip() if not family else result
