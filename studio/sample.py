"""The sample avatar, so that the studio opens with something to see.

The photo is the public-domain astronaut portrait (Eileen Collins, NASA) that ships inside
scikit-image; it is written once to `<data dir>/sample/astronaut.png` (nothing is downloaded).
"""
from __future__ import annotations

import io
from pathlib import Path

from studio.profile.model import replace_in
from studio.profile.project import Project

SAMPLE_NAME = "astronaut.png"
CREDIT = "public-domain NASA portrait of Eileen Collins, shipped with scikit-image"


def sample_photo_bytes() -> bytes:
    """The sample portrait as PNG bytes (512×512 RGB)."""
    import skimage.data
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(skimage.data.astronaut()).save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def sample_photo_path() -> Path:
    """The sample portrait as a PNG file in the data dir (written on first use, atomically)."""
    from studio.atomic import write_bytes_atomic
    from studio.settings import data_dir

    path = data_dir() / "sample" / SAMPLE_NAME
    if not _looks_complete(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, sample_photo_bytes())
    return path


def _looks_complete(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(8) == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
    except OSError:
        return False


def sample_project() -> Project:
    """A new, unsaved project made from the sample portrait (consent recorded as public domain)."""
    project = Project()
    photo = project.add_asset(sample_photo_path(), SAMPLE_NAME)
    profile = replace_in(project.profile, "static", photo=photo)
    profile = replace_in(profile, "internal", name="Astronaut",
                         role="The sample avatar: a public-domain NASA portrait")
    project.profile = replace_in(profile, "privacy", consent_face=True, consent_by=CREDIT)
    return project
