"""Shared, expensive set-up for the engine tests: one analysed astronaut photo and one engine."""
from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="session")
def photo(astronaut_rgb):
    """The astronaut portrait through real intake (MediaPipe Face Mesh + segmentation)."""
    from studio.face.intake import load_photo
    return load_photo(astronaut_rgb)


@pytest.fixture(scope="session")
def engine(photo):
    """An AvatarEngine on the astronaut with the default appearance."""
    from studio.render.engine import AvatarEngine
    return AvatarEngine.from_photo(photo)


@pytest.fixture(scope="session")
def closed_mouth_engine(engine):
    """A mouth-closed portrait: the astronaut rendered with mouthClose, then taken in again
    as a new photo through real intake, so the engine must paint the interior itself."""
    from studio.face.intake import load_photo
    from studio.render.engine import AvatarEngine
    photo = load_photo(engine.render({"mouthClose": 1.0}, 512)[..., :3])
    eng = AvatarEngine.from_photo(photo)
    assert eng.mouth_closed_photo
    return eng


def _face_mesh(rgb: np.ndarray) -> np.ndarray:
    """478×3 landmarks of the one face Face Mesh finds in an H×W×3 uint8 RGB frame."""
    from studio.face.detectors import face_meshes
    faces = face_meshes(np.ascontiguousarray(rgb[..., :3]))
    assert faces, "Face Mesh found no face in the rendered frame"
    return max(faces, key=lambda p: np.ptp(p[:, 0]))


def _changed(a: np.ndarray, b: np.ndarray, level: int = 24) -> np.ndarray:
    """H×W bool: pixels whose colour differs by more than `level` in some channel."""
    return np.abs(a[..., :3].astype(np.int16) - b[..., :3].astype(np.int16)).max(-1) > level


@pytest.fixture(scope="session")
def face_mesh():
    """Function: H×W×3 frame → 478×3 landmarks of its face (real Face Mesh)."""
    return _face_mesh


@pytest.fixture(scope="session")
def changed():
    """Function: (frame a, frame b, level=24) → H×W bool mask of visibly changed pixels."""
    return _changed
