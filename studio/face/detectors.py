"""MediaPipe models (Face Mesh, Face Detection, Selfie Segmentation), created once per process.

MediaPipe's graphs are not safe to call from two threads at once, so every call goes through
one lock; construction and first use run inside `native_stderr_to_log()` so that the native
TensorFlow Lite chatter lands in the log file rather than on the user's terminal.
"""
from __future__ import annotations

import functools
import threading
import time

import numpy as np

from studio.quiet import native_stderr_to_log

MAX_FACES = 4
_lock = threading.Lock()


@functools.lru_cache(maxsize=None)
def _models():
    import os
    os.environ.setdefault("GLOG_minloglevel", "2")     # before MediaPipe's logging starts
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with native_stderr_to_log():
        from studio.face.mediapipe_import import import_mediapipe
        sol = import_mediapipe().solutions
        mesh = sol.face_mesh.FaceMesh(static_image_mode=True, refine_landmarks=True,
                                      max_num_faces=MAX_FACES, min_detection_confidence=0.5)
        # Full-range detector (model 1) finds small faces in large pictures that the mesh's
        # own short-range detector misses.
        detect = sol.face_detection.FaceDetection(model_selection=1, min_detection_confidence=0.5)
        segment = sol.selfie_segmentation.SelfieSegmentation(model_selection=0)
        # First inferences initialise TFLite delegates, which log from worker threads and
        # can do so just after `process` returns: run them here, inside the redirect, and
        # give those threads a moment, so the noise never reaches the user's terminal.
        blank = np.zeros((64, 64, 3), np.uint8)
        for model in (mesh, detect, segment):
            model.process(blank)
        time.sleep(0.05)
    return mesh, detect, segment


def face_meshes(rgb: np.ndarray) -> list[np.ndarray]:
    """All faces Face Mesh finds in `rgb` (H×W×3 uint8 RGB, contiguous).

    Returns a list of 478×3 float32 arrays: x, y in pixels, z in pixel units (MediaPipe scales
    z like x, by the image width; smaller z is nearer the camera)."""
    h, w = rgb.shape[:2]
    mesh, _, _ = _models()
    with _lock, native_stderr_to_log():
        result = mesh.process(np.ascontiguousarray(rgb))
    faces = []
    for face in result.multi_face_landmarks or ():
        pts = np.array([(p.x * w, p.y * h, p.z * w) for p in face.landmark], np.float32)
        faces.append(pts)
    return faces


def face_boxes(rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Face boxes (x0, y0, x1, y1 in pixels) from the full-range face detector, largest first."""
    h, w = rgb.shape[:2]
    _, detect, _ = _models()
    with _lock, native_stderr_to_log():
        result = detect.process(np.ascontiguousarray(rgb))
    boxes = []
    for det in result.detections or ():
        b = det.location_data.relative_bounding_box
        x0, y0 = int(b.xmin * w), int(b.ymin * h)
        boxes.append((x0, y0, x0 + int(b.width * w), y0 + int(b.height * h)))
    boxes.sort(key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))
    return boxes


def person_mask(rgb: np.ndarray) -> np.ndarray:
    """Selfie Segmentation of `rgb` (H×W×3 uint8 RGB) → H×W float32 0..1 (1 = person)."""
    _, _, segment = _models()
    with _lock, native_stderr_to_log():
        mask = segment.process(np.ascontiguousarray(rgb)).segmentation_mask
    return np.clip(mask, 0.0, 1.0).astype(np.float32)
