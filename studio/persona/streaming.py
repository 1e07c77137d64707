"""Pieces of a streamed reply: the emotion tag at its start, and sentences as they complete.

The model is asked to begin with a tag such as `[emotion=happy intensity=0.7]` (JSON such as
`{"emotion": "happy", "intensity": 0.7}` is read too). `TagParser` holds back the start of the
stream until it knows whether a tag is there — the tag may arrive split over any number of
chunks — then passes the rest through; a missing or malformed tag leaves the emotion unset
(the caller keeps the rule-based one) and never eats spoken text. Tags repeated later in the
reply are removed by `strip_tags`.

`SentenceSplitter` cuts the text into sentences for the voice as soon as each one is complete:
after `.` `!` `?` `…` `。` `！` `？` (runs of them, with closing quotes/brackets) followed by
white space, at a line break, and — so that a run-on reply still starts speaking — at the last
comma or space before `MAX_SENTENCE` characters. A full stop is only an end when the next
character is white space (so "3.14" and "e.g." mid-sentence stay whole), and a few English
abbreviations (Mr., Dr., e.g., …) are not ends. Korean sentence endings (다/요/죠/까/니다 …)
followed by punctuation or a line break end a sentence like any other.
"""
from __future__ import annotations

import json
import re

MAX_SENTENCE = 220             # characters; a longer run is cut at a comma or space
MAX_TAG = 160                  # a tag is short; a longer bracketed start is text

_TAG_RE = re.compile(r"^\s*(\[[^\[\]\n]{0,%d}\]|\{[^{}\n]{0,%d}\}|<[^<>\n]{0,%d}>)" % (MAX_TAG, MAX_TAG, MAX_TAG))
_KV_EMOTION = re.compile(r"(?:emotion|feeling|mood|감정)\s*[=:]\s*[\"']?([^\s\"',;\]}>]+)", re.I)
_KV_INTENSITY = re.compile(r"(?:intensity|strength|강도)\s*[=:]\s*[\"']?([0-9]*\.?[0-9]+)", re.I)
_ANY_TAG = re.compile(r"\s*[\[{<][^\[\]{}<>\n]{0,%d}(?:emotion|feeling|mood)\s*[\"']?\s*[=:][^\[\]{}<>\n]{0,%d}[\]}>]\s*"
                      % (MAX_TAG, MAX_TAG), re.I)

_ENDS = ".!?…。！？"
_CLOSERS = "\"'”’»)]}」』）"
_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "no", "jr", "sr", "inc", "ltd"}


def parse_tag(tag: str) -> tuple[str | None, float | None]:
    """(emotion label lowercased, intensity 0..1) from one tag's text; (None, None) when it
    names no emotion."""
    emotion = intensity = None
    body = tag.strip()
    if body.startswith("{"):
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict):
            e = data.get("emotion", data.get("mood", data.get("feeling")))
            emotion = str(e).strip().lower() if isinstance(e, str) and e.strip() else None
            i = data.get("intensity", data.get("strength"))
            if isinstance(i, (int, float)) and not isinstance(i, bool):
                intensity = float(i)
            elif isinstance(i, str):
                try:
                    intensity = float(i)
                except ValueError:
                    intensity = None
    if emotion is None:
        m = _KV_EMOTION.search(body)
        emotion = m.group(1).strip().lower() if m else None
        m = _KV_INTENSITY.search(body)
        if m and intensity is None:
            try:
                intensity = float(m.group(1))
            except ValueError:
                intensity = None
    if emotion is None:
        return None, None
    if intensity is not None:
        if intensity > 1.0 and intensity <= 10.0:      # "intensity=7" on a 0..10 scale
            intensity /= 10.0
        intensity = min(max(intensity, 0.0), 1.0)
    return emotion, intensity


def strip_tags(text: str) -> str:
    """`text` without emotion tags (a model may repeat one per sentence)."""
    return _ANY_TAG.sub(" ", text).strip() if ("emotion" in text.lower() or "mood" in text.lower()
                                                  or "feeling" in text.lower()) else text


class TagParser:
    """Feed the stream's deltas; get back the text to speak/show. `emotion`/`intensity` are
    set once a leading tag was read; `decided` once the start of the stream is known."""

    def __init__(self):
        self._head = ""
        self.decided = False
        self.emotion: str | None = None
        self.intensity: float | None = None
        self.raw_tag = ""

    def feed(self, delta: str) -> str:
        if self.decided:
            return delta
        self._head += delta
        s = self._head.lstrip()
        if not s:
            return ""
        if s[0] not in "[{<":
            return self._decide(s)
        m = _TAG_RE.match(s)
        if m:
            tag = m.group(1)
            emotion, intensity = parse_tag(tag if tag[0] == "{" else tag[1:-1])
            if emotion is None:
                return self._decide(s)                   # "[laughs]" or "<b>" is text, not a tag
            self.emotion, self.intensity, self.raw_tag = emotion, intensity, m.group(1)
            return self._decide(s[m.end():].lstrip())
        closer = {"[": "]", "{": "}", "<": ">"}[s[0]]
        if closer in s or "\n" in s or len(s) > MAX_TAG + 2:
            return self._decide(s)                       # closed but not a tag, or far too long
        return ""                                        # the tag is still arriving

    def finish(self) -> str:
        """The end of the stream: whatever is still held back (a cut-off tag is dropped)."""
        if self.decided:
            return ""
        s = self._head.lstrip()
        if s[:1] in "[{<" and re.search(r"emotion|mood|feeling", s, re.I):
            emotion, intensity = parse_tag(s[1:])        # "[emotion=happy" with nothing after it
            self.emotion, self.intensity = emotion, intensity
            return self._decide("")
        return self._decide(s)

    def _decide(self, text: str) -> str:
        self.decided, self._head = True, ""
        return text


class SentenceSplitter:
    """Feed text; get back the sentences that are complete. `flush()` returns the rest."""

    def __init__(self, max_chars: int = MAX_SENTENCE):
        self.max_chars = max_chars
        self._buf = ""

    def feed(self, text: str) -> list[str]:
        self._buf += text
        out = []
        while True:
            cut = self._find_end(self._buf)
            if cut is None:
                break
            sentence, self._buf = self._buf[:cut].strip(), self._buf[cut:].lstrip()
            if sentence:
                out.append(sentence)
        return out

    def flush(self) -> list[str]:
        rest, self._buf = self._buf.strip(), ""
        return [rest] if rest else []

    def _find_end(self, buf: str) -> int | None:
        i, n = 0, len(buf)
        while i < n:
            ch = buf[i]
            if ch == "\n":
                if buf[:i].strip():
                    return i + 1
            elif ch in _ENDS or (ch in "~～" and i > 0 and "\uac00" <= buf[i - 1] <= "\ud7a3"):
                j = i + 1
                while j < n and (buf[j] in _ENDS or buf[j] in "~～"):
                    j += 1
                while j < n and buf[j] in _CLOSERS:
                    j += 1
                if j >= n:
                    break                               # the next character decides
                full_width = buf[j - 1] in "。！？" or any(c in "。！？" for c in buf[i:j])
                if (buf[j].isspace() or full_width) and not self._abbreviation(buf, i):
                    return j
                i = j
                continue
            i += 1
        if len(buf) > self.max_chars:                    # a run-on: cut at a comma, else a space
            window = buf[: self.max_chars]
            for mark in (", ", "、", "，", "; ", " "):
                k = window.rfind(mark)
                if k > self.max_chars // 3:
                    return k + len(mark)
            return self.max_chars
        return None

    @staticmethod
    def _abbreviation(buf: str, i: int) -> bool:
        if buf[i] != ".":
            return False
        m = re.search(r"([A-Za-z][A-Za-z.]*)$", buf[:i])
        if not m:
            return False
        word = m.group(1).lower()
        return word in _ABBREV or (len(word) == 1 and word.isalpha() and buf[m.start() - 1: m.start()] in ("", " ")
                                    and m.group(1).isupper())
