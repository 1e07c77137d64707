"""Webcam (or driving-video) face → expression parameters, relative to a calibrated neutral.

Pipeline per frame: Face Mesh (video mode, 478 landmarks) → rigid fit of stable landmarks to
the neutral face (similarity transform: removes head pose, position and scale) → measurements
in the neutral's frame, in units of the neutral's outer-eye-corner distance (IOD) → differences
from the neutral → parameters → One-Euro smoothing (`filters.py`).

Measurements (subject's own left/right; MediaPipe indices):
- eyelids: eye aspect ratio (three lid-to-lid distances / corner-to-corner width) →
  eyeBlink (closing) and eyeWide (opening);
- jaw: inner-lip gap 13–14 and chin (152) drop → jawOpen; mouth narrowing → mouthPucker /
  mouthFunnel;
- smile/frown: mouth-corner height relative to the lips (jaw-compensated) plus outward movement;
- brows: inner (107/336) and outer (70/300) brow heights in the head frame;
- gaze: iris centre (468/473) relative to the eye corners;
- head: yaw/pitch/roll of the rigid fit's rotation.

The neutral (`Neutral`) holds the stable landmarks and the measurements of the user's relaxed
face; `calibrate()` makes one and `Neutral.to_dict()` is what goes into
`profile.dynamic.webcam_neutral`. Without a stored neutral the first tracked frame is used.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from studio.motion.filters import PoseFilter
from studio.params import SPEC, Pose, clamp
from studio.quiet import native_stderr_to_log

# Landmarks that move with the skull, not with expressions: forehead, nose bridge and sides,
# eye corners, cheekbones, temples.
RIGID = (10, 151, 9, 8, 168, 6, 197, 195, 5, 4, 1, 33, 263, 133, 362, 234, 454, 93, 323,
         127, 356, 21, 251, 54, 284, 103, 332, 67, 297, 109, 338, 129, 358, 98, 327, 48, 278)
EYES = {"Right": (33, 133, ((159, 145), (158, 153), (160, 144)), 468),
        "Left": (263, 362, ((386, 374), (385, 380), (387, 373)), 473)}
CORNERS = {"Right": 61, "Left": 291}
BROWS = {"Right": (107, 70), "Left": (336, 300)}     # (inner, outer)
JAW_CORNER = 0.2

# Gains: the change (in IOD units, or relative for eye openness and mouth width) that maps to
# a parameter value of 1. Set so that the photo rig's own full expressions, rendered and
# re-tracked, read about 0.9 (tests/live/test_drive.py closes that loop): a wide-open jaw parts
# the lips by ~0.28 IOD and drops the chin by ~0.32 IOD, closed lids cut the eye aspect ratio
# by ~55 %, a full smile lifts and widens the corners by ~0.12 IOD, a raised brow ~0.045 IOD,
# the iris moves ~0.05 eye widths sideways (vertical iris motion tracks poorly: ~0.04).
GAIN = {"jaw": 0.28, "chin": 0.32, "narrow": 0.2, "smile": 0.12, "frown": 0.05, "blink": 0.55,
        "wide": 0.3, "brow_up": 0.045, "brow_down": 0.04, "gaze_x": 0.05, "gaze_y": 0.04}
# Face Mesh jitters by ~0.05–0.1 in the subtler parameters even on a still face; a dead zone
# keeps a resting avatar at rest. Jaw and eyelids have clear signals and get none.
DEAD_ZONE = 0.08
EASE_OUT = 0.5          # seconds to ease back to idle when the face is lost
EASE_IN = 0.25          # seconds to ease into the camera pose when the face is found


def _clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return float(min(max(x, lo), hi))


def _similarity(src: np.ndarray, dst: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Umeyama: s, R, t minimising |s R src + t − dst| (K×3 each); R is a proper rotation."""
    ms, md = src.mean(0), dst.mean(0)
    a, b = src - ms, dst - md
    u, sig, vt = np.linalg.svd(b.T @ a)
    d = np.sign(np.linalg.det(u @ vt))
    D = np.diag([1.0, 1.0, d])
    R = u @ D @ vt
    s = float((sig * np.diag(D)).sum() / (a ** 2).sum())
    return s, R, md - s * R @ ms


def measure(P: np.ndarray) -> dict[str, float]:
    """Expression measurements of landmarks P (478×3, already in a head-aligned frame, x right,
    y down, units of IOD)."""
    m: dict[str, float] = {}
    for side, (outer, inner, lids, iris) in EYES.items():
        width = float(np.linalg.norm(P[outer, :2] - P[inner, :2]))
        m[f"ear{side}"] = float(np.mean([np.linalg.norm(P[a, :2] - P[b, :2]) for a, b in lids])) / width
        centre = (P[outer] + P[inner]) / 2
        m[f"irisX{side}"] = float(P[iris, 0] - centre[0]) / width
        m[f"irisY{side}"] = float(P[iris, 1] - centre[1]) / width
        corner = P[CORNERS[side]]
        # Corner height against the upper lip plus 20 % of the lip gap: opening the jaw lowers
        # the tracked corners about a fifth as far as the lower lip (measured with Face Mesh on
        # jaw sweeps), which must not read as a frown.
        m[f"cornerUp{side}"] = float(P[13, 1] + JAW_CORNER * (P[14, 1] - P[13, 1]) - corner[1])
        m[f"cornerOut{side}"] = float(abs(corner[0] - P[13, 0]))
        inner_brow, outer_brow = BROWS[side]
        m[f"browIn{side}"] = float(-P[inner_brow, 1])
        m[f"browOut{side}"] = float(-P[outer_brow, 1])
    m["gap"] = float(P[14, 1] - P[13, 1])
    m["chin"] = float(P[152, 1])
    m["width"] = float(np.linalg.norm(P[291, :2] - P[61, :2]))
    return m


@dataclass(frozen=True)
class Neutral:
    """The user's relaxed face: stable landmarks (K×3, centred, IOD = 1) and its measurements."""
    ref: np.ndarray
    measures: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, float]:
        """Flat name → number form for `profile.dynamic.webcam_neutral` (the profile accepts
        only numbers there): 'version', 'ref0' … 'refN' (the stable landmarks, row-major) and
        the measurements by name."""
        out: dict[str, float] = {"version": 1}
        out.update({f"ref{i}": round(float(x), 5) for i, x in enumerate(self.ref.ravel())})
        out.update({k: round(float(v), 6) for k, v in self.measures.items()})
        return out

    @staticmethod
    def from_dict(d: Mapping) -> "Neutral | None":
        """The neutral stored by `to_dict`, or None (not calibrated, or another version)."""
        n = 3 * len(RIGID)
        if not d or d.get("version") != 1 or any(f"ref{i}" not in d for i in range(n)):
            return None
        ref = np.array([d[f"ref{i}"] for i in range(n)], np.float64).reshape(len(RIGID), 3)
        measures = {k: float(v) for k, v in d.items() if k != "version" and not k.startswith("ref")}
        return Neutral(ref, measures)


def _iod(landmarks: np.ndarray) -> float:
    return float(np.linalg.norm(landmarks[33] - landmarks[263]))


def calibrate(landmarks: np.ndarray) -> Neutral:
    """A neutral from one relaxed, front-facing face (478×3 float32 pixels)."""
    L = np.asarray(landmarks, np.float64)
    scale = _iod(L)
    ref = (L[list(RIGID)] - L[list(RIGID)].mean(0)) / scale
    return Neutral(ref, measure((L - L[list(RIGID)].mean(0)) / scale))


def align(landmarks: np.ndarray, neutral: Neutral) -> tuple[np.ndarray, np.ndarray]:
    """Landmarks in the neutral's frame (478×3) and the head rotation (3×3, neutral → now).

    Orientation comes from a 3D fit of the stable landmarks; scale from the 2D fit
    (`head_fit`), because Face Mesh's depth underestimates turns, and a 3D scale taken from it
    shrinks a turned face (its chin would then read as a dropped jaw)."""
    L = np.asarray(landmarks, np.float64)
    rigid = L[list(RIGID)]
    _, R, _ = _similarity(rigid, neutral.ref)
    rotation, scale = head_fit(rigid[:, :2], neutral.ref)
    return (R @ (L - rigid.mean(0)).T).T / scale + neutral.ref.mean(0), rotation


def head_fit(xy: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, float]:
    """Rotation (3×3, neutral → now) and scale (pixels per neutral unit) from the 2D positions
    of the stable landmarks (K×2 pixels) and the neutral's 3D shape (K×3): a scaled-orthographic
    camera fit. Depth comes from the calibrated neutral, not from the current frame's z, which
    Face Mesh infers from shading and underestimates for turned heads."""
    X = ref - ref.mean(0)
    A, *_ = np.linalg.lstsq(X, xy - xy.mean(0), rcond=None)    # xy ≈ X @ A  (A: 3×2)
    scale = float((np.linalg.norm(A[:, 0]) + np.linalg.norm(A[:, 1])) / 2)
    r1 = A[:, 0] / np.linalg.norm(A[:, 0])
    r2 = A[:, 1] - r1 * (r1 @ A[:, 1])
    r2 = r2 / np.linalg.norm(r2)
    R = np.stack([r1, r2, np.cross(r1, r2)])
    u, _, vt = np.linalg.svd(R)                                # nearest proper rotation
    return u @ vt, scale


def head_rotation(xy: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """The rotation part of `head_fit`."""
    return head_fit(xy, ref)[0]


def head_angles(R: np.ndarray) -> tuple[float, float, float]:
    """Yaw, pitch, roll in degrees (conventions of `studio.params`) of a rotation in image
    coordinates (x right, y down, z away from the camera)."""
    f = R @ np.array([0.0, 0.0, -1.0])          # where the face looks (towards the camera)
    u = R @ np.array([0.0, -1.0, 0.0])          # top of the head
    yaw = math.degrees(math.atan2(f[0], -f[2]))
    pitch = math.degrees(math.atan2(-f[1], math.hypot(f[0], f[2])))
    roll = math.degrees(math.atan2(u[0], -u[1]))
    return yaw, pitch, roll


def estimate_pose(landmarks: np.ndarray, neutral: Neutral, sensitivity: float = 1.0,
                  mirror: bool = False) -> Pose:
    """Expression parameters of a face (478×3 float32 pixels) relative to `neutral`.

    `sensitivity` scales every change (0..2); `mirror` swaps left and right (the avatar acts
    as the user's mirror image)."""
    P, R = align(landmarks, neutral)
    m, n, k = measure(P), neutral.measures, sensitivity
    d = {key: m[key] - n[key] for key in m}
    pose = _mouth(m, n, d, k)
    pose.update(_eyes_and_brows(m, n, d, k))
    pose.update(_gaze(d, k, seen=1.0 - max(pose["eyeBlinkLeft"], pose["eyeBlinkRight"])))
    pose.update(clamp({name: k * angle
                       for name, angle in zip(("headYaw", "headPitch", "headRoll"), head_angles(R))}))
    for name in pose:
        if SPEC[name].lo == 0 and name != "jawOpen" and not name.startswith("eyeBlink"):
            pose[name] = _clip((pose[name] - DEAD_ZONE) / (1 - DEAD_ZONE))
    return mirrored(pose) if mirror else pose


def _mouth(m, n, d, k) -> Pose:
    """Jaw, pucker/funnel, smiles and frowns from the measurement differences `d`."""
    # Lip gap or chin drop, whichever says more: Face Mesh keeps the inner lips shut for small
    # openings, while the chin follows them from the start (but gets lost on wide ones).
    jaw = _clip(k * max(d["gap"] / GAIN["jaw"], d["chin"] / GAIN["chin"]))
    narrow = _clip(-k * (m["width"] / n["width"] - 1.0) / GAIN["narrow"])
    pose: Pose = {"jawOpen": jaw, "mouthFunnel": narrow * min(1.0, 3 * jaw),
                  "mouthPucker": narrow * (1.0 - min(1.0, 3 * jaw))}
    for side in ("Left", "Right"):
        lift = d[f"cornerUp{side}"] + 0.5 * d[f"cornerOut{side}"]
        pose[f"mouthSmile{side}"] = _clip(k * lift / GAIN["smile"])
        pose[f"mouthFrown{side}"] = _clip(-k * d[f"cornerUp{side}"] / GAIN["frown"])
    return pose


def _eyes_and_brows(m, n, d, k) -> Pose:
    pose: Pose = {}
    for side in ("Left", "Right"):
        openness = m[f"ear{side}"] / n[f"ear{side}"] - 1.0
        pose[f"eyeBlink{side}"] = _clip(-k * openness / GAIN["blink"])
        pose[f"eyeWide{side}"] = _clip(k * openness / GAIN["wide"])
        pose[f"browOuterUp{side}"] = _clip(k * d[f"browOut{side}"] / GAIN["brow_up"])
        pose[f"browDown{side}"] = _clip(-k * d[f"browIn{side}"] / GAIN["brow_down"])
    pose["browInnerUp"] = _clip(k * (d["browInLeft"] + d["browInRight"]) / 2 / GAIN["brow_up"])
    return pose


def _gaze(d, k, seen: float) -> Pose:
    """Gaze from the irises; `seen` (1 − blink) fades it out, as iris landmarks are
    meaningless behind closed lids."""
    gx = (d["irisXLeft"] + d["irisXRight"]) / 2
    gy = (d["irisYLeft"] + d["irisYRight"]) / 2
    return {"gazeX": _clip(k * seen * gx / GAIN["gaze_x"], -1, 1),
            "gazeY": _clip(-k * seen * gy / GAIN["gaze_y"], -1, 1)}


def mirrored(pose: Mapping[str, float]) -> Pose:
    """Left ↔ right: swapped sided names, negated yaw, roll and horizontal gaze."""
    out: Pose = {}
    for name, v in pose.items():
        if name in ("headYaw", "headRoll", "gazeX"):
            out[name] = -v
        elif "Left" in name:
            out[name.replace("Left", "Right")] = v
        elif "Right" in name:
            out[name.replace("Right", "Left")] = v
        else:
            out[name] = v
    return out


class FaceTracker:
    """MediaPipe Face Mesh in video mode (tracks between frames: faster and steadier than
    detecting every frame). One per thread; `close()` frees the graph."""

    def __init__(self, min_confidence: float = 0.5):
        with native_stderr_to_log():
            import mediapipe as mp
            self._mesh = mp.solutions.face_mesh.FaceMesh(
                static_image_mode=False, max_num_faces=1, refine_landmarks=True,
                min_detection_confidence=min_confidence, min_tracking_confidence=min_confidence)
        self._first = True

    def landmarks(self, rgb: np.ndarray) -> np.ndarray | None:
        """478×3 float32 (x, y pixels; z pixel units) of the face in `rgb` (H×W×3 uint8 RGB),
        or None when there is no face."""
        h, w = rgb.shape[:2]
        if self._first:                       # first use prints TFLite chatter: route it
            with native_stderr_to_log():
                result = self._mesh.process(np.ascontiguousarray(rgb))
            self._first = False
        else:
            result = self._mesh.process(np.ascontiguousarray(rgb))
        if not result.multi_face_landmarks:
            return None
        pts = result.multi_face_landmarks[0].landmark
        return np.array([(p.x * w, p.y * h, p.z * w) for p in pts], np.float32)

    def close(self) -> None:
        self._mesh.close()


@dataclass(frozen=True)
class CameraSample:
    """What the webcam contributes at one moment: a pose and how much it counts (0..1; below 1
    while easing in after the face is found or out after it is lost)."""
    pose: Mapping[str, float]
    weight: float
    face: bool                      # a face was seen in this frame


class WebcamDriver:
    """Frames → smoothed, eased `CameraSample`s. Not thread-safe: one capture thread feeds it.

    `smooth=False` leaves smoothing to the caller (offline tracking smooths forwards and
    backwards, without lag: `drive.track_video`)."""

    def __init__(self, neutral: Neutral | None = None, sensitivity: float = 1.0,
                 mirror: bool = False, tracker: FaceTracker | None = None,
                 ease_in: float = EASE_IN, smooth: bool = True):
        self.neutral, self.sensitivity, self.mirror = neutral, sensitivity, mirror
        self.ease_in, self.smooth = ease_in, smooth
        self._tracker = tracker
        self._filter = PoseFilter()
        self._last: Pose = {}
        self._weight = 0.0
        self._t: float | None = None

    @staticmethod
    def from_profile(profile, tracker: FaceTracker | None = None) -> "WebcamDriver":
        d = profile.dynamic
        return WebcamDriver(Neutral.from_dict(d.webcam_neutral), d.webcam_sensitivity,
                            d.webcam_mirror, tracker)

    @property
    def tracker(self) -> FaceTracker:
        if self._tracker is None:                 # Face Mesh only when frames arrive
            self._tracker = FaceTracker()
        return self._tracker

    def calibrate(self, rgb: np.ndarray) -> Neutral:
        """Take `rgb` (H×W×3 uint8 RGB, the user relaxed and facing the camera) as neutral.
        Raises UserError when no face is visible."""
        from studio.errors import UserError
        landmarks = self.tracker.landmarks(rgb)
        if landmarks is None:
            raise UserError("no face in the camera picture: face the camera in good light "
                            "and calibrate again")
        self.neutral = calibrate(landmarks)
        self._filter.reset()
        return self.neutral

    def update(self, rgb: np.ndarray, t: float) -> CameraSample | None:
        """Track one frame taken at `t` seconds. None once the face has been gone ≥ EASE_OUT."""
        landmarks = self.tracker.landmarks(rgb)
        return self.update_landmarks(landmarks, t)

    def update_landmarks(self, landmarks: np.ndarray | None, t: float) -> CameraSample | None:
        dt = 0.0 if self._t is None else max(0.0, t - self._t)
        self._t = t
        if landmarks is None:
            self._weight = max(0.0, self._weight - dt / EASE_OUT)
            if self._weight <= 0.0:
                self._filter.reset()
                return None
            return CameraSample(dict(self._last), _smooth(self._weight), False)
        if self.neutral is None:
            self.neutral = calibrate(landmarks)
        pose = estimate_pose(landmarks, self.neutral, self.sensitivity, self.mirror)
        self._last = self._filter(pose, t) if self.smooth else pose
        step = 1.0 if self.ease_in <= 0 else dt / self.ease_in
        self._weight = min(1.0, self._weight + step)
        return CameraSample(dict(self._last), _smooth(self._weight), True)

    def close(self) -> None:
        if self._tracker is not None:
            self._tracker.close()


def _smooth(x: float) -> float:
    return x * x * (3 - 2 * x)
