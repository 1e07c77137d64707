"""Speech gestures: a gesture track from the spoken words and their timings (issue 15, seed 003).

`gesture_track(words, extraversion)` reads `studio.speech.types.WordEvent`s (Korean and English)
and places events at the words that trigger them:

    wave      greetings (hello, hi, bye, 안녕…, 반갑…)           raised hand waving
    self      I, me, my, we, 저, 제, 나, 내, 우리 (+ particles)   hand to the chest
    other     you, your, 당신, 너, 여러분                        open palm towards the viewer
    big/small big, huge, all, 큰, 많, 모든 / small, little, 작, 조금   arms wide / hands close
    negate    no, not, never, 아니, 안, 못, 없                    a sweeping hand and a head shake
    think     think, maybe, hmm, 생각, 글쎄, 아마                   hand to the chin
    beat      stressed words (long content words, "!", CAPS)    a downward beat of one hand

Every event also moves the head and brows through the expression parameters (nods on beats,
brows raised on emphasis, a shake on negation): that part plays on the photo avatar too. The arms
(`arms(t)`) are drawn by the drawn character only. Extraversion scales amplitude and how often
beats come. Pure functions of time, like a `Performance`.
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from studio.drawn.layout import BUILD_SHOULDER, HX, HY

GREETINGS_EN = {"hello", "hi", "hey", "bye", "goodbye", "welcome", "hiya", "greetings"}
SELF_EN = {"i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd", "we", "us", "our", "ours"}
OTHER_EN = {"you", "your", "yours", "yourself", "you're", "you've", "you'll", "y'all"}
NEGATE_EN = {"no", "not", "never", "don't", "can't", "won't", "nothing", "nobody", "nope", "isn't",
             "aren't", "didn't", "doesn't", "cannot"}
BIG_EN = {"big", "huge", "large", "great", "enormous", "whole", "all", "everything", "everyone", "giant"}
SMALL_EN = {"small", "little", "tiny", "bit", "few"}
THINK_EN = {"think", "hmm", "maybe", "perhaps", "wonder", "guess", "suppose", "idea"}
STOP_EN = {"the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "is",
           "are", "was", "were", "be", "it", "this", "that", "so", "as", "by", "from"}

PARTICLES_KO = ("에게서", "한테서", "에게", "한테", "께서", "는", "은", "가", "이", "도", "를", "을", "의",
                "랑", "와", "과", "만")
SELF_KO = {"저", "제", "나", "내", "우리", "저희"}
OTHER_KO = {"당신", "너", "네", "니", "여러분", "그대"}
MIN_STROKE_S = 0.7        # a referential gesture is held at least this long before another
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class GestureEvent:
    kind: str          # wave, self, other, big, small, negate, think, beat
    start: float       # seconds: the motion begins (anticipating the word)
    peak: float        # the stroke lands on the word
    end: float         # back at rest
    word: str
    amount: float = 1.0
    side: str = "right"     # the subject's own arm ("left" or "right")

    def envelope(self, t: float) -> float:
        """0 at rest, 1 while held; smooth in and out."""
        if t <= self.start or t >= self.end:
            return 0.0
        if t < self.peak:
            x = (t - self.start) / max(self.peak - self.start, 1e-6)
        else:
            hold = self.peak + 0.55 * (self.end - self.peak)
            x = 1.0 if t <= hold else 1.0 - (t - hold) / max(self.end - hold, 1e-6)
        x = min(max(x, 0.0), 1.0)
        return x * x * (3.0 - 2.0 * x)


def _stem_ko(word: str) -> str:
    for p in PARTICLES_KO:
        if word.endswith(p) and len(word) > len(p):
            return word[: -len(p)]
    return word


def classify(word: str, written: str = "") -> str | None:
    """The gesture a word triggers (None: maybe a beat, decided by stress)."""
    w = word.lower().strip(".,!?;:\"'()[]…~")
    if not w:
        return None
    if _HANGUL.search(w):
        stem = _stem_ko(w)
        if w.startswith(("안녕", "반갑", "반가", "어서오", "잘가")):
            return "wave"
        if w in SELF_KO or stem in SELF_KO:
            return "self"
        if w in OTHER_KO or stem in OTHER_KO:
            return "other"
        if w.startswith(("아니", "없", "않", "못")) or w in ("안", "아뇨"):
            return "negate"
        if w.startswith(("생각", "글쎄", "아마", "음")):
            return "think"
        if w.startswith(("큰", "크", "많", "모든", "전부", "엄청", "정말")):
            return "big"
        if w.startswith(("작", "조금", "약간")):
            return "small"
        return None
    if w in GREETINGS_EN:
        return "wave"
    if w in SELF_EN:
        return "self"
    if w in OTHER_EN:
        return "other"
    if w in NEGATE_EN or w.endswith("n't"):
        return "negate"
    if w in THINK_EN:
        return "think"
    if w in BIG_EN:
        return "big"
    if w in SMALL_EN:
        return "small"
    return None


def stressed(word: str, written: str = "") -> bool:
    """A word that carries emphasis: written with '!', in capitals, or a long content word."""
    w = word.strip(".,!?;:\"'()[]…~")
    if not w:
        return False
    if "!" in written or (len(w) > 1 and w.isupper() and w.isalpha() and not _HANGUL.search(w)):
        return True
    if _HANGUL.search(w):
        return len(_stem_ko(w)) >= 3
    return len(w) >= 6 and w.lower() not in STOP_EN


@dataclass(frozen=True)
class GestureTrack:
    events: tuple[GestureEvent, ...]
    amplitude: float = 1.0
    build: str = "average"

    # --- the face part: expression parameters (both avatars) ---------------------------
    def head_pose(self, t: float) -> dict[str, float]:
        pose: dict[str, float] = {}
        a = self.amplitude

        def add(name, value):
            pose[name] = pose.get(name, 0.0) + value
        for e in self.events:
            k = e.envelope(t)
            if k <= 0.0:
                continue
            if e.kind == "beat":          # a nod on the stroke, brows up with the emphasis
                add("headPitch", -2.5 * a * k * e.amount)
                add("browInnerUp", 0.25 * a * k)
                add("browOuterUpLeft", 0.3 * a * k)
                add("browOuterUpRight", 0.3 * a * k)
            elif e.kind == "negate":      # a head shake
                add("headYaw", 7.0 * a * k * math.sin(2 * math.pi * 2.5 * (t - e.start)))
                add("browDownLeft", 0.2 * a * k)
                add("browDownRight", 0.2 * a * k)
            elif e.kind == "wave":
                add("headRoll", 4.0 * a * k)
                add("browOuterUpLeft", 0.35 * a * k)
                add("browOuterUpRight", 0.35 * a * k)
            elif e.kind == "think":
                add("headRoll", -5.0 * a * k)
                add("gazeY", 0.4 * k)
                add("gazeX", 0.3 * k)
            elif e.kind in ("self", "other"):
                add("headPitch", (-3.0 if e.kind == "self" else 2.0) * a * k)
                add("browInnerUp", 0.2 * a * k)
            elif e.kind in ("big", "small"):
                add("browInnerUp", 0.35 * a * k)
                add("browOuterUpLeft", 0.3 * a * k)
                add("browOuterUpRight", 0.3 * a * k)
        return pose

    # --- the body part: arm targets (the drawn character) ------------------------------
    def arms(self, t: float) -> dict:
        """{"left": {...}, "right": {...}}: hand target (canvas units), reach (towards the
        viewer, 0..1) and hand shape per arm, blended from rest by each event's envelope."""
        out = {}
        sw = BUILD_SHOULDER.get(self.build, 310.0)
        for side_name, side in (("left", 1), ("right", -1)):
            rest = (HX + side * (sw - 15), HY + 345 + 360, 0.0)
            best, shape = None, "relaxed"
            x, y, reach = rest
            for e in self.events:
                if e.side != side_name and e.kind not in ("big", "small"):
                    continue
                k = e.envelope(t) * min(1.0, self.amplitude)
                if k <= 0.0:
                    continue
                tx, ty, tr, ts = _target(e, side, t, sw, self.amplitude)
                if best is None or k > best:
                    best = k
                    x, y, reach = (rest[0] + (tx - rest[0]) * k, rest[1] + (ty - rest[1]) * k, tr * k)
                    shape = ts if k > 0.35 else "relaxed"
            out[side_name] = {"x": x, "y": y, "reach": reach, "hand": shape}
        return out


def _target(e: GestureEvent, side: int, t: float, sw: float, amp: float):
    """(x, y, reach, hand shape) of one event's stroke for the arm on `side`."""
    dt = t - e.start
    if e.kind == "wave":
        return (HX + side * (sw - 20) + 35 * math.sin(2 * math.pi * 2.2 * dt), HY + 110, 0.3, "wave")
    if e.kind == "self":
        return (HX + side * 10, HY + 390, 0.6, "palm")
    if e.kind == "other":
        return (HX + side * 120, HY + 360, 0.9, "open")
    if e.kind == "big":
        return (HX + side * (sw + 20 * amp), HY + 330, 0.2, "open")
    if e.kind == "small":
        return (HX + side * 55, HY + 390, 0.5, "relaxed")
    if e.kind == "negate":
        return (HX + side * 150 + 45 * math.sin(2 * math.pi * 2.5 * dt), HY + 380, 0.7, "open")
    if e.kind == "think":
        return (HX + side * 25, HY + 245, 0.9, "relaxed")
    # beat: the hand comes up, then strikes down on the word
    strike = max(0.0, 1.0 - abs(t - e.peak) / 0.18)
    return (HX + side * 160, HY + 370 + 40 * strike * amp, 0.6, "open")


def gesture_track(words: Sequence, extraversion: float = 0.5, enabled: bool = True,
                  build: str = "average") -> GestureTrack:
    """The gesture events for timed words (`WordEvent`s: start, end, text, written).
    Extraversion (0..1) scales the amplitude and how often beats come; `enabled` False → none."""
    if not enabled or not words:
        return GestureTrack((), 0.0, build)
    ex = min(max(float(extraversion), 0.0), 1.0)
    amplitude = 0.45 + 0.9 * ex
    beat_gap = 2.2 - 1.5 * ex               # seconds between beats at least
    events: list[GestureEvent] = []
    last_end = {"left": -1e9, "right": -1e9}
    last_beat = -1e9
    side_turn = 0
    for w in words:
        kind = classify(w.text, getattr(w, "written", ""))
        if kind is None and stressed(w.text, getattr(w, "written", "")) and w.start - last_beat >= beat_gap:
            kind = "beat"
        if kind is None:
            continue
        hold = {"wave": 1.1, "think": 1.0, "big": 0.7, "small": 0.6}.get(kind, 0.45)
        start = max(0.0, w.start - 0.3)
        peak = w.start + 0.08
        end = max(w.end, peak + 0.15) + hold
        side = "left" if kind == "wave" else ("right" if kind in ("self", "think") else
                                             ("right", "left")[side_turn % 2])
        if kind in ("self", "think", "wave", "other"):
            # reference and emblems take over the hand, but not one that has just started a
            # stroke of its own (fast speech: "I think you" is one gesture, not three)
            busy = [k for k, e in enumerate(events) if (e.side == side or e.kind in ("big", "small"))
                    and e.end > start]
            if any(peak - events[k].peak < MIN_STROKE_S and events[k].kind != "beat" for k in busy):
                continue
            for k in busy:                       # the earlier gesture hands over
                events[k] = dataclasses.replace(events[k], end=max(events[k].peak + 0.1, start + 0.25))
        elif kind in ("big", "small"):
            if start < min(last_end.values()):
                continue
        elif start < last_end[side] - 0.15:      # that hand is busy: try the other one
            other = "left" if side == "right" else "right"
            if start < last_end[other] - 0.15:
                continue
            side = other
        events.append(GestureEvent(kind, start, peak, end, w.text, 1.0, side))
        if kind in ("big", "small"):
            last_end = {"left": end, "right": end}
        else:
            last_end[side] = end
        if kind == "beat":
            last_beat = w.start
            side_turn += 1
    return GestureTrack(tuple(events), amplitude, build)


def track_for(profile, words) -> GestureTrack | None:
    """The profile's gesture track for `words` (None when gestures are off or nothing is said)."""
    d, inner = profile.dynamic, profile.internal
    if not getattr(d, "gestures", True) or not words:
        return None
    build = "average"
    static = getattr(profile, "static", None)
    if static is not None and getattr(static, "avatar_kind", "photo") == "drawn":
        from studio.drawn.character import resolve
        build = resolve(static.character)["build"]
    return gesture_track(words, inner.personality.extraversion, True, build)


class GesturePose(dict):
    """A pose (parameter name → value, the one currency) that also carries the arms of the
    gesture track at that time; every engine reads it as a plain pose, the drawn one also
    reads `arms`."""
    arms: Mapping | None = None


def with_arms(pose: Mapping[str, float], arms: Mapping | None) -> GesturePose:
    out = GesturePose(pose)
    out.arms = arms
    return out
