"""Speech data shared by TTS engines, lip-sync, the performance and export.

`Speech.samples` is N float32 mono in -1..1 at `sample_rate` Hz. Event times are seconds from
the first sample. Phonemes carry the engine's mnemonic (e.g. eSpeak's "a#", "tS") and the
viseme class it maps to (see `studio.speech.visemes.VISEMES`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np


@dataclass(frozen=True)
class PhonemeEvent:
    start: float
    end: float
    phoneme: str
    viseme: str


@dataclass(frozen=True)
class WordEvent:
    """One word of the input text, in order; words never overlap.
    `text`: the word without surrounding punctuation ("avatar"); `written`: as written in
    the input, punctuation included ("avatar.", "¿cómo"; "" when unknown); `sentence_index`:
    which sentence of the text it belongs to (0, 1, … — a new index starts a new sentence;
    a very long sentence cut at a comma for streaming counts as two)."""
    start: float
    end: float
    text: str
    written: str = ""
    sentence_index: int = 0

    @property
    def display(self) -> str:
        """What to show in subtitles: the written form, else the bare word."""
        return self.written or self.text


@dataclass(frozen=True)
class Speech:
    """Synthesized (or loaded) speech: N float32 mono samples in -1..1 with timed events."""
    samples: np.ndarray
    sample_rate: int
    phonemes: tuple[PhonemeEvent, ...] = ()
    words: tuple[WordEvent, ...] = ()
    language: str = ""
    meta: dict = field(default_factory=dict, compare=False)  # engine settings used (for logs)

    @property
    def duration(self) -> float:
        return len(self.samples) / float(self.sample_rate)

    @staticmethod
    def concat(chunks: "list[Speech]") -> "Speech":
        """Join chunks (same rate) end to end, shifting their events. Sentence indices stay
        as they are while they keep increasing (streamed chunks); a chunk whose indices would
        go back (an independent Speech) is renumbered after the previous chunk's."""
        if not chunks:
            raise ValueError("no speech chunks")
        rate = chunks[0].sample_rate
        phon: list[PhonemeEvent] = []
        words: list[WordEvent] = []
        t = 0.0
        for c in chunks:
            if c.sample_rate != rate:
                raise ValueError("speech chunks differ in sample rate")
            phon += [PhonemeEvent(p.start + t, p.end + t, p.phoneme, p.viseme) for p in c.phonemes]
            first = min((w.sentence_index for w in c.words), default=0)
            shift = words[-1].sentence_index + 1 - first if words and first <= words[-1].sentence_index else 0
            words += [replace(w, start=w.start + t, end=w.end + t,
                              sentence_index=w.sentence_index + shift) for w in c.words]
            t += c.duration
        samples = np.concatenate([c.samples for c in chunks]).astype(np.float32, copy=False)
        return Speech(samples, rate, tuple(phon), tuple(words), chunks[0].language, dict(chunks[0].meta))
