"""A performance: audio plus expression parameters as a pure function of time.

Live preview samples `pose_at(t)` at the audio clock's position; export samples it at
`i / fps`. Because `pose_at` depends on nothing but `t` (random idle events are seeded per
time block, see `idle.py`), preview and export produce the same frames.

Layers and their priorities (later layers win where they say "replace"):

1. **idle** — blinks, breathing, head sway, gaze wander (`idle.py`), scaled by
   `profile.dynamic` and personality. Base layer.
2. **emotion** — constant offset from internal valence/arousal/expressiveness (`emotion.py`),
   added.
3. **expression preset** × intensity (`studio.rig.presets.preset_pose`), with the user's pose
   edits over it, added; the eyelids take the *maximum* of idle blink and preset so that a
   wink stays a wink and blinks go on. The user's **keyframes** (the timeline's, any
   parameter: eased from key to key, held before the first and after the last) belong to
   this layer and are added with it.
4. **viseme track** (speech or audio lip-sync) — the articulation parameters (`ARTICULATION`)
   *replace* those of layers 2–3 while the track runs; smiles and frowns are kept, so the avatar
   can speak with a smile.
5. **live inputs** (`apply_live`, applied by the render worker, not part of `pose_at`): the
   webcam replaces head, eyes, brows and — unless the microphone drives it — the mouth; the
   microphone replaces the articulation parameters.

Every pose is clamped to the parameter ranges at the end.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from studio.motion.emotion import profile_emotion_pose
from studio.motion.idle import IdleSettings, from_profile, idle_pose
from studio.errors import UserError
from studio.params import INDEX, NAMES, ParamTrack, Pose, clamp_values

ARTICULATION: tuple[str, ...] = (
    "jawOpen", "mouthClose", "mouthFunnel", "mouthPucker", "mouthStretchLeft",
    "mouthStretchRight", "mouthUpperUp", "mouthLowerDown", "tongueOut")
MOUTH: tuple[str, ...] = ARTICULATION + (
    "mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft", "mouthFrownRight", "cheekPuff")
LIDS = ("eyeBlinkLeft", "eyeBlinkRight")
TRACK_FPS = 100.0          # viseme tracks are built at 100 Hz: exact at any export rate
DEFAULT_DURATION = 3.0     # seconds, for a performance with neither speech nor track


@dataclass(frozen=True, eq=False)
class Performance:
    """Audio (N float32 mono in -1..1, or None) and the layers that make `pose_at(t)`."""
    duration: float
    audio: np.ndarray | None = None
    sample_rate: int = 48000
    words: tuple = ()                                  # tuple[WordEvent, ...]
    track: ParamTrack | None = None                    # visemes / audio lip-sync
    expression: Mapping[str, float] = field(default_factory=dict)   # preset × intensity
    emotion: Mapping[str, float] = field(default_factory=dict)
    idle: IdleSettings = field(default_factory=IdleSettings)
    keys: Mapping[str, tuple] = field(default_factory=dict)   # parameter → ((t, value), …)
    key_poses: Mapping[str, Mapping[str, float]] = field(default_factory=dict)   # "preset:X" → pose
    gestures: object = None       # studio.drawn.gestures.GestureTrack: head/brows + arms at t

    def pose_at(self, t: float) -> Pose:
        """The pose at `t` seconds: a pure, deterministic function of `t`."""
        v = _vector(idle_pose(t, self.idle))
        lids = v[[INDEX[n] for n in LIDS]].copy()
        expression = self.expression
        if self.keys:
            expression = dict(expression)
            for n, keys in self.keys.items():
                if n.startswith(PRESET_KEY):          # a preset's weight over time
                    w = key_value(keys, t)
                    for p, x in self.key_poses.get(n, {}).items():
                        expression[p] = _get(expression, p) + w * x
                else:
                    expression[n] = _get(expression, n) + key_value(keys, t)
        v += _vector(self.emotion) + _vector(expression)
        for k, n in enumerate(LIDS):
            v[INDEX[n]] = max(lids[k], _get(expression, n) + _get(self.emotion, n))
        if self.track is not None and t <= self.track.duration + 1.0 / self.track.fps:
            tv = self.track.vector_at(t)
            for n in ARTICULATION:
                v[INDEX[n]] = tv[INDEX[n]]
            for n in MOUTH[len(ARTICULATION):]:
                v[INDEX[n]] += tv[INDEX[n]]
        if self.gestures is not None:          # speech gestures: head and brows; arms ride along
            from studio.drawn.gestures import with_arms
            return with_arms(_clamped_pose(v + _vector(self.gestures.head_pose(t))), self.gestures.arms(t))
        return _clamped_pose(v)

    def frame_times(self, fps: float) -> np.ndarray:
        """Sample times for export at `fps`: i / fps for every frame that starts before the end."""
        n = max(1, int(math.ceil(self.duration * fps - 1e-9)))
        return np.arange(n, dtype=np.float64) / fps

    def with_layers(self, **changes) -> "Performance":
        """A copy with some fields replaced (e.g. a new expression from the GUI)."""
        import dataclasses
        return dataclasses.replace(self, **changes)


PRESET_KEY = "preset:"      # a keyframe target that is a preset (built-in or own): its weight


def key_value(keys, t: float) -> float:
    """The value of one parameter's keyframes ((t, value[, mode]), … sorted by t) at `t`:
    from each key to the next eased in and out (mode 'ease', the default), straight
    ('linear') or held until the next ('hold'); held before the first and after the last."""
    if not keys:
        return 0.0
    if t <= keys[0][0]:
        return float(keys[0][1])
    for k0, k1 in zip(keys, keys[1:]):
        t0, a, t1, b = k0[0], k0[1], k1[0], k1[1]
        if t <= t1:
            mode = k0[2] if len(k0) > 2 else "ease"      # how this key goes on to the next
            if mode == "hold":
                return float(a if t < t1 else b)
            x = (t - t0) / max(t1 - t0, 1e-9)
            if mode != "linear":
                x = x * x * (3.0 - 2.0 * x)
            return float(a + (b - a) * x)
    return float(keys[-1][1])


def sorted_keys(keyframes: Mapping) -> dict[str, tuple]:
    """`dynamic.keyframes` ({parameter: [[t, value], …]}) as sorted tuples for `Performance`."""
    return {n: tuple(sorted(((float(k[0]), float(k[1])) + ((str(k[2]),) if len(k) > 2 else ())
                             for k in ks), key=lambda k: k[0]))
            for n, ks in keyframes.items() if ks}


def _get(pose: Mapping[str, float], name: str) -> float:
    return float(pose.get(name, 0.0))


def _vector(pose: Mapping[str, float]) -> np.ndarray:
    v = np.zeros(len(NAMES), np.float64)
    for n, x in pose.items():
        v[INDEX[n]] = x
    return v


def _clamped_pose(v: np.ndarray) -> Pose:
    v = clamp_values(v)
    return {n: float(x) for n, x in zip(NAMES, v) if abs(x) > 1e-6}


def apply_live(pose: Mapping[str, float], camera: Mapping[str, float] | None = None,
               mic: Mapping[str, float] | None = None, camera_weight: float = 1.0) -> Pose:
    """Layer 5: live inputs over a performance pose.

    `camera` (from the webcam tracker) replaces everything it covers except, when `mic` is
    given, the articulation parameters, which come from the microphone (mouth from the mic,
    the rest from the camera). `camera_weight` < 1 blends towards the performance (easing in
    after the face is found, out after it is lost). Either input may be None (off)."""
    out = _vector(pose)
    if camera is not None and camera_weight > 0:
        cam = _vector(camera)
        keep = np.zeros(len(NAMES), bool)
        if mic is not None:
            keep[[INDEX[n] for n in ARTICULATION]] = True
        w = float(min(camera_weight, 1.0))
        out = np.where(keep, out, (1.0 - w) * out + w * cam)
    if mic is not None:
        for n in ARTICULATION:
            out[INDEX[n]] = float(mic.get(n, 0.0))
    arms = getattr(pose, "arms", None)      # speech gestures' arms pass through live inputs
    if arms is not None:
        from studio.drawn.gestures import with_arms
        return with_arms(_clamped_pose(out), arms)
    return _clamped_pose(out)


def _preset(name: str | None, intensity: float) -> Pose:
    """The expression preset's pose × intensity (`studio.rig.presets`); {} for none/neutral."""
    if not name or name == "neutral":
        return {}
    from studio.rig.presets import preset_pose
    return dict(preset_pose(name, intensity))


def _preset_or_own(own_presets: Mapping, name: str | None, intensity: float) -> Pose:
    """The pose of a built-in preset, or of one of the user's own presets (saved in the
    project), × intensity."""
    if name and name in own_presets:
        return {k: float(v) * intensity for k, v in own_presets[name].items()}
    return _preset(name, intensity)


def expression_pose(dynamic) -> Pose:
    """The profile's own expression: its preset (built-in or the user's own) × intensity, with
    the user's per-parameter pose edits set over it."""
    pose = _preset_or_own(getattr(dynamic, "user_presets", {}), dynamic.expression,
                          dynamic.expression_intensity)
    pose.update({k: float(v) for k, v in getattr(dynamic, "pose_edits", {}).items()})
    return pose


def _key_poses(dynamic) -> dict[str, Pose]:
    """The poses of the presets that have keyframes (at full strength); a preset that no
    longer exists (an own preset deleted since) is left out."""
    out = {}
    for name in getattr(dynamic, "keyframes", {}):
        if name.startswith(PRESET_KEY):
            try:
                out[name] = _preset_or_own(getattr(dynamic, "user_presets", {}), name[len(PRESET_KEY):], 1.0)
            except UserError:
                pass
    return out


def mouth_track(dynamic, speech, heard: bool = False) -> ParamTrack:
    """The mouth-parameter track of `speech` at `TRACK_FPS`, with the profile's lip-sync
    strength and smoothing: from its timed phonemes, or from its samples alone when `heard`
    (a recording has no phonemes)."""
    if heard:
        from studio.speech.audio_lipsync import audio_track
        return audio_track(speech.samples, speech.sample_rate, TRACK_FPS,
                           strength=dynamic.lipsync_strength, smoothing=dynamic.lipsync_smoothing)
    from studio.speech.visemes import viseme_track
    return viseme_track(speech, TRACK_FPS, strength=dynamic.lipsync_strength,
                        smoothing=dynamic.lipsync_smoothing)


def build_performance(profile, speech=None, track: ParamTrack | None = None,
                      expression: str | None = None, intensity: float | None = None,
                      duration: float | None = None, seed: int = 0) -> Performance:
    """Combine speech (audio + visemes), an expression preset, emotion and idle motion.

    `speech` is a `studio.speech.types.Speech`; its viseme track is built here unless `track`
    is given (e.g. audio-only lip-sync). `expression`/`intensity` default to the profile's.
    `duration` defaults to the speech's, else the track's, else 3 s."""
    d = profile.dynamic
    own = expression is None          # the profile's own expression: the user's pose edits apply
    expression = d.expression if expression is None else expression
    intensity = d.expression_intensity if intensity is None else intensity
    pose = _preset_or_own(getattr(d, "user_presets", {}), expression, intensity)
    if own:                            # the user's pose edits belong to the profile's expression
        pose.update({k: float(v) for k, v in getattr(d, "pose_edits", {}).items()})
    if speech is not None and track is None:
        track = mouth_track(d, speech)
    if duration is None:
        duration = (speech.duration if speech is not None
                    else track.duration if track is not None else DEFAULT_DURATION)
    return Performance(
        duration=float(duration),
        audio=None if speech is None else np.asarray(speech.samples, np.float32),
        sample_rate=48000 if speech is None else int(speech.sample_rate),
        words=() if speech is None else tuple(speech.words),
        track=track,
        expression=pose,
        emotion=profile_emotion_pose(profile),
        idle=from_profile(profile, seed),
        keys=sorted_keys(getattr(d, "keyframes", {})) if own else {},
        key_poses=_key_poses(d) if own else {},
        gestures=_gestures(profile, speech),
    )


def _gestures(profile, speech):
    """The speech gesture track (studio/drawn/gestures.py), None when off or nothing is said."""
    if speech is None or not getattr(speech, "words", None):
        return None
    from studio.drawn.gestures import track_for
    return track_for(profile, speech.words)
