"""Answers from the profile's knowledge notes (`internal.knowledge_notes`), offline.

The notes are split into passages (lines / sentences; list bullets dropped). Passages and the
question become character n-gram TF-IDF vectors — n-grams of each word padded with spaces
(" 서울", "서울에", "울에 "), so Korean matches across particles and endings without a
tokenizer, and English across plurals and tenses. Similarity is the cosine; the best passage
is scored by the cosine times (0.5 + 0.5 × the share of the question's content words it
contains), and returned only when that reaches `THRESHOLD`, below which the avatar says it does not know
(an honest "I don't know" beats a confident wrong answer). NumPy only.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

THRESHOLD = 0.2
NGRAMS = (3, 4, 5)        # Latin and other scripts: a syllable holds ~3 letters
NGRAMS_HANGUL = (2, 3)    # Hangul: one character is a whole syllable

# Question words and fillers that say nothing about the topic (they would make every
# question look like every other one).
_STOP_EN = set("""a an the is are was were be do does did what whats what's when where who whom
whose why how which can could would will should you your me my i to of in on at for about tell
please know any there it this that and or much many long""".split())
_STOP_KO = ("뭐예요", "뭐야", "뭔가요", "뭐지", "뭐", "무엇", "언제", "어디", "어떻게", "누구", "왜", "얼마",
            "알려줘", "알려", "주세요", "줘", "인가요", "나요", "까요", "입니까", "있어요", "있나요")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_PARTICLES = sorted(("은", "는", "이", "가", "을", "를", "에", "에서", "의", "도", "와", "과", "로", "으로",
                     "에게", "한테", "까지", "부터", "만", "이나", "나", "랑", "이랑", "께서"), key=len, reverse=True)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")
_SENT = re.compile(r"(?<=[.!?。])\s+")


@dataclass(frozen=True)
class Hit:
    passage: str
    score: float       # cosine similarity 0..1


def passages(notes: str) -> list[str]:
    """Lines of the notes, each split into sentences; bullets and blank lines dropped."""
    out = []
    for line in notes.splitlines():
        line = _BULLET.sub("", line).strip()
        out.extend(s.strip() for s in _SENT.split(line) if len(s.strip()) > 1)
    return out


def _words(text: str, query: bool) -> list[str]:
    words = _WORD.findall(text.lower())
    if not query:
        return words
    kept = []
    for w in words:
        if w in _STOP_EN:
            continue
        for stop in _STOP_KO:                  # "언제예요" → "" ; "휴관일은언제" keeps the topic
            if w == stop or (w.endswith(stop) and len(w) > len(stop) + 1):
                w = w[: len(w) - len(stop)] if w != stop else ""
                break
        if w:
            kept.append(w)
    return kept


def _strip_particles(word: str) -> str:
    """'카페에서는' → '카페': Korean particles would otherwise match between unrelated words."""
    for _ in range(2):
        for p in _PARTICLES:
            if word.endswith(p) and len(word) - len(p) >= 2:
                word = word[: -len(p)]
                break
        else:
            break
    return word


def _word_grams(word: str) -> list[str]:
    hangul = bool(_HANGUL.search(word))
    padded = f" {_strip_particles(word) if hangul else word} "
    return [padded[i:i + n] for n in (NGRAMS_HANGUL if hangul else NGRAMS)
            for i in range(len(padded) - n + 1) if padded[i:i + n].strip()]


def _grams(text: str, query: bool = False) -> Counter:
    grams: Counter = Counter()
    for w in _words(text, query):
        grams.update(_word_grams(w))
    return grams


def _coverage(question: str, passage_grams: set[str]) -> float:
    """Share of the question's content words that the passage contains (half their n-grams or
    more): one shared word in a long unrelated question should not look like an answer."""
    words = [g for g in (_word_grams(w) for w in _words(question, True)) if g]
    if not words:
        return 0.0
    return sum(2 * sum(x in passage_grams for x in g) >= len(g) for g in words) / len(words)


class KnowledgeBase:
    """TF-IDF index over the passages of some notes, stored sparse (the notes may hold 20,000
    characters: a dense passages × n-grams matrix would take ~50 MB)."""

    def __init__(self, notes: str):
        self.passages = passages(notes)
        counts = [_grams(p) for p in self.passages]
        vocab = sorted({g for c in counts for g in c})
        self._index = {g: i for i, g in enumerate(vocab)}
        n = len(counts)
        df = Counter(g for c in counts for g in c)
        self._idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in vocab], np.float32)
        rows, cols, vals = [], [], []                 # unit-length passage vectors, COO
        for row, c in enumerate(counts):
            idx, val = self._vector(c)
            rows.append(np.full(len(idx), row, np.int32))
            cols.append(idx)
            vals.append(val)
        self._rows = np.concatenate(rows) if rows else np.zeros(0, np.int32)
        self._cols = np.concatenate(cols) if cols else np.zeros(0, np.int32)
        self._vals = np.concatenate(vals) if vals else np.zeros(0, np.float32)

    def _vector(self, counts: Counter) -> tuple[np.ndarray, np.ndarray]:
        """(n-gram indices int32, unit-length sublinear TF-IDF weights float32); n-grams the
        notes do not contain are left out."""
        pairs = [(self._index[g], 1.0 + math.log(k)) for g, k in counts.items() if g in self._index]
        idx = np.array([i for i, _ in pairs], np.int32)
        val = np.array([w for _, w in pairs], np.float32) * self._idf[idx] if pairs else np.zeros(0, np.float32)
        norm = float(np.linalg.norm(val))
        return idx, (val / norm if norm > 0 else val)

    def search(self, question: str) -> Hit | None:
        """The best passage for `question` with its score, or None when there are no notes."""
        if not self.passages:
            return None
        q = np.zeros(len(self._idf), np.float32)
        idx, val = self._vector(_grams(question, query=True))
        q[idx] = val
        scores = np.bincount(self._rows, weights=self._vals * q[self._cols], minlength=len(self.passages))
        best = int(np.argmax(scores))
        cover = _coverage(question, set(_grams(self.passages[best])))
        return Hit(self.passages[best], float(scores[best]) * (0.5 + 0.5 * cover))

    def answer(self, question: str, threshold: float = THRESHOLD) -> Hit | None:
        """The best passage when it is relevant enough (score ≥ threshold), else None."""
        hit = self.search(question)
        return hit if hit is not None and hit.score >= threshold else None

    def top(self, question: str, k: int = 3, threshold: float = THRESHOLD) -> list[Hit]:
        """Up to `k` passages relevant to `question` (score ≥ threshold), best first — the
        notes handed to a language model for one turn."""
        if not self.passages:
            return []
        q = np.zeros(len(self._idf), np.float32)
        idx, val = self._vector(_grams(question, query=True))
        q[idx] = val
        scores = np.bincount(self._rows, weights=self._vals * q[self._cols], minlength=len(self.passages))
        hits = []
        for i in np.argsort(-scores)[: max(k * 3, k)]:
            if scores[i] <= 0:
                break
            cover = _coverage(question, set(_grams(self.passages[int(i)])))
            score = float(scores[i]) * (0.5 + 0.5 * cover)
            if score >= threshold:
                hits.append(Hit(self.passages[int(i)], score))
        return sorted(hits, key=lambda h: -h.score)[:k]
