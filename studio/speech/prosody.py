"""Emotion and personality → prosody: the emotion drives the voice prosody (see
docs/ARCHITECTURE.md, *Persona and chat*).

Inputs from the profile's internal group: valence v and arousal a (-1..1), expressiveness x
(0..1) and extraversion e (0..1). The changes, applied on top of the user's voice settings:

| quantity              | formula                                   | e.g. excited (a=1) | sad (v=-.8, a=-.6) |
| --------------------- | ----------------------------------------- | ------------------ | ------------------ |
| rate (words/min)      | × (1 + 0.15·a + 0.10·(e−0.5))             | +15 %              | −9 %               |
| pitch (eSpeak 0..100) | + (6·a + 5·v) · k                         | +6 · k             | −7.6 · k           |
| pitch range (0..100)  | + (12·a + 8·v + 30·(x−0.5)) · k           | +12 · k            | −13.6 · k          |
| volume (× linear)     | × (1 + 0.15·a + 0.10·(e−0.5))             | +15 %              | −9 %               |

where k = 0.5 + x (expressiveness scales how far emotion shows in the voice: a flat avatar,
x = 0, shows half of it; a very expressive one, x = 1, one and a half). Results are clipped to
the engine's ranges. Arousal speeds up, raises and widens; negative valence lowers and
narrows; extraverts speak a little faster and louder.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from studio.profile.model import Internal
from studio.speech.engine import VoiceSettings


@dataclass(frozen=True)
class Prosody:
    rate_scale: float = 1.0
    pitch_shift: float = 0.0
    range_shift: float = 0.0
    volume_scale: float = 1.0


def prosody_for(internal: Internal | None) -> Prosody:
    """The prosody change for a profile's emotional baseline and personality."""
    if internal is None:
        return Prosody()
    v = min(max(internal.valence, -1.0), 1.0)
    a = min(max(internal.arousal, -1.0), 1.0)
    x = min(max(internal.expressiveness, 0.0), 1.0)
    e = min(max(internal.personality.extraversion, 0.0), 1.0)
    k = 0.5 + x
    return Prosody(rate_scale=1 + 0.15 * a + 0.10 * (e - 0.5),
                   pitch_shift=(6 * a + 5 * v) * k,
                   range_shift=(12 * a + 8 * v + 30 * (x - 0.5)) * k,
                   volume_scale=1 + 0.15 * a + 0.10 * (e - 0.5))


def apply_prosody(settings: VoiceSettings, p: Prosody) -> VoiceSettings:
    """Settings with the prosody change applied, clipped to the engine's ranges."""
    clip = lambda x, lo, hi: float(min(max(x, lo), hi))   # noqa: E731
    return dataclasses.replace(
        settings,
        rate=clip(settings.rate * p.rate_scale, 80, 450),
        pitch=clip(settings.pitch + p.pitch_shift, 0, 100),
        pitch_range=clip(settings.pitch_range + p.range_shift, 0, 100),
        volume=clip(settings.volume * p.volume_scale, 0, 2))
