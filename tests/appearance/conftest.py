"""Shared, expensive setup for the appearance tests: the astronaut analysed once (real MediaPipe
landmarks and person mask via the photo intake) and its region masks."""
from __future__ import annotations

import dataclasses

import pytest


@pytest.fixture(scope="session")
def photo(astronaut_rgb):
    """The astronaut as the engine sees it: studio.face.intake.Photo (512×512 RGB, 478×3
    landmarks in pixels, person mask)."""
    from studio.face.intake import load_photo
    return load_photo(astronaut_rgb)


@pytest.fixture(scope="session")
def regions(photo):
    from studio.face.regions import FaceRegions
    return FaceRegions(photo.rgb, photo.landmarks, photo.person_mask)


@pytest.fixture(scope="session")
def static():
    """A function: ExternalStatic with the given fields changed from the defaults."""
    from studio.profile.model import ExternalStatic

    def make(**changes):
        return dataclasses.replace(ExternalStatic(), **changes)
    return make
