"""Figures for text-driven lip-sync and the speaking-rate measure
(`python -m studio.speech.sync_eval`).

1. Mouth vs sound: for each sentence of `SYNC_SET` (English and Korean, heavy in nasals and
   close vowels, which are loud with a nearly closed mouth), the correlation at lag 0 between
   `viseme_track`'s jawOpen at 30 fps and the audio's RMS envelope (66 ms window), and the lag
   (frames) that maximises it. Default voice, then a female voice at 130 words/min and the
   default at 300.
2. Speaking rate: `voice_profile.speaking_rate` on eSpeak speech at 120–350 words/min against
   the true syllable rate from eSpeak's phoneme events (`true_syllable_rate`).
"""
from __future__ import annotations

import numpy as np

from studio.speech.types import Speech

SYNC_SET: tuple[tuple[str, str], ...] = (
    ("en-us", "Good morning! Thank you very much, I think we will meet again soon."),
    ("en", "Hello there, I am your avatar. Nice to meet you!"),
    ("en", "My name is Emily and I mean it: nobody knows the noon moon."),
    ("en", "Please leave the green bean machine in the kitchen."),
    ("en", "Would you bring me some news about the new movie?"),
    ("en-us", "I'm running a little late, but I will be there in a minute."),
    ("ko", "안녕하세요, 저는 아바타입니다. 만나서 반갑습니다."),
    ("ko", "음, 나는 너무 많이 먹었어요. 미안해요."),
    ("ko", "오늘 날씨가 정말 좋네요. 우리 같이 산책할까요?"),
    ("ko", "이 노래는 누구의 노래인지 아무도 몰라요."),
    ("ko", "지금 무엇을 하고 있니? 빨리 와!"),
)
VARIANTS = (("", 175), ("+f3", 130), ("", 300))   # voice variant, words/min


def sync(speech: Speech, fps: float = 30, smoothing: float = 0.5) -> tuple[int, float]:
    """(best lag in frames, correlation at lag 0) of jawOpen vs the audio envelope."""
    from studio.speech.envelope import best_lag, frame_envelope
    from studio.speech.visemes import viseme_track
    jaw = viseme_track(speech, fps, smoothing=smoothing).column("jawOpen").astype(np.float64)
    env = frame_envelope(speech.samples, speech.sample_rate, fps, len(jaw))
    best, corr = best_lag(jaw, env)
    return best, corr[0]


def true_syllable_rate(speech: Speech) -> float:
    """Syllables per second of speaking time from the phoneme events: one nucleus per vowel
    phoneme (a diphthong split into two shapes counts once; glides j/w do not)."""
    from studio.speech.viseme_tables import lookup, strip_stress
    from studio.speech.visemes import VOWELS
    count, talking, prev = 0, 0.0, None
    for p in speech.phonemes:
        if p.viseme != "sil":
            talking += p.end - p.start
        entry = lookup(speech.language, p.phoneme)
        second_half = (prev is not None and prev.phoneme == p.phoneme
                       and abs(prev.end - p.start) < 1e-9 and isinstance(entry, tuple))
        prev = p
        if not second_half and strip_stress(p.phoneme) not in ("j", "w", ";") \
                and (isinstance(entry, tuple) or entry in VOWELS):
            count += 1
    return count / max(talking, 1e-6)


def sync_figures() -> list[str]:
    from studio.speech.engine import VoiceSettings
    from studio.speech.espeak import ESpeakEngine, _language_map
    engine = ESpeakEngine()
    lines = []
    for variant, rate in VARIANTS:
        res = []
        for lang, text in SYNC_SET:
            voice = _language_map()[lang] + variant if variant else ""
            s = engine.synthesize(text, VoiceSettings(language=lang, voice=voice, rate=rate))
            res.append(sync(s))
        c = [r[1] for r in res]
        lines.append(f"jaw vs envelope, voice '{variant or 'default'}' {rate} wpm: median "
                     f"{np.median(c):.2f}, min {min(c):.2f}, best lags {sorted({r[0] for r in res})}")
    return lines


def rate_figures() -> list[str]:
    from studio.speech.audio_io import resample
    from studio.speech.engine import VoiceSettings
    from studio.speech.espeak import ESpeakEngine
    from studio.speech.sample_text import SAMPLE_TEXT
    from studio.speech.voice_profile import speaking_rate
    engine = ESpeakEngine()
    errors, lines = [], []
    for lang in ("en", "ko", "es", "de", "ja", "cmn"):
        row = []
        for rate in (120, 175, 250, 350):
            s = engine.synthesize(SAMPLE_TEXT[lang], VoiceSettings(language=lang, rate=rate))
            truth = true_syllable_rate(s)
            got = speaking_rate(resample(s.samples, s.sample_rate, 16000), 16000)
            errors.append(got / truth - 1)
            row.append(f"{truth:.1f}→{got:.1f}")
        lines.append(f"speaking rate {lang:3} at 120/175/250/350 wpm (true→measured syl/s): "
                     + ", ".join(row))
    e = np.abs(errors)
    lines.append(f"speaking rate error: mean {100 * e.mean():.0f} %, worst {100 * e.max():.0f} %")
    return lines


if __name__ == "__main__":
    print("\n".join(sync_figures() + rate_figures()))
