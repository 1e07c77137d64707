"""The intake cache: a project's photo is analysed by MediaPipe once; opening it again reads
the landmarks and person mask from the data dir, and any damaged entry means a fresh intake."""
from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def project(astronaut_png, tmp_path, monkeypatch):
    """A project holding the astronaut photo, with a data dir of its own (an empty cache)."""
    from studio.profile.project import Project
    monkeypatch.setenv("AVATAR_STUDIO_DATA_DIR", str(tmp_path / "data"))
    proj = Project()
    name = proj.add_asset(astronaut_png)
    import dataclasses
    proj.profile = dataclasses.replace(
        proj.profile, static=dataclasses.replace(proj.profile.static, photo=name))
    return proj


@pytest.fixture
def counted(monkeypatch):
    """Counts the MediaPipe calls intake makes (real models underneath)."""
    from studio.face import detectors
    calls = {"mesh": 0, "mask": 0}
    mesh, mask = detectors.face_meshes, detectors.person_mask

    def face_meshes(rgb):
        calls["mesh"] += 1
        return mesh(rgb)

    def person_mask(rgb):
        calls["mask"] += 1
        return mask(rgb)
    monkeypatch.setattr(detectors, "face_meshes", face_meshes)
    monkeypatch.setattr(detectors, "person_mask", person_mask)
    return calls


def test_second_open_skips_mediapipe_and_gives_the_same_face(project, counted):
    from studio.render.engine import AvatarEngine
    first = AvatarEngine.from_project(project)
    assert counted["mesh"] >= 1 and counted["mask"] == 1
    counted.update(mesh=0, mask=0)
    second = AvatarEngine.from_project(project)
    assert counted == {"mesh": 0, "mask": 0}
    assert np.array_equal(second.photo.landmarks, first.photo.landmarks)
    assert np.array_equal(second.photo.person_mask, first.photo.person_mask)
    assert np.array_equal(second.photo.rgb, first.photo.rgb)
    assert second.photo.warnings == first.photo.warnings
    assert np.array_equal(second.render({"jawOpen": 0.5}, 128), first.render({"jawOpen": 0.5}, 128))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong shape"])
def test_a_damaged_entry_means_a_fresh_intake(project, counted, photo, damage):
    from studio.face.intake_cache import _write_entry, cache_key, cache_path
    from studio.render.engine import AvatarEngine
    entry = cache_path(cache_key(project.asset_bytes(project.profile.static.photo)))
    _write_entry(entry, photo)            # the session's intake of the same (lossless) picture
    if damage == "garbage":
        entry.write_bytes(b"not a cache entry")
    elif damage == "truncated":
        entry.write_bytes(entry.read_bytes()[:200])
    else:
        with np.load(entry) as z:
            parts = dict(z)
        parts["landmarks"] = parts["landmarks"][:468]
        with entry.open("wb") as f:
            np.savez_compressed(f, **parts)
    counted.update(mesh=0, mask=0)
    again = AvatarEngine.from_project(project)
    assert counted["mesh"] >= 1 and counted["mask"] == 1            # analysed afresh…
    assert np.array_equal(again.photo.landmarks, photo.landmarks)
    counted.update(mesh=0, mask=0)
    AvatarEngine.from_project(project)                               # …and stored again
    assert counted == {"mesh": 0, "mask": 0}


def test_a_photo_given_to_an_export_command_is_analysed_once(astronaut_png, tmp_path,
                                                             monkeypatch, counted):
    """`say --photo`, `batch` photo rows: the second avatar from the same file skips MediaPipe."""
    monkeypatch.setenv("AVATAR_STUDIO_DATA_DIR", str(tmp_path / "data"))
    from studio.export.source import load_avatar
    photo = tmp_path / "face.png"
    photo.write_bytes(astronaut_png.read_bytes())
    _, first = load_avatar(None, str(photo))
    assert counted["mesh"] >= 1
    counted.update(mesh=0, mask=0)
    _, second = load_avatar(None, str(photo))
    assert counted == {"mesh": 0, "mask": 0}
    assert np.array_equal(second.render({"jawOpen": 0.5}, 128), first.render({"jawOpen": 0.5}, 128))
