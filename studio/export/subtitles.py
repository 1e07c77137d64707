"""Subtitles from the TTS word timings: readable cues, written as SRT or WebVTT sidecars.

Words are grouped into cues of at most `max_chars` characters (two lines of ~21) and
`max_seconds`; a cue also ends at a sentence end or a pause. Cues keep the words' own times,
so a subtitle appears when its first word is spoken and leaves after the last one (held a
little for reading, never overlapping the next cue).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from studio.speech.types import WordEvent

NO_SPACE_LANGS = ("ja", "zh", "cmn", "yue", "th")      # scripts written without spaces between words
SENTENCE_END = (".", "!", "?", "。", "！", "？", "…")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def _join(words: Sequence[str], language: str) -> str:
    sep = "" if language.split("-")[0].lower() in NO_SPACE_LANGS else " "
    return sep.join(w.strip() for w in words if w.strip())


def _wrap_two_lines(text: str, line_chars: int) -> str:
    """Break a long cue into two balanced lines at the space nearest its middle."""
    if len(text) <= line_chars or " " not in text:
        return text
    mid = len(text) // 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - mid))
    return text[:cut] + "\n" + text[cut + 1:]


def group_cues(words: Sequence[WordEvent], language: str = "", *, max_chars: int = 42,
               max_seconds: float = 5.0, pause: float = 0.6, hold: float = 0.3) -> list[Cue]:
    """Words (in time order) → cues. Empty words are skipped."""
    words = [w for w in words if w.text.strip()]
    groups: list[list[WordEvent]] = []
    for w in words:
        cur = groups[-1] if groups else None
        if cur:
            text = _join([x.display for x in cur + [w]], language)
            too_long = len(text) > max_chars or w.end - cur[0].start > max_seconds
            broke = (w.sentence_index != cur[-1].sentence_index
                     or cur[-1].display.strip().endswith(SENTENCE_END)
                     or w.start - cur[-1].end > pause)
            if not (too_long or broke):
                cur.append(w)
                continue
        groups.append([w])
    cues = []
    for i, g in enumerate(groups):
        nxt = groups[i + 1][0].start if i + 1 < len(groups) else float("inf")
        end = min(g[-1].end + hold, nxt)
        text = _wrap_two_lines(_join([x.display for x in g], language), max_chars // 2)
        cues.append(Cue(g[0].start, max(end, g[0].start + 0.05), text))
    return cues


def _stamp(t: float, sep: str) -> str:
    ms = int(round(max(t, 0.0) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: Sequence[Cue]) -> str:
    blocks = [f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n"
              for i, c in enumerate(cues, 1)]
    return "\n".join(blocks)


def to_vtt(cues: Sequence[Cue]) -> str:
    blocks = [f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n" for c in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def cue_at(cues: Sequence[Cue], t: float) -> int | None:
    """Index of the cue shown at time t, or None."""
    for i, c in enumerate(cues):
        if c.start <= t < c.end:
            return i
    return None
