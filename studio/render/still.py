"""One rendered frame written to an image file (shared by `avatar-studio still` and tests).

PNG and WebP keep the alpha channel (a 'transparent' background stays transparent); JPEG
is written opaque. The file is written atomically: a failure leaves nothing at the target.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from studio.errors import UserError

FORMATS = {".png": "PNG", ".webp": "WEBP", ".jpg": "JPEG", ".jpeg": "JPEG"}


def image_format(path: str | Path) -> str:
    """The PIL format for an output name; UserError for anything else."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise UserError(f"cannot write {Path(path).name}: the output must end in "
                        f"{', '.join(FORMATS)}")
    return fmt


def write_image(rgba: np.ndarray, path: str | Path) -> Path:
    """Encode `rgba` (H×W×4 uint8 RGBA, straight alpha) by the file's suffix, atomically."""
    from PIL import Image
    from studio.atomic import atomic_output
    path = Path(path)
    fmt = image_format(path)
    if not path.parent.is_dir():
        raise UserError(f"the folder {path.parent} does not exist")
    img = Image.fromarray(np.ascontiguousarray(rgba), "RGBA")
    if fmt == "JPEG":
        img = img.convert("RGB")
    buf = io.BytesIO()
    img.save(buf, format=fmt, **({"quality": 92} if fmt != "PNG" else {}))
    try:
        with atomic_output(path) as f:
            f.write(buf.getvalue())
    except PermissionError:
        raise UserError(f"cannot write {path}: permission denied") from None
    return path
