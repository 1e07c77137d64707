"""Photo intake: one user photo → a checked RGB image, 478 face landmarks and a person mask.

Limits, stated once:
- images larger than `MAX_SIDE` (2048 px on the longest side) are downscaled to it (JPEGs
  are decoded at a reduced scale first, so a 9000×9000 photo never fills memory);
- images over `MAX_PIXELS` (100 megapixels) are refused before they are decoded, and
  pictures whose shorter side is under `MIN_PICTURE_PX` before a face is looked for;
- faces narrower than `MIN_FACE_PX` (40 px temple to temple, after downscaling) are refused:
  even enlarged 4× there are too few pixels for a face anyone would recognise;
- with several faces the largest is used and a warning says so;
- a face turned more than about `TURN_WARN_DEG` degrees gets a warning (the rig assumes a
  roughly frontal photo);
- a face narrower than `SHARP_FACE_PX` (a low-resolution scan, a small crop) is enlarged up
  to 4× towards twice that width (Lanczos, then a light unsharp mask) so the warp and the painted details have pixels
  to work with, and a note says so;
- a face tilted more than `MAX_ROLL_DEG` in the picture (on its side, upside down) is refused
  with advice to rotate the photo.
"""
from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import numpy as np

from studio.errors import UserError
from studio.face import topology as T

MAX_SIDE = 2048
MIN_FACE_PX = 40
MIN_PICTURE_PX = 64         # a picture smaller than this holds no usable face
MAX_PIXELS = 100_000_000
TURN_WARN_DEG = 30.0
MAX_ROLL_DEG = 45.0
SHARP_FACE_PX = 80          # faces narrower than this are enlarged for rendering
MAX_ENLARGE = 4.0
UPSIDE_DOWN_RATIO = 1.2     # the same face fits this much wider the other way up: upside down
NO_FACE = "use a photo where one face is clearly visible, facing the camera"

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Photo:
    """A checked face photo.

    rgb: H×W×3 uint8 RGB (orientation applied, at most MAX_SIDE on the longest side).
    landmarks: 478×3 float32, MediaPipe order; x, y in pixels of `rgb`, z in pixel units
        (smaller = nearer the camera).
    person_mask: H×W float32 0..1 (1 = the person, from Selfie Segmentation).
    warnings: things the user should know (several faces, downscaled, turned face).
    enlarged: how much a small photo was enlarged for rendering (1 = as decoded).
    """
    rgb: np.ndarray
    landmarks: np.ndarray
    person_mask: np.ndarray
    warnings: tuple[str, ...] = field(default=())
    enlarged: float = 1.0


PhotoSource = Union[str, Path, np.ndarray, "Photo"]


def load_photo(source: PhotoSource, name: str | None = None) -> Photo:
    """Read, normalise and analyse a face photo (a path, or an H×W×{1,3,4} uint8/uint16 array).

    Raises UserError when the file is not a readable image or holds no usable face."""
    if isinstance(source, Photo):
        return source
    label = name or (Path(source).name if not isinstance(source, np.ndarray) else "the photo")
    rgb, warnings = decode_photo(source, label)
    landmarks = _find_face(rgb, label, warnings)
    _check_upright(landmarks, label)
    _check_not_upside_down(rgb, landmarks, label)
    width = T.face_width(landmarks)
    if width < MIN_FACE_PX:
        raise UserError(f"the face in {label} is too small ({width:.0f} px wide; at least "
                        f"{MIN_FACE_PX} px needed): use a closer or larger photo of the face")
    yaw = estimated_yaw(landmarks)
    if abs(yaw) > TURN_WARN_DEG:
        warnings.append(f"the face is turned about {abs(yaw):.0f}° away from the camera; a "
                        "photo facing the camera animates better")
    rgb, landmarks, factor = enlarge(rgb, landmarks)
    if factor > 1.0:
        warnings.append(f"the face is small ({width:.0f} px wide); the photo is enlarged "
                        f"{factor:.1f}× for rendering, and a larger photo looks sharper")
    from studio.face.detectors import person_mask
    mask = person_mask(rgb)
    for w in warnings:
        log.info("photo %s: %s", label, w)
    return Photo(rgb=rgb, landmarks=landmarks, person_mask=mask, warnings=tuple(warnings),
                 enlarged=factor)


def enlarge(rgb: np.ndarray, landmarks: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """A photo whose face is narrower than `SHARP_FACE_PX`, enlarged (at most `MAX_ENLARGE`×
    and `MAX_SIDE`), with its landmarks moved along: (rgb, landmarks, factor)."""
    h, w = rgb.shape[:2]
    width = max(T.face_width(landmarks), 1.0)
    f = min(2.0 * SHARP_FACE_PX / width, MAX_ENLARGE, MAX_SIDE / max(h, w))
    if width >= SHARP_FACE_PX or f <= 1.05:
        return rgb, landmarks, 1.0
    big = enlarge_to(rgb, (round(w * f), round(h * f)))
    fx, fy = big.shape[1] / w, big.shape[0] / h
    moved = landmarks.astype(np.float32).copy()
    moved[:, 0] = (moved[:, 0] + 0.5) * fx - 0.5        # pixel centres scale about the corner
    moved[:, 1] = (moved[:, 1] + 0.5) * fy - 0.5
    moved[:, 2] *= fx
    return big, moved, float(fx)


def enlarge_to(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`rgb` resized up to `size` (width, height): Lanczos, then a light unsharp mask that
    restores some of the edge contrast a plain enlargement loses. Deterministic, so a
    cached intake can enlarge the decoded picture again to the same pixels."""
    import cv2
    big = cv2.resize(rgb, size, interpolation=cv2.INTER_LANCZOS4)
    soft = cv2.GaussianBlur(big, (0, 0), 1.0)
    return cv2.addWeighted(big, 1.5, soft, -0.5, 0)


def decode_photo(source: str | Path | np.ndarray, label: str) -> tuple[np.ndarray, list[str]]:
    """The checked, size-limited H×W×3 uint8 RGB picture of a photo (path or array) and the
    warnings that says so (downscaled), before any face is looked for."""
    warnings: list[str] = []
    if isinstance(source, np.ndarray):
        rgb = to_rgb8(source)
        original = rgb.shape[1], rgb.shape[0]
    else:
        rgb, original = _read_image(source, label)
    _check_room_for_a_face(rgb, label)
    return _limit_size(rgb, warnings, original), warnings


def read_image(path: str | Path, label: str) -> np.ndarray:
    """Decode an image file with its EXIF orientation applied → H×W×3 uint8 RGB.
    UserError (worded with `label`) for a missing, unreadable, non-image or damaged file."""
    return _read_image(path, label)[0]


def _read_image(path: str | Path, label: str) -> tuple[np.ndarray, tuple[int, int]]:
    """(H×W×3 uint8 RGB, the file's own width × height before any draft reduction)."""
    from PIL import Image, UnidentifiedImageError
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"photo not found: {path}") from None
    except OSError as exc:
        raise UserError(f"cannot read the photo {path}: {exc.strerror or exc}") from None
    try:
        with warnings.catch_warnings():
            # Our own limit (MAX_PIXELS) decides; Pillow's warning would be noise on stderr.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return _decode(Image.open(io.BytesIO(data)), label)
    except UnidentifiedImageError:
        raise UserError(f"{label} is not an image file: use a JPEG or PNG photo") from None
    except Image.DecompressionBombError:        # Pillow's own limit, for formats it checks late
        raise _too_many_pixels(label) from None
    except (OSError, SyntaxError, ValueError) as exc:   # truncated or corrupt data
        raise UserError(f"{label} is damaged or incomplete ({exc}): use another copy of the "
                        "photo") from None


def _decode(img, label: str) -> tuple[np.ndarray, tuple[int, int]]:
    from PIL import ImageOps
    with img:
        size = img.size
        _check_dimensions(size, label)
        img.draft(img.mode, _reduced(size))      # JPEG: decode at 1/2, 1/4 or 1/8 scale
        img.load()
        scale = max(size) / max(img.size)
        img = ImageOps.exif_transpose(img)
        rgb = pil_to_rgb8(img)
        return rgb, (round(rgb.shape[1] * scale), round(rgb.shape[0] * scale))


def _too_many_pixels(label: str, size: tuple[int, int] | None = None) -> UserError:
    dims = f" ({size[0]}×{size[1]})" if size else ""
    return UserError(f"{label}{dims} is too large: the limit is {MAX_PIXELS // 1_000_000} "
                     "megapixels; save a smaller copy of the photo")


def _reduced(size: tuple[int, int]) -> tuple[int, int]:
    """The size `_limit_size` will bring `size` to (a JPEG draft never decodes below it)."""
    s = min(1.0, MAX_SIDE / max(size))
    return max(1, round(size[0] * s)), max(1, round(size[1] * s))


def _check_dimensions(size: tuple[int, int], label: str) -> None:
    """Refuse, from the header alone, pictures too large to decode."""
    if size[0] * size[1] > MAX_PIXELS:
        raise _too_many_pixels(label, size)


def _check_room_for_a_face(rgb: np.ndarray, label: str) -> None:
    h, w = rgb.shape[:2]
    if min(w, h) < MIN_PICTURE_PX:
        raise UserError(f"{label} is only {w}×{h} pixels: a face needs at least {MIN_PICTURE_PX} "
                        "pixels across; use a larger photo")


def pil_to_rgb8(img) -> np.ndarray:
    """Any PIL image (RGBA, CMYK, 16-bit, greyscale, palette) → H×W×3 uint8 RGB.
    Transparent areas become white, as most viewers show them."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return to_rgb8(np.asarray(img))
    if img.mode in ("P", "PA", "LA", "La", "RGBa"):
        img = img.convert("RGBA")
    if img.mode == "RGBA":
        return to_rgb8(np.asarray(img))
    return np.ascontiguousarray(np.asarray(img.convert("RGB")), dtype=np.uint8)


def to_rgb8(a: np.ndarray) -> np.ndarray:
    """H×W, H×W×1, H×W×3 or H×W×4 array (uint8, uint16, int32 or float 0..1) → H×W×3 uint8."""
    a = np.asarray(a)
    if a.ndim == 2:
        a = a[:, :, None]
    if a.ndim != 3 or a.shape[2] not in (1, 3, 4) or min(a.shape[:2]) < 8:
        raise UserError(f"not a photo: expected an image, got an array of shape {a.shape}")
    if a.dtype == np.uint8:
        f = a.astype(np.float32) / 255.0
    elif a.dtype.kind in "ui":
        top = 65535.0 if a.max() > 255 else 255.0
        f = a.astype(np.float32) / top
    else:
        f = a.astype(np.float32)
    if f.shape[2] == 4:       # straight alpha over white
        alpha = f[:, :, 3:4]
        f = f[:, :, :3] * alpha + (1.0 - alpha)
    if f.shape[2] == 1:
        f = np.repeat(f, 3, axis=2)
    return np.ascontiguousarray(np.clip(f * 255.0 + 0.5, 0, 255).astype(np.uint8))


def _limit_size(rgb: np.ndarray, warnings: list[str], original: tuple[int, int]) -> np.ndarray:
    """Downscale to MAX_SIDE; `original` is the file's width × height, for the warning."""
    import cv2
    h, w = rgb.shape[:2]
    if max(original) <= MAX_SIDE:
        return rgb
    s = min(1.0, MAX_SIDE / max(h, w))
    size = (max(1, round(w * s)), max(1, round(h * s)))
    warnings.append(f"the photo ({original[0]}×{original[1]}) was reduced to {size[0]}×{size[1]} "
                    f"(the limit is {MAX_SIDE} px on the longest side)")
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA) if s < 1.0 else rgb


def _find_face(rgb: np.ndarray, label: str, warnings: list[str]) -> np.ndarray:
    """The largest face's 478×3 landmarks; a second pass crops around a face found by the
    full-range detector, for small faces in large pictures."""
    from studio.face.detectors import face_boxes, face_meshes
    faces = face_meshes(rgb)
    if not faces:
        faces = _mesh_in_boxes(rgb, face_boxes(rgb), face_meshes)
    if not faces:
        faces = _mesh_in_boxes(rgb, _boxes_in_tiles(rgb, face_boxes), face_meshes)
    if not faces:
        raise UserError(f"no face found in {label}: {NO_FACE}")
    if len(faces) > 1:
        warnings.append(f"{len(faces)} faces found; using the largest")
    return max(faces, key=T.face_width)


def _boxes_in_tiles(rgb, face_boxes) -> list[tuple[int, int, int, int]]:
    """Face boxes found in overlapping tiles of a large picture, where a small face is too
    small for the detector's 192-pixel input at full view. Largest first."""
    h, w = rgb.shape[:2]
    tile = 512
    if max(h, w) <= tile:
        return []
    boxes = []
    step = tile // 2
    for y in range(0, max(h - step, 1), step):
        for x in range(0, max(w - step, 1), step):
            part = rgb[y:y + tile, x:x + tile]
            boxes += [(x + a, y + b, x + c, y + d) for a, b, c, d in face_boxes(part)]
    boxes.sort(key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))
    distinct: list[tuple[int, int, int, int]] = []
    for b in boxes:             # neighbouring tiles see the same face
        if all(abs((b[0] + b[2]) - (o[0] + o[2])) + abs((b[1] + b[3]) - (o[1] + o[3]))
               > (o[2] - o[0]) for o in distinct):
            distinct.append(b)
    return distinct


def _mesh_in_boxes(rgb, boxes, face_meshes) -> list[np.ndarray]:
    h, w = rgb.shape[:2]
    faces = []
    for x0, y0, x1, y1 in boxes[:2]:
        side = int(max(x1 - x0, y1 - y0) * 2.2)
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        ax, ay = max(0, cx - side // 2), max(0, cy - side // 2)
        crop = rgb[ay:min(h, ay + side), ax:min(w, ax + side)]
        if min(crop.shape[:2]) < 32:
            continue
        for pts in face_meshes(crop):
            # z was scaled by the crop width; pixel units stay pixel units after the shift.
            pts = pts + np.array([ax, ay, 0], np.float32)
            if all(np.linalg.norm(pts[T.NOSE_TIP, :2] - f[T.NOSE_TIP, :2]) > 0.3 * T.face_width(f)
                   for f in faces):
                faces.append(pts)
    return faces


def estimated_roll(landmarks: np.ndarray) -> float:
    """In-plane rotation of the face in degrees, -180..180 (0 = upright, the chin straight
    below the forehead; positive = the chin swung towards the image's left)."""
    d = landmarks[T.CHIN, :2] - landmarks[T.FOREHEAD, :2]
    return float(np.degrees(np.arctan2(-d[0], d[1])))


def _check_upright(landmarks: np.ndarray, label: str) -> None:
    """The rig moves the jaw down and the lids over the eyes in image terms: a face on its
    side or upside down (a phone photo without its EXIF rotation) would animate wrongly."""
    roll = estimated_roll(landmarks)
    if abs(roll) > MAX_ROLL_DEG:
        how = "upside down" if abs(roll) > 135 else "on its side"
        raise UserError(f"the face in {label} is {how} (tilted about {abs(roll):.0f}°): rotate "
                        "the photo so the face is upright, then try again")


def _check_not_upside_down(rgb: np.ndarray, landmarks: np.ndarray, label: str) -> None:
    """Face Mesh fits an *upright* mesh onto an upside-down face (eyes where the mouth is),
    smaller than the face, so the roll check cannot see it. The picture turned round tells:
    if it holds the same face clearly larger, the photo is upside down. Measured on the
    astronaut: the true orientation fits 91 px wide, the wrong one 63–69 px."""
    from studio.face.detectors import face_meshes
    h, w = rgb.shape[:2]
    width, nose = T.face_width(landmarks), landmarks[T.NOSE_TIP, :2]
    for other in face_meshes(np.ascontiguousarray(rgb[::-1, ::-1])):
        back = np.array([w - 1, h - 1], np.float32) - other[T.NOSE_TIP, :2]
        if T.face_width(other) > UPSIDE_DOWN_RATIO * width and \
                np.linalg.norm(back - nose) < 0.5 * width:
            raise UserError(f"the face in {label} is upside down: rotate the photo so the face "
                            "is upright, then try again")


def estimated_yaw(landmarks: np.ndarray) -> float:
    """Rough head yaw in degrees from where the nose tip sits between the temples
    (0 = facing the camera; the sign follows `headYaw`, positive = towards subject's left)."""
    r, l, n = landmarks[T.TEMPLE_RIGHT, 0], landmarks[T.TEMPLE_LEFT, 0], landmarks[T.NOSE_TIP, 0]
    span = l - r
    if abs(span) < 1e-3:
        return 90.0
    s = float(np.clip(2.0 * (n - r) / span - 1.0, -1.0, 1.0))
    return float(np.degrees(np.arcsin(s)))


def is_monochrome(rgb: np.ndarray) -> bool:
    """Whether a photo is black-and-white (or one-tinted greyscale, like a sepia scan):
    its channels differ by no more than a toning, everywhere that matters."""
    small = rgb[::4, ::4].astype(np.int16)
    spread = small.max(axis=-1) - small.min(axis=-1)
    return float(np.percentile(spread, 99)) <= 12.0 and float(spread.mean()) <= 4.0
