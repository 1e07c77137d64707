"""The user's ~30 s voice sample: record or import, trim, check, measure, store.

Samples are N float32 mono at `RATE` (16 kHz: what the VAD wants, and plenty for pitch and
formants). `prepare_sample` is the one call the studio makes after recording or importing.
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from studio.errors import Cancelled, UserError
from studio.profile.model import VoiceProfile
from studio.speech.audio_io import MAX_SECONDS, level_dbfs, load_audio

RATE = 16000
TARGET_SECONDS = 30.0
MIN_SPEECH_SECONDS = 8.0
MAX_SAMPLE_SECONDS = 120.0     # longer recordings: the first two minutes are used
SAMPLE_ASSET = "voice-sample.wav"


@dataclass(frozen=True)
class SampleReport:
    """What the checks found. `problems` make the sample unusable; `advice` is for both."""
    speech_seconds: float
    problems: tuple[str, ...]
    advice: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def record(seconds: float = TARGET_SECONDS, progress: Callable[[float], None] | None = None,
           cancel: threading.Event | None = None, device=None) -> np.ndarray:
    """Record from the microphone: N float32 mono at RATE. UserError when there is none."""
    try:
        from studio.audio_device import sounddevice
        stream = sounddevice().InputStream(samplerate=RATE, channels=1, dtype="float32", device=device)
    except (ImportError, OSError) as exc:
        raise UserError("no microphone found: connect one (and allow the app to use it), "
                        f"or import a recording instead ({exc})") from None
    except Exception as exc:        # sd.PortAudioError has no stable import path
        raise UserError(f"the microphone could not be opened: {exc}") from None
    blocks, total, need = [], 0, int(seconds * RATE)
    with stream:
        while total < need:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            data, _ = stream.read(min(1600, need - total))
            blocks.append(np.asarray(data, np.float32).reshape(-1))
            total += len(blocks[-1])
            if progress:
                progress(total / need)
    return np.concatenate(blocks) if blocks else np.zeros(0, np.float32)


def import_sample(path) -> np.ndarray:
    """A recording from a file, as N float32 mono at RATE (UserError for bad files)."""
    samples, _ = load_audio(path, rate=RATE)
    return samples


def trim(samples: np.ndarray) -> np.ndarray:
    """Leading and trailing non-speech cut off (Silero VAD)."""
    from studio.speech.vad import trim as vad_trim
    return vad_trim(samples, RATE)


def check_sample(samples: np.ndarray, segments: list[tuple[float, float]] | None = None) -> SampleReport:
    """Too short, clipped, too quiet, mostly noise — each with what to do about it.
    `segments`: speech segments (s) if already found with `vad.speech_segments`."""
    from studio.speech.vad import speech_segments
    problems, advice = [], []
    total = len(samples) / RATE
    if total > MAX_SECONDS:
        raise UserError(f"the voice sample is {total / 60:.0f} minutes long; 30 seconds is enough")
    segs = segments if segments is not None else (speech_segments(samples, RATE) if total >= 0.5 else [])
    speech = sum(b - a for a, b in segs)
    if speech < MIN_SPEECH_SECONDS:
        problems.append(f"too short: {speech:.1f} s of speech found — read a paragraph aloud "
                        f"for about {TARGET_SECONDS:.0f} s (at least {MIN_SPEECH_SECONDS:.0f} s)")
    elif speech < 0.6 * TARGET_SECONDS:
        advice.append(f"{speech:.0f} s of speech is usable; about {TARGET_SECONDS:.0f} s gives "
                      "a steadier voice profile")
    clipped = float(np.mean(np.abs(samples) >= 0.99)) if len(samples) else 0.0
    if clipped > 0.001:
        problems.append(f"clipped: {clipped:.1%} of the samples hit full scale — lower the input "
                        "gain or move a hand's width further from the microphone")
    mask = np.zeros(len(samples), bool)
    for a, b in segs:
        mask[int(a * RATE):int(b * RATE)] = True
    speech_db = level_dbfs(samples[mask]) if mask.any() else level_dbfs(samples)
    noise_db = level_dbfs(samples[~mask]) if (~mask).sum() > RATE // 4 else float("-inf")
    if speech_db < -40:
        problems.append(f"too quiet: speech at {speech_db:.0f} dBFS — speak up, move closer or "
                        "raise the input gain (aim for about -20 dBFS)")
    if len(samples) and speech < 0.3 * total and total >= 3:
        problems.append(f"mostly noise: only {speech / total:.0%} of the recording is speech — "
                        "record in a quiet room and start speaking right away")
    elif np.isfinite(noise_db) and speech_db - noise_db < 15:
        msg = (f"noisy: speech is only {speech_db - noise_db:.0f} dB above the background — "
               "turn off fans or music and record in a quieter room")
        (problems if speech_db - noise_db < 8 else advice).append(msg)
    return SampleReport(round(speech, 2), tuple(problems), tuple(advice))


def prepare_sample(samples: np.ndarray) -> tuple[np.ndarray, VoiceProfile, SampleReport]:
    """Check, trim and measure a recorded/imported sample (RATE). UserError listing every
    problem (with advice) when it is unusable."""
    from studio.speech.voice_profile import measure_voice
    long = len(samples) > MAX_SAMPLE_SECONDS * RATE
    if long:
        samples = samples[: int(MAX_SAMPLE_SECONDS * RATE)]
    from studio.speech.vad import speech_segments
    segs = speech_segments(samples, RATE) if len(samples) >= RATE // 2 else []
    report = check_sample(samples, segs)
    if not report.ok:
        raise UserError("the voice sample cannot be used: " + "; ".join(report.problems))
    if long:
        report = SampleReport(report.speech_seconds, report.problems, report.advice + (
            f"only the first {MAX_SAMPLE_SECONDS / 60:.0f} minutes are used; 30 seconds is enough",))
    trimmed = samples[int(segs[0][0] * RATE): int(np.ceil(segs[-1][1] * RATE))] if segs else samples
    return trimmed, measure_voice(trimmed, RATE), report


def wav_bytes(samples: np.ndarray, rate: int = RATE) -> bytes:
    """16-bit WAV file content for storing the sample inside a project."""
    import soundfile as sf
    buf = io.BytesIO()
    sf.write(buf, np.clip(samples, -1, 1), rate, subtype="PCM_16", format="WAV")
    return buf.getvalue()


def store_in_project(project, samples: np.ndarray, profile: VoiceProfile) -> str:
    """Put the (trimmed) sample into the project's assets and the profile into its dynamic
    group (voice_sample, voice_profile); returns the asset name."""
    name = project.add_asset(wav_bytes(samples), SAMPLE_ASSET)
    dyn = replace(project.profile.dynamic, voice_sample=name, voice_profile=profile)
    project.profile = replace(project.profile, dynamic=dyn)
    return name
