"""Index groups of the 478-point MediaPipe Face Mesh (with refined iris points).

*Left*/*right* are the subject's own: the subject's left eye appears on
the right of a photo. Contours run corner to corner so that "upper" and "lower" lid or lip
points pair up by position.
"""
from __future__ import annotations

import numpy as np

N_POINTS = 478

FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
             400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54,
             103, 67, 109)

# Lips, from the subject's right corner (61/78) to the left corner (291/308).
LIPS_UPPER_OUTER = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291)
LIPS_LOWER_OUTER = (61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291)
LIPS_UPPER_INNER = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308)
LIPS_LOWER_INNER = (78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308)
MOUTH_CORNER_RIGHT, MOUTH_CORNER_LEFT = 61, 291
INNER_CORNER_RIGHT, INNER_CORNER_LEFT = 78, 308
UPPER_LIP_CENTRE_INNER, LOWER_LIP_CENTRE_INNER = 13, 14
UPPER_LIP_TOP, LOWER_LIP_BOTTOM = 0, 17
CHIN = 152
NOSE_TIP = 1
FOREHEAD = 10
TEMPLE_RIGHT, TEMPLE_LEFT = 234, 454

# Eyes: upper and lower lid from the outer corner to the inner corner, 9 points each.
RIGHT_EYE_UPPER = (33, 246, 161, 160, 159, 158, 157, 173, 133)
RIGHT_EYE_LOWER = (33, 7, 163, 144, 145, 153, 154, 155, 133)
LEFT_EYE_UPPER = (263, 466, 388, 387, 386, 385, 384, 398, 362)
LEFT_EYE_LOWER = (263, 249, 390, 373, 374, 380, 381, 382, 362)
# The ring of skin just above each upper lid (the crease), outer to inner.
RIGHT_EYE_CREASE = (130, 247, 30, 29, 27, 28, 56, 190, 243)
LEFT_EYE_CREASE = (359, 467, 260, 259, 257, 258, 286, 414, 463)
RIGHT_IRIS = (468, 469, 470, 471, 472)     # centre first
LEFT_IRIS = (473, 474, 475, 476, 477)

# Brows, outer to inner, upper edge then lower edge.
RIGHT_BROW = (70, 63, 105, 66, 107, 46, 53, 52, 65, 55)
LEFT_BROW = (300, 293, 334, 296, 336, 276, 283, 282, 295, 285)
RIGHT_BROW_INNER = (107, 55, 66, 65)
LEFT_BROW_INNER = (336, 285, 296, 295)
RIGHT_BROW_OUTER = (70, 46, 63, 53)
LEFT_BROW_OUTER = (300, 276, 293, 283)
# Forehead points above the brows that the brows drag up a little.
FOREHEAD_ROW = (54, 103, 67, 109, 10, 338, 297, 332, 284, 68, 104, 69, 108, 151, 337, 299,
                333, 298)
FOREHEAD_LOW = (68, 104, 69, 108, 151, 337, 299, 333, 298)      # above the brows, not hairline
RIGHT_CHEEK = (50, 101, 36, 205, 187, 123, 116, 117, 118, 119, 100, 147, 213, 192)
LEFT_CHEEK = (280, 330, 266, 425, 411, 352, 345, 346, 347, 348, 329, 376, 433, 416)


def lips_all() -> tuple[int, ...]:
    return tuple(sorted(set(LIPS_UPPER_OUTER + LIPS_LOWER_OUTER + LIPS_UPPER_INNER
                            + LIPS_LOWER_INNER)))


def inner_mouth_polygon(points: np.ndarray) -> np.ndarray:
    """The mouth opening's outline (upper inner lip then lower inner lip reversed): K×2."""
    idx = list(LIPS_UPPER_INNER) + list(LIPS_LOWER_INNER[::-1][1:-1])
    return points[idx, :2]


def eye_polygon(points: np.ndarray, side: str) -> np.ndarray:
    """The eye opening of `side` ('left' or 'right', the subject's): K×2 lid outline."""
    upper, lower = (LEFT_EYE_UPPER, LEFT_EYE_LOWER) if side == "left" else (RIGHT_EYE_UPPER,
                                                                            RIGHT_EYE_LOWER)
    idx = list(upper) + list(lower[::-1][1:-1])
    return points[idx, :2]


def face_axes(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors (across, down), float32: across runs from the subject's right temple to
    the left one, down is perpendicular to it, towards the chin — the face's own axes, so a
    tilted photo is measured and deformed along its own face."""
    ex = np.asarray(points[TEMPLE_LEFT, :2] - points[TEMPLE_RIGHT, :2], np.float64)
    ex = ex / max(float(np.linalg.norm(ex)), 1e-6)
    return ex.astype(np.float32), np.array([-ex[1], ex[0]], np.float32)


def face_width(points: np.ndarray) -> float:
    """Temple-to-temple distance in pixels (the face size intake checks)."""
    return float(np.linalg.norm(points[TEMPLE_LEFT, :2] - points[TEMPLE_RIGHT, :2]))
