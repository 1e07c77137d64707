"""The people in a video clip and each one's best frame, for an avatar made from a video
(`avatar-studio new --video CLIP.mp4 [--person N]`, docs/BATCH.md *An avatar from a video*).

    sample      up to `SAMPLES` frames spread over the clip (decoded once, in order)
    detect      Face Mesh (`detectors.face_meshes`, up to four faces a frame)
    score       each face 0..1 on: frontal (yaw, roll), sharp (Laplacian variance of the face),
                eyes open, mouth closed (neutral), size, lighting (mid-grey and contrasty),
                clear (the jaw no busier than the cheeks: no hand or object over the chin)
    identify    a 128-number face descriptor from dlib's ResNet face-recognition model (the
                `face-recognition-models` package's weights, through `dlib-bin`): two faces of
                one person lie closer than about 0.6; faces are grouped by average-linkage
                clustering at `SAME_PERSON`
    people      groups with the most faces first, each with its faces best first

dlib and the model are an optional extra (`pip install 'avatar-studio[video-avatar]'`); without
them a clip with one person still works (every face counts as that person) and a clip with
several says what to install.
"""
from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from studio.errors import Cancelled, UserError
from studio.face import topology as T

SAMPLES = 48
TRACK_SIDE = 960
MIN_FACE_PX = 64
SAME_PERSON = 0.55          # descriptor distance below which two faces are one person
WEIGHTS = {"frontal": 3.0, "sharp": 1.5, "eyes": 1.0, "mouth": 1.0, "size": 1.0, "light": 0.5,
           "clear": 1.5}
# the jaw below the lips, for the occlusion cue (a hand on the chin, a microphone)
JAW = (58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397, 288, 17)


@dataclass(frozen=True, eq=False)
class Shot:
    """One face in one sampled frame."""
    frame: int                       # index of the frame in the clip
    time: float
    landmarks: np.ndarray            # 478×3 float32, frame pixels
    parts: dict                      # the score's parts, each 0..1
    score: float
    descriptor: np.ndarray | None    # 128 float32, or None without dlib


@dataclass
class Person:
    shots: list = field(default_factory=list)       # best first

    @property
    def best(self) -> Shot:
        return self.shots[0]


def _descriptor_model():
    """(shape predictor, face recognition model) or None when dlib or its model is missing."""
    import importlib.util
    try:
        import dlib
        spec = importlib.util.find_spec("face_recognition_models")
    except ImportError:
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    # the package's own __init__ needs pkg_resources (gone from recent setuptools): find the
    # weights next to it instead of importing it
    models = Path(list(spec.submodule_search_locations)[0]) / "models"
    five = models / "shape_predictor_5_face_landmarks.dat"
    resnet = models / "dlib_face_recognition_resnet_model_v1.dat"
    if not (five.is_file() and resnet.is_file()):
        return None
    return dlib.shape_predictor(str(five)), dlib.face_recognition_model_v1(str(resnet))


_MODEL = None
_MODEL_LOCK = threading.Lock()


def descriptor_model():
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            _MODEL = _descriptor_model() or False
    return _MODEL or None


def descriptor(rgb: np.ndarray, landmarks: np.ndarray, model) -> np.ndarray:
    """dlib's 128-number face descriptor of the face at `landmarks` in `rgb`."""
    import dlib
    sp, rec = model
    xy = landmarks[:, :2]
    x0, y0 = xy.min(0)
    x1, y1 = xy.max(0)
    rect = dlib.rectangle(int(x0), int(y0), int(x1), int(y1))
    shape = sp(np.ascontiguousarray(rgb), rect)
    return np.asarray(rec.compute_face_descriptor(np.ascontiguousarray(rgb), shape), np.float32)


def _eye_open(p: np.ndarray) -> float:
    rs = []
    for upper, lower in ((T.LEFT_EYE_UPPER, T.LEFT_EYE_LOWER), (T.RIGHT_EYE_UPPER, T.RIGHT_EYE_LOWER)):
        w = max(float(np.linalg.norm(p[upper[0], :2] - p[upper[-1], :2])), 1.0)
        gap = float(np.mean([np.linalg.norm(p[a, :2] - p[b, :2]) for a, b in zip(upper[3:6], lower[3:6])]))
        rs.append(gap / w)
    return float(np.clip(min(rs) / 0.25, 0.0, 1.0))


def _parts(rgb: np.ndarray, p: np.ndarray) -> dict:
    import cv2
    from studio.face.intake import estimated_roll, estimated_yaw
    x0, y0 = np.maximum(p[:, :2].min(0).astype(int), 0)
    x1, y1 = p[:, :2].max(0).astype(int)
    face = cv2.cvtColor(np.ascontiguousarray(rgb[y0:y1 + 1, x0:x1 + 1]), cv2.COLOR_RGB2GRAY)
    side = 128
    face = cv2.resize(face, (side, side), interpolation=cv2.INTER_AREA) if face.size else np.zeros((side, side), np.uint8)
    sharp = float(cv2.Laplacian(face, cv2.CV_64F).var())
    gap = float(np.linalg.norm(p[T.LOWER_LIP_CENTRE_INNER, :2] - p[T.UPPER_LIP_CENTRE_INNER, :2]))
    mouth_w = max(float(np.linalg.norm(p[T.MOUTH_CORNER_LEFT, :2] - p[T.MOUTH_CORNER_RIGHT, :2])), 1.0)
    mean, std = float(face.mean()) / 255, float(face.std()) / 255
    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)

    def spread(*polygons, minus=()) -> float:
        mask = np.zeros(grey.shape, np.uint8)
        for idx in polygons:
            cv2.fillConvexPoly(mask, cv2.convexHull(np.round(p[list(idx), :2]).astype(np.int32)), 1)
        if minus:
            cv2.fillConvexPoly(mask, cv2.convexHull(np.round(p[list(minus), :2]).astype(np.int32)), 0)
        values = grey[mask.astype(bool)]
        return float(values.std()) if values.size > 8 else 0.0
    # a hand or an object over the chin makes the jaw far busier than the bare cheeks
    busy = spread(JAW, minus=T.lips_all()) / max(spread(T.RIGHT_CHEEK, T.LEFT_CHEEK), 1.0)
    return {
        "clear": float(np.clip(1 - (busy - 1.1) / 0.3, 0, 1)),
        "frontal": float(np.clip(1 - abs(estimated_yaw(p)) / 40 - abs(estimated_roll(p)) / 25, 0, 1)),
        "sharp": float(np.clip(math.log1p(sharp) / math.log1p(400.0), 0, 1)),
        "eyes": _eye_open(p),
        "mouth": float(np.clip(1 - (gap / mouth_w) / 0.3, 0, 1)),
        "width": T.face_width(p),
        "light": float(np.clip(1 - abs(mean - 0.5) * 2, 0, 1) * np.clip(std / 0.15, 0, 1)),
    }


def _frames(path: Path, samples: int):
    """(index, time, rgb) of up to `samples` frames spread over the clip."""
    import av
    if not os.path.isfile(path):
        raise UserError(f"video {path} not found")
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError, UnicodeDecodeError):
        raise UserError(f"cannot read {path.name} as a video; use an MP4, MOV, WebM or AVI clip") from None
    try:
        if not container.streams.video:
            raise UserError(f"{path.name} has no video stream")
        stream = container.streams.video[0]
        rate = float(stream.average_rate or stream.guessed_rate or 25)
        total = stream.frames or int((container.duration or 0) / 1e6 * rate) or samples
        step = max(1, total // samples)
        for i, frame in enumerate(container.decode(stream)):
            if i % step == 0:
                yield i, i / rate, frame.to_ndarray(format="rgb24")
    finally:
        container.close()


def people_in_video(path: str | os.PathLike, *, samples: int = SAMPLES,
                    progress: Callable[[float], None] | None = None,
                    cancel: threading.Event | None = None) -> list[Person]:
    """The people seen in the clip, the one with the most faces first."""
    import cv2
    from studio.face.detectors import face_meshes
    from studio.quiet import native_stderr_to_log
    path = Path(path)
    model = descriptor_model()
    raw = []
    with native_stderr_to_log():
        for n, (i, t, rgb) in enumerate(_frames(path, samples)):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            h, w = rgb.shape[:2]
            scale = min(1.0, TRACK_SIDE / max(h, w))
            small = rgb if scale >= 1 else cv2.resize(rgb, (round(w * scale), round(h * scale)),
                                                      interpolation=cv2.INTER_AREA)
            for f in face_meshes(np.ascontiguousarray(small)):
                p = f / np.float32(scale)
                if T.face_width(p) < MIN_FACE_PX:
                    continue
                d = descriptor(rgb, p, model) if model else None
                raw.append((i, t, p, _parts(rgb, p), d))
            if progress:
                progress(min(0.95, (n + 1) / samples))
    if not raw:
        raise UserError(f"no face found in {path.name}; use a clip where a face is clearly visible "
                        "and at least 64 pixels wide")
    top = max(r[3]["width"] for r in raw)
    shots = []
    for i, t, p, parts, d in raw:
        parts = dict(parts, size=float(np.clip(parts.pop("width") / top, 0, 1)))
        score = sum(WEIGHTS[k] * parts[k] for k in WEIGHTS) / sum(WEIGHTS.values())
        shots.append(Shot(i, t, p, parts, float(score), d))
    labels = cluster([s.descriptor for s in shots]) if model else _by_frames(shots)
    people: dict[int, Person] = {}
    for s, label in zip(shots, labels):
        people.setdefault(label, Person()).shots.append(s)
    out = sorted(people.values(), key=lambda p: (-len(p.shots), p.shots[0].frame))
    for person in out:
        person.shots.sort(key=lambda s: -s.score)
    if progress:
        progress(1.0)
    return out


def _by_frames(shots: list[Shot]) -> list[int]:
    """Without descriptors: one person if no frame shows two faces, else refuse."""
    from collections import Counter
    if max(Counter(s.frame for s in shots).values()) > 1:
        raise UserError("this clip shows several people; telling them apart needs dlib's face "
                        "model: pip install 'avatar-studio[video-avatar]'")
    return [0] * len(shots)


def cluster(descriptors: list[np.ndarray], threshold: float = SAME_PERSON) -> list[int]:
    """Average-linkage clustering of face descriptors: a label per face (0, 1, …)."""
    if len(descriptors) == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist
    z = linkage(pdist(np.stack(descriptors).astype(np.float64)), method="average")
    return [int(x) - 1 for x in fcluster(z, t=threshold, criterion="distance")]


def frame_at(path: str | os.PathLike, index: int) -> np.ndarray:
    """Frame `index` of the clip (H×W×3 uint8 RGB), decoded in order."""
    import av
    with av.open(str(path)) as c:
        for i, frame in enumerate(c.decode(video=0)):
            if i == index:
                return frame.to_ndarray(format="rgb24")
    raise UserError(f"{Path(path).name} has no frame {index}")


def crop_to_face(rgb: np.ndarray, landmarks: np.ndarray, margin: float = 1.6) -> np.ndarray:
    """The frame cut to a head-and-shoulders box around one face (so a frame showing another,
    larger face still gives this person's avatar): `margin` face widths each side of the
    face's centre, within the frame."""
    h, w = rgb.shape[:2]
    cx, cy = landmarks[:, :2].mean(0)
    r = margin * T.face_width(landmarks)
    x0, x1 = int(max(0, cx - r)), int(min(w, cx + r))
    y0, y1 = int(max(0, cy - r)), int(min(h, cy + 1.3 * r))
    return np.ascontiguousarray(rgb[y0:y1, x0:x1])


def describe(people: list[Person]) -> list[str]:
    return [f"person {n}: {len(p.shots)} faces, best at {p.best.time:.1f} s (score {p.best.score:.2f})"
            for n, p in enumerate(people, 1)]
