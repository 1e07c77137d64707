"""Speech benchmarks (issue 4 budgets): eSpeak synthesis + viseme track for a 200-character
sentence (≤ 100 ms), time to first audio of a 2,000-character text (≤ 150 ms), audio-only
lip-sync real-time factor (≤ 0.05×). Ratios are budget / measured (> 1 is within budget)."""
from __future__ import annotations

import time
from typing import Callable, Iterator

import numpy as np

SENTENCE_200 = ("When the morning train finally pulled into the little station by the sea, "
                "Anna stepped onto the platform, breathed the salty air and smiled, because "
                "she knew at once that this summer would be different.")
BUDGET_SYNTH_MS = 100.0
BUDGET_FIRST_AUDIO_MS = 150.0
BUDGET_RTF = 0.05


def _timed(fn: Callable[[], object], seconds: float, max_runs: int = 200) -> np.ndarray:
    """Run fn repeatedly for about `seconds` (at least 3 runs); times in ms."""
    times, start = [], time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < seconds and len(times) < max_runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return np.array(times)


def _stats(ms: np.ndarray) -> str:
    return f"median {np.median(ms):.1f} ms, p90 {np.percentile(ms, 90):.1f} ms, n={len(ms)}"


def figures(size: int, seconds: float) -> Iterator[str]:
    from studio.speech.audio_lipsync import StreamingLipSync, audio_track, templates
    from studio.speech.engine import VoiceSettings
    from studio.speech.espeak import ESpeakEngine
    from studio.speech.visemes import viseme_track

    engine, settings = ESpeakEngine(), VoiceSettings()
    per = max(0.5, seconds / 4)
    engine.synthesize("warm up", settings)

    speech = engine.synthesize(SENTENCE_200, settings)
    ms = _timed(lambda: viseme_track(engine.synthesize(SENTENCE_200, settings), 30), per)
    med = float(np.median(ms))
    yield (f"speech eSpeak + visemes, {len(SENTENCE_200)} chars ({speech.duration:.1f} s of audio): "
           f"{_stats(ms)} — budget ≤{BUDGET_SYNTH_MS:g} ms: {BUDGET_SYNTH_MS / med:.2f}×")

    long_text = " ".join([SENTENCE_200] * 11)[:2000]
    ms = _timed(lambda: next(iter(engine.stream(long_text, settings))), per)
    med = float(np.median(ms))
    yield (f"speech time to first audio, {len(long_text)} chars: {_stats(ms)} "
           f"— budget ≤{BUDGET_FIRST_AUDIO_MS:g} ms: {BUDGET_FIRST_AUDIO_MS / med:.2f}×")

    from studio.profile.model import ExternalDynamic, VoiceProfile
    from studio.speech.say import speak
    dyn = ExternalDynamic(voice_profile=VoiceProfile(median_pitch_hz=210, pitch_range_semitones=5,
                                                     speaking_rate_sps=5, spectral_tilt_db=-6,
                                                     formant_shift=1.15))
    t = time.perf_counter()
    speak(SENTENCE_200, dyn)
    first = (time.perf_counter() - t) * 1000
    ms = _timed(lambda: speak(SENTENCE_200, dyn), per)
    yield (f"speech speak() with voice matching, {len(SENTENCE_200)} chars: first call {first:.0f} ms "
           f"(calibrates the voice once), then {_stats(ms)}")

    t = time.perf_counter()
    templates()
    yield f"speech audio lip-sync templates built once: {(time.perf_counter() - t) * 1000:.0f} ms"
    audio = engine.synthesize(" ".join([SENTENCE_200] * 2), settings)
    ms = _timed(lambda: audio_track(audio.samples, audio.sample_rate, 30), per)
    rtf = float(np.median(ms)) / 1000 / audio.duration
    yield (f"speech audio-only lip-sync, {audio.duration:.1f} s at {audio.sample_rate} Hz: "
           f"{rtf:.4f}× real time ({_stats(ms)}) — budget ≤{BUDGET_RTF:g}×: {BUDGET_RTF / rtf:.1f}×")

    stream = StreamingLipSync(audio.sample_rate)
    block = audio.sample_rate // 50
    t = time.perf_counter()
    for i in range(0, len(audio.samples), block):
        stream.push(audio.samples[i:i + block])
    per_block = (time.perf_counter() - t) * 1000 / max(1, len(audio.samples) // block)
    yield (f"speech streaming lip-sync: {per_block:.2f} ms per 20 ms block, latency "
           f"{stream.latency_s * 1000:.0f} ms + block")
