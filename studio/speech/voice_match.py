"""Moving eSpeak's voice towards the user's measured `VoiceProfile`.

1. Pitch: a male and a female eSpeak variant of the language's voice are calibrated once
   (median f0 measured at pitch parameter 0, 25, 50, 75, 100); the variant that reaches the
   target nearest its middle is chosen and the parameter interpolated in log-frequency.
   The pitch slider (`voice_pitch`, 50 = as measured) moves the target ±half an octave.
   `speak()` then measures the synthesized text once and corrects the parameter (a text's
   intonation shifts its median away from the calibration sentence's).
2. Pitch range: eSpeak's range parameter scaled by the user's range over the variant's.
3. Rate: words/min scaled by the user's syllable rate over eSpeak's (both measured alike).
4. Formants ("resampling trick"): to scale formants by α without changing pitch or timing,
   eSpeak speaks at pitch f/α and rate r/α, and the audio is then played α times faster
   (polyphase resampling); event times are divided by α. α = user's formant shift over the
   variant's, limited to 0.8..1.25.
5. Spectral tilt: a zero-phase EQ of (user tilt − variant tilt) dB/octave around 1 kHz,
   limited to ±12 dB.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from studio.profile.model import VoiceProfile
from studio.speech.engine import VoiceSettings
from studio.speech.types import PhonemeEvent, Speech

_CAL_TEXT = {"ko": "안녕하세요, 오늘 날씨가 정말 좋네요.", "ja": "こんにちは、きょうはいいてんきですね。",
             "cmn": "你好，今天天气很好。", "es": "Hola, hoy hace muy buen tiempo.",
             "fr": "Bonjour, il fait très beau aujourd'hui.", "de": "Guten Tag, heute ist schönes Wetter."}
_CAL_DEFAULT = "Hello, the weather is really lovely today, isn't it?"
_PARAMS = (0, 25, 50, 75, 100)
VARIANTS = ("", "+f3")


@dataclass(frozen=True)
class Calibration:
    voice: str
    pitches: tuple[float, ...]     # median f0 (Hz) at pitch parameter 0, 25, 50, 75, 100
    range_semitones: float
    syllable_rate: float           # at 175 words/min
    tilt_db: float
    formant_shift: float


@dataclass(frozen=True)
class MatchPlan:
    settings: VoiceSettings        # what to ask eSpeak for
    alpha: float                   # formant scale applied after synthesis
    tilt_db: float                 # extra dB/octave applied after synthesis
    calibration: Calibration | None = None


@lru_cache(maxsize=32)
def calibrate(language: str, voice: str) -> Calibration:
    """Measure an eSpeak voice (cached per process; ~0.2 s)."""
    from studio.speech.espeak import ESpeakEngine
    from studio.speech.pitch import median_pitch
    from studio.speech.voice_profile import measure_voice
    engine = ESpeakEngine()
    text = _CAL_TEXT.get(language.split("-")[0], _CAL_DEFAULT)
    pitches = []
    for p in _PARAMS:
        s = engine.synthesize(text, VoiceSettings(language=language, voice=voice, pitch=p))
        pitches.append(median_pitch(s.samples, s.sample_rate))
    s = engine.synthesize(text + " " + text, VoiceSettings(language=language, voice=voice))
    prof = measure_voice(s.samples, s.sample_rate)
    return Calibration(voice, tuple(pitches), max(prof.pitch_range_semitones, 0.5),
                       max(prof.speaking_rate_sps, 0.5), prof.spectral_tilt_db, prof.formant_shift)


def _param_for(cal: Calibration, target_hz: float) -> float:
    """eSpeak pitch parameter giving `target_hz` (interpolated in log f; clipped 0..100)."""
    logs = np.log(np.maximum(cal.pitches, 1.0))
    order = np.argsort(logs)
    return float(np.clip(np.interp(np.log(target_hz), logs[order], np.array(_PARAMS)[order],
                                   left=0, right=100), 0, 100))


def plan_match(settings: VoiceSettings, profile: VoiceProfile) -> MatchPlan:
    """How to make `settings`' voice sound like `profile` (see the module docstring)."""
    from studio.speech.espeak import _language_map, resolve_language
    language = resolve_language(settings.language)
    base = settings.voice or _language_map()[language]
    base = base.split("+")[0]
    target = profile.median_pitch_hz * 2 ** ((settings.pitch - 50) / 100)
    best = None
    for variant in VARIANTS:
        cal = calibrate(language, base + variant)
        alpha = float(np.clip(profile.formant_shift / max(cal.formant_shift, 0.5), 0.8, 1.25))
        param = _param_for(cal, target / alpha)
        reach = abs(np.log(target / alpha) - np.log(np.interp(param, _PARAMS, cal.pitches)))
        score = (round(reach, 2), abs(param - 50))      # reachable first, then mid-range
        if best is None or score < best[0]:
            best = (score, cal, alpha, param)
    _, cal, alpha, param = best
    rng = 50 * profile.pitch_range_semitones / cal.range_semitones if profile.pitch_range_semitones > 0 else settings.pitch_range
    rate = settings.rate
    if profile.speaking_rate_sps > 0:
        rate = settings.rate * float(np.clip(profile.speaking_rate_sps / cal.syllable_rate, 0.6, 1.6))
    matched = dataclasses.replace(settings, voice=cal.voice, pitch=param,
                                  pitch_range=float(np.clip(rng, 0, 100)),
                                  rate=float(np.clip(rate / alpha, 80, 450)))
    tilt = float(np.clip(profile.spectral_tilt_db - cal.tilt_db, -6, 6)) if profile.spectral_tilt_db else 0.0
    return MatchPlan(matched, alpha, tilt, cal)


def corrected_settings(settings: VoiceSettings, plan: MatchPlan,
                       measured_hz: float) -> VoiceSettings | None:
    """One closed-loop step: a text's intonation moves its median pitch away from the
    calibration's; given the median measured on the synthesized text (before `apply_plan`),
    return settings whose pitch hits the calibrated value, or None if already within 3 %."""
    cal = plan.calibration
    if cal is None or measured_hz <= 0:
        return None
    expected = float(np.exp(np.interp(settings.pitch, _PARAMS, np.log(np.maximum(cal.pitches, 1.0)))))
    ratio = measured_hz / expected
    if abs(np.log(ratio)) < np.log(1.03):
        return None
    return dataclasses.replace(settings, pitch=_param_for(cal, expected / ratio))


def _tilt_eq(x: np.ndarray, rate: int, db_per_octave: float) -> np.ndarray:
    """Zero-phase spectral tilt around 1 kHz (gain limited to ±12 dB)."""
    if abs(db_per_octave) < 0.1 or len(x) < 16:
        return x
    n = len(x)
    freqs = np.fft.rfftfreq(n, 1 / rate)
    gain_db = np.clip(db_per_octave * np.log2(np.maximum(freqs, 50) / 1000.0), -12, 12)
    y = np.fft.irfft(np.fft.rfft(x) * 10 ** (gain_db / 20), n)
    peak = np.max(np.abs(y))
    return (y / peak * 0.99 if peak > 0.99 else y).astype(np.float32)


def apply_plan(speech: Speech, plan: MatchPlan) -> Speech:
    """Formant scaling (play α× faster) and tilt EQ on synthesized speech; events follow."""
    x, rate, a = speech.samples, speech.sample_rate, plan.alpha
    if abs(a - 1) > 0.005:
        from studio.speech.audio_io import resample
        frac = Fraction(a).limit_denominator(50)
        x = resample(x, frac.numerator, frac.denominator)
        a = frac.numerator / frac.denominator
    x = _tilt_eq(x, rate, plan.tilt_db)
    dur = len(x) / rate
    ph = tuple(PhonemeEvent(min(p.start / a, dur), min(p.end / a, dur), p.phoneme, p.viseme)
               for p in speech.phonemes)
    words = tuple(dataclasses.replace(w, start=min(w.start / a, dur), end=min(w.end / a, dur))
                  for w in speech.words)
    meta = dict(speech.meta, voice_match={"alpha": round(a, 3), "tilt_db": round(plan.tilt_db, 2),
                                          "voice": plan.settings.voice})
    return Speech(x, rate, tuple(p for p in ph if p.end > p.start), words, speech.language, meta)
