"""Word timings: every word of the input text gets a `WordEvent`, timed from eSpeak's
WORD events and phonemes.

eSpeak's WORD events skip or merge words (the first word of a Korean sentence after a
sentence start, English "I am" spoken as one unit "aI a#m", Chinese two-character words,
numbers read as several words), so they cannot be used one-to-one. Instead:

1. Tokens: the text split at spaces; each Han character is a token of its own and CJK
   punctuation (、。，！？) ends a token. A token keeps its written form with the punctuation
   around it (`written`, e.g. "avatar.") and its core without it (`text`, "avatar"). A token
   with no letters or digits ("—", "…") joins the written form of the token before it.
2. Anchors: a WORD event marks the token holding its first character (earliest time per token;
   an event that would go back in time or text is ignored).
3. Groups: an anchored token and the unanchored tokens after it (and any tokens before the first
   anchor) share the spoken (non-silent) phonemes from their anchor up to the next anchor.
   They are handed out in order, in proportion to each token's length in letters (a Hangul
   syllable counts 2.5, a Han character 3, a kana 1.5, a digit 3 — roughly phonemes each),
   at least one per token; a group with fewer phonemes than tokens is merged with the next.
Word start/end are its first phoneme's start and last phoneme's end, so words are in order,
never overlap and lie within the audio.
"""
from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass

from studio.speech.text import script_of
from studio.speech.types import WordEvent

_CJK_PUNCT = frozenset("、。，！？：；…「」『』（）〜・")
_WEIGHT = {"hangul": 2.5, "han": 3.0, "kana": 1.5}
_EPS = 0.002   # s: a phoneme starting this much before an anchor belongs to the anchor's word


@dataclass
class Token:
    start: int      # written span in the text [start, end), punctuation included
    end: int
    core_start: int
    core_end: int

    def written(self, text: str) -> str:
        return text[self.start:self.end]

    def core(self, text: str) -> str:
        return text[self.core_start:self.core_end]


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZ"


def _weight(word: str) -> float:
    w = 0.0
    for ch in word:
        if ch.isdigit():
            w += 3.0
        elif ch.isalnum():
            w += _WEIGHT.get(script_of(ch), 1.0)
    return max(w, 1.0)


def _split_points(text: str, lo: int, hi: int) -> list[int]:
    """Where a space-free run text[lo:hi] splits into tokens (Han characters, CJK punctuation)."""
    cuts, last_alnum, punct_since = [], None, False
    for i in range(lo, hi):
        ch = text[i]
        if ch.isalnum():
            if last_alnum is not None and (punct_since or script_of(ch) == "han"
                                           or script_of(text[last_alnum]) == "han"):
                cuts.append(i)
            last_alnum, punct_since = i, False
        elif ch in _CJK_PUNCT:
            punct_since = last_alnum is not None
    return cuts


def tokenize(text: str) -> list[Token]:
    """The words of `text` in order (see the module docstring)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        bounds = [i] + _split_points(text, i, j) + [j]
        spans += list(zip(bounds[:-1], bounds[1:]))
        i = j
    tokens: list[Token] = []
    pending = None                       # leading punctuation-only span
    for a, b in spans:
        core = [k for k in range(a, b) if not _is_mark(text[k])]
        if not any(text[k].isalnum() for k in range(a, b)):
            if tokens:
                tokens[-1].end = b
            elif pending is None:
                pending = a
            continue
        start = pending if pending is not None else a
        pending = None
        tokens.append(Token(start, b, core[0], core[-1] + 1))
    return tokens


def _token_at(tokens: list[Token], starts: list[int], char: int) -> int:
    k = max(0, bisect.bisect_right(starts, char) - 1)
    return k + 1 if char >= tokens[k].end and k + 1 < len(tokens) else k


def _anchors(tokens: list[Token], events: list[tuple[float, int]]) -> dict[int, float]:
    """token index → time of the first WORD event in it, increasing in both."""
    starts = [t.start for t in tokens]
    found: dict[int, float] = {}
    for time, char in events:
        k = _token_at(tokens, starts, char)
        if k not in found:
            found[k] = time
    out, last_k, last_t = {}, -1, -1.0
    for k in sorted(found):
        if k > last_k and found[k] > last_t:
            out[k] = found[k]
            last_k, last_t = k, found[k]
    return out


def _hand_out(k: int, weights: list[float]) -> list[int]:
    """Boundaries 0 = b0 < b1 < … < bm = k giving m tokens ≥ 1 of k items by weight."""
    m, total = len(weights), sum(weights)
    bounds, cum = [0], 0.0
    for i in range(1, m):
        cum += weights[i - 1]
        b = int(round(k * cum / total))
        bounds.append(min(max(b, bounds[-1] + 1), k - (m - i)))
    return bounds + [k]


def align_words(text: str, word_events: list[tuple[float, int]],
                phonemes: list[tuple[float, float, bool]], duration: float) -> list[WordEvent]:
    """`word_events`: (time s, 0-based character index) of eSpeak WORD events;
    `phonemes`: (start s, end s, spoken) in order; → one WordEvent per token of `text`."""
    tokens = tokenize(text)
    if not tokens:
        return []
    words = [t.core(text) for t in tokens]
    weights = [_weight(w) for w in words]
    anchors = _anchors(tokens, word_events)
    spoken = [(s, e) for s, e, ok in phonemes if ok and e > s]
    # groups: [first token, end token) with the time their phonemes may start from
    firsts = [0] + [k for k in sorted(anchors) if k > 0]
    groups = []
    for gi, first in enumerate(firsts):
        last = firsts[gi + 1] if gi + 1 < len(firsts) else len(tokens)
        t0 = anchors.get(first, 0.0) if gi else 0.0
        t1 = anchors[firsts[gi + 1]] if gi + 1 < len(firsts) else float("inf")
        ph = [p for p in spoken if t0 - _EPS <= p[0] < t1 - _EPS]
        groups.append([first, last, ph])
    merged: list[list] = []
    for g in groups:                         # too few phonemes: share with the next group
        if merged and len(merged[-1][2]) < merged[-1][1] - merged[-1][0]:
            merged[-1][1], merged[-1][2] = g[1], merged[-1][2] + g[2]
        else:
            merged.append(g)
    if len(merged) > 1 and len(merged[-1][2]) < merged[-1][1] - merged[-1][0]:
        last = merged.pop()
        merged[-1][1], merged[-1][2] = last[1], merged[-1][2] + last[2]
    out: list[WordEvent] = []
    for first, last, ph in merged:
        w = weights[first:last]
        if len(ph) >= len(w):
            b = _hand_out(len(ph), w)
            spans = [(ph[b[i]][0], ph[b[i + 1] - 1][1]) for i in range(len(w))]
        else:                                # nothing to count on: split the time by weight
            t0 = ph[0][0] if ph else (out[-1].end if out else 0.0)
            t1 = ph[-1][1] if ph else duration
            t1 = min(max(t1, t0 + 1e-3 * len(w)), max(duration, t0 + 1e-3 * len(w)))
            cum = [0.0]
            for x in w:
                cum.append(cum[-1] + x)
            spans = [(t0 + (t1 - t0) * cum[i] / cum[-1], t0 + (t1 - t0) * cum[i + 1] / cum[-1])
                     for i in range(len(w))]
        for i, (s, e) in enumerate(spans):
            tok = tokens[first + i]
            out.append(WordEvent(s, e, words[first + i], tok.written(text)))
    return out
