"""Cached photo intake: the slow part of `load_photo` (Face Mesh and Selfie Segmentation,
0.5–1 s) done once per photo file, not every time a project opens.

The result (478×3 float32 landmarks, the H×W float32 person mask, the intake's warnings) is
kept as a compressed `.npz` under `<data dir>/cache/intake/`, named by the sha256 of the
photo's bytes and `INTAKE_VERSION` (and the MediaPipe version), so an edited photo, a new
intake or a new MediaPipe never sees an old entry. An entry is checked when read (keys,
shapes, dtypes, finite values, the mask's size against the decoded picture); anything wrong
— missing, damaged, stale, unreadable, unwritable — just means a fresh intake, which then
rewrites the entry atomically. The picture itself is always decoded from the file.
"""
from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path

import numpy as np

from studio.face import topology as T
from studio.face.intake import MAX_ENLARGE, Photo, decode_photo, enlarge_to, load_photo

INTAKE_VERSION = 2          # 2: small faces are enlarged (the mask has the enlarged size)

log = logging.getLogger(__name__)


def _mediapipe_version() -> str:
    from studio.packages import installed_version
    return installed_version("mediapipe") or "unknown"


def cache_key(data: bytes) -> str:
    """The entry name for a photo file's bytes."""
    h = hashlib.sha256(data)
    h.update(f"\0intake {INTAKE_VERSION} mediapipe {_mediapipe_version()}".encode())
    return h.hexdigest()


def cache_path(key: str) -> Path:
    from studio.settings import data_dir
    return data_dir() / "cache" / "intake" / f"{key}.npz"


def load_photo_cached(path: str | Path, name: str | None = None) -> Photo:
    """`load_photo(path)`, with the landmarks and mask from the cache when it holds this
    photo. Raises UserError as `load_photo` does (a bad photo is never cached)."""
    path = Path(path)
    label = name or path.name
    try:
        data = path.read_bytes()
    except OSError:
        return load_photo(path, label)          # its own clear UserError
    entry = cache_path(cache_key(data))
    if entry.is_file():
        rgb, size_warnings = decode_photo(path, label)
        cached = _read_entry(entry)
        if cached is not None and _fits(cached[1].shape, rgb.shape[:2]):
            landmarks, mask, warnings = cached
            factor = mask.shape[1] / rgb.shape[1]
            if mask.shape != rgb.shape[:2]:          # a small photo, enlarged by the intake
                rgb = enlarge_to(rgb, (mask.shape[1], mask.shape[0]))
            return Photo(rgb=rgb, landmarks=landmarks, person_mask=mask, warnings=warnings,
                         enlarged=float(factor))
    photo = load_photo(path, label)
    _write_entry(entry, photo)
    return photo


def _fits(mask_shape: tuple[int, ...], shape: tuple[int, int]) -> bool:
    """Whether a cached mask belongs to a decoded picture: the same size, or the same
    picture enlarged (both sides by one factor, as `enlarge` does)."""
    if tuple(mask_shape) == tuple(shape):
        return True
    fy, fx = mask_shape[0] / shape[0], mask_shape[1] / shape[1]
    return 1.0 < fx <= MAX_ENLARGE + 0.01 and abs(round(shape[0] * fx) - mask_shape[0]) <= 1 \
        and abs(fx - fy) < 0.02


def _read_entry(entry: Path):
    """(landmarks, mask, warnings) from a cache file, or None if it is not sound."""
    try:
        with np.load(entry, allow_pickle=False) as z:
            version = int(z["version"])
            landmarks, mask, warnings = z["landmarks"], z["mask"], z["warnings"]
        ok = (version == INTAKE_VERSION
              and landmarks.shape == (T.N_POINTS, 3) and landmarks.dtype == np.float32
              and bool(np.isfinite(landmarks).all())
              and mask.ndim == 2 and mask.dtype == np.float32
              and bool(np.isfinite(mask).all()) and float(mask.min(initial=0.0)) >= 0.0
              and float(mask.max(initial=0.0)) <= 1.0
              and warnings.ndim == 1 and warnings.dtype.kind == "U")
    except Exception as exc:                  # damaged zip, missing key, wrong type: redo
        log.info("intake cache %s unreadable (%s); analysing the photo again", entry.name, exc)
        return None
    if not ok:
        log.info("intake cache %s does not fit the photo; analysing it again", entry.name)
        return None
    return (np.ascontiguousarray(landmarks), np.ascontiguousarray(mask),
            tuple(str(w) for w in warnings))


def _write_entry(entry: Path, photo: Photo) -> None:
    """Store an intake result; a cache that cannot be written is only logged."""
    from studio.atomic import atomic_output
    buf = io.BytesIO()
    np.savez_compressed(buf, version=np.int64(INTAKE_VERSION),
                        landmarks=photo.landmarks.astype(np.float32),
                        mask=photo.person_mask.astype(np.float32),
                        warnings=np.array(photo.warnings, dtype=str).reshape(-1))
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(entry) as f:
            f.write(buf.getvalue())
    except OSError as exc:
        log.warning("cannot write the intake cache %s: %s", entry, exc)
