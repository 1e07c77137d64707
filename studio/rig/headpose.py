"""Head rotation in 2.5D: landmarks (or any points with depth) turned about a pivot inside
the head and projected orthographically back onto the image.

Sign conventions are those of `studio.params`: yaw > 0 turns towards the subject's left
(the nose moves to the image's right for an unmirrored photo), pitch > 0 lifts the chin,
roll > 0 tilts the top of the head towards the subject's left shoulder.
"""
from __future__ import annotations

import numpy as np

from studio.face import topology as T


def rotation(yaw_deg: float, pitch_deg: float, roll_deg: float) -> np.ndarray:
    """3×3 float32 matrix acting on (x right, y down, z away from the camera) offsets."""
    a, b, c = np.radians([yaw_deg, pitch_deg, roll_deg])
    yaw = np.array([[np.cos(a), 0, -np.sin(a)], [0, 1, 0], [np.sin(a), 0, np.cos(a)]])
    pitch = np.array([[1, 0, 0], [0, np.cos(b), np.sin(b)], [0, -np.sin(b), np.cos(b)]])
    roll = np.array([[np.cos(c), -np.sin(c), 0], [np.sin(c), np.cos(c), 0], [0, 0, 1]])
    return (roll @ pitch @ yaw).astype(np.float32)


# A warped photo cannot show what makes a nod visible besides the motion itself (the nose
# hiding the upper lip, light and shade moving over the forehead and chin), so Face Mesh and
# viewers read only ~55 % of a geometrically exact nod (measured: 15° read as 7–8°), while
# turns read fully (the far cheek foreshortens). The depth's vertical parallax is therefore
# exaggerated by this factor: nods then re-track within ~10 % (tests/engine/test_turns.py).
NOD_RELIEF = 1.6


def turn(yaw_deg: float, pitch_deg: float, roll_deg: float) -> np.ndarray:
    """The 3×3 float32 matrix the rig and the warp turn the head with: `rotation`, with the
    depth's parallax along the head's vertical axis scaled by `NOD_RELIEF`."""
    m = rotation(yaw_deg, pitch_deg, roll_deg)
    up = _head_up(roll_deg)
    m[:2, 2] += (NOD_RELIEF - 1.0) * float(m[:2, 2] @ up) * up
    return m


def _head_up(roll_deg: float) -> np.ndarray:
    """2 float32: the head's vertical in the image, for a head rolled by `roll_deg`."""
    c = np.radians(roll_deg)
    return np.array([-np.sin(c), np.cos(c)], np.float32)


# A nod turns the face about its own depth (`face_depth`), not about the neck: turned about
# the pivot, the whole face slid a quarter of its height down a 15° nod, which a tightly
# framed photo cannot show — the warp may not pull in pixels from beyond the photo's edge, so
# the upper face stretched, the brows bent into a V, and the chin was crushed into the neck.
# The parallax that reads as a nod (nose against brow, cheeks and chin) is unchanged.


def nod_column(yaw_deg: float, pitch_deg: float, roll_deg: float) -> np.ndarray:
    """2 float32: the part of `turn`'s image motion per unit of depth that runs along the
    head's vertical: times the pivot's depth less the face's, what a nod about the face
    (see above) moves every point back by."""
    up = _head_up(roll_deg)
    return (float(turn(yaw_deg, pitch_deg, roll_deg)[:2, 2] @ up) * up).astype(np.float32)


def face_depth(landmarks: np.ndarray) -> float:
    """The depth of the face as a whole (pixels): the mean depth of its outline."""
    return float(np.mean(landmarks[list(T.FACE_OVAL), 2]))


def head_pivot(landmarks: np.ndarray) -> np.ndarray:
    """The point the head turns about (3 float32, pixels): behind the nose, at the level of
    the lower face, roughly where the neck carries the skull."""
    p = landmarks
    width = T.face_width(p)
    x = 0.5 * (p[T.TEMPLE_LEFT, 0] + p[T.TEMPLE_RIGHT, 0])
    y = 0.6 * p[T.NOSE_TIP, 1] + 0.4 * p[T.CHIN, 1]
    z = face_depth(p) + 0.35 * width
    return np.array([x, y, z], np.float32)


def rotate_points(points: np.ndarray, matrix: np.ndarray, pivot: np.ndarray) -> np.ndarray:
    """N×3 points (pixels) rotated about `pivot`; returns N×3 float32."""
    return (np.einsum("nc,rc->nr", points - pivot, matrix) + pivot).astype(np.float32)
