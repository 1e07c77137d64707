"""Shared fixtures. Tests use only what the project or its installed packages carry."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_session_home = Path(tempfile.mkdtemp(prefix="avatar-studio-tests-"))
os.environ["AVATAR_STUDIO_LOG_DIR"] = str(_session_home / "logs")
os.environ["AVATAR_STUDIO_CONFIG_DIR"] = str(_session_home / "config")
os.environ["AVATAR_STUDIO_DATA_DIR"] = str(_session_home / "data")


@pytest.fixture(scope="session")
def astronaut_rgb():
    """The public-domain astronaut portrait (scikit-image): 512×512×3 uint8 RGB."""
    import skimage.data
    return skimage.data.astronaut()


@pytest.fixture(scope="session")
def astronaut_png(tmp_path_factory, astronaut_rgb) -> Path:
    """The astronaut portrait written as a PNG file, as a user's photo would be."""
    from PIL import Image
    path = tmp_path_factory.mktemp("photos") / "astronaut.png"
    Image.fromarray(astronaut_rgb).save(path)
    return path


@pytest.fixture(scope="session")
def blank_png(tmp_path_factory) -> Path:
    """A photo with no face: a smooth grey-blue gradient."""
    import numpy as np
    from PIL import Image
    y = np.linspace(0, 1, 480)[:, None, None]
    img = (np.concatenate([0.4 + 0.2 * y, 0.5 + 0.2 * y, 0.7 + 0.1 * y], axis=2) * 255)
    path = tmp_path_factory.mktemp("photos") / "blank.png"
    Image.fromarray(np.broadcast_to(img, (480, 640, 3)).astype("uint8")).save(path)
    return path


@pytest.fixture(scope="session")
def real_photos() -> list[dict]:
    """The real-photo test set (docs/PHOTOSET.md): manifest entries, each with its local `path`.
    Fetched once into the cache ($AVATAR_STUDIO_PHOTOS or the user cache); without network
    access and an empty cache the tests that use it fail, saying so."""
    from studio import photoset
    from studio.errors import UserError
    try:
        photoset.fetch()
    except UserError as exc:
        problem = str(exc)
    else:
        return photoset.entries()
    pytest.fail(f"the real-photo test set is not available: {problem} "
                "(fetch it with `python -m studio.photoset`)", pytrace=False)
