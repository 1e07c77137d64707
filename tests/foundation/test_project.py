"""Project files (.dhc): round trip, backup, atomic save, and every kind of bad file refused.

Each bad-file test checks the message a user sees AND that nothing on disk was touched: the
good project beside it stays byte-identical, the bad file itself is unchanged, and no file
appeared anywhere (a path-traversal entry must never be extracted).
"""
from __future__ import annotations

import dataclasses
import io
import json
import os
import struct
import zipfile
from pathlib import Path

import pytest

from studio.errors import UserError
from studio.profile import codec
from studio.profile.model import DigitalHuman, replace_in
from studio.profile.project import (
    Limits, Project, autosave, discard_autosave, find_autosaves, load_project, safe_asset_name,
    save_project)

DATA = Path(__file__).parent / "data"
PHOTO = b"\x89PNG fake photo bytes" * 50
VOICE = b"RIFF fake wave bytes" * 50


def _project() -> Project:
    project = Project()
    photo = project.add_asset(PHOTO, "me.png")
    voice = project.add_asset(VOICE, "voice.wav")
    profile = replace_in(project.profile, "static", photo=photo, eye_size=1.2, glasses="round")
    project.profile = replace_in(profile, "dynamic", voice_sample=voice)
    return project


def _zip(entries: dict[str, bytes], **kw) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, **kw) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _profile_json(**changes) -> bytes:
    data = codec.to_dict(DigitalHuman())
    for dotted, value in changes.items():
        group, name = dotted.split("__")
        data[group][name] = value
    return json.dumps(data).encode()


class Folder:
    """A folder holding a good project, and a check that nothing in it (or beside it) changed."""

    def __init__(self, root: Path):
        self.root, self.path = root, root / "projects"
        self.path.mkdir()
        save_project(_project(), self.path / "good.dhc")
        self.snapshot = self._contents()

    def __truediv__(self, name: str) -> Path:
        return self.path / name

    def _contents(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in self.path.iterdir()}

    def unchanged(self, *extra: Path) -> None:
        expected = dict(self.snapshot, **{p.name: p.read_bytes() for p in extra})
        assert self._contents() == expected, "a failed load or save changed the folder"
        assert sorted(p.name for p in self.root.iterdir()) == ["projects"], "a file escaped"


@pytest.fixture
def folder(tmp_path) -> Folder:
    return Folder(tmp_path)


def _refused(folder: Folder, content: bytes, match: str, limits: Limits | None = None) -> str:
    bad = folder / "bad.dhc"
    bad.write_bytes(content)
    before = bad.read_bytes()
    with pytest.raises(UserError, match=match) as info:
        load_project(bad, **({"limits": limits} if limits else {}))
    assert bad.read_bytes() == before
    folder.unchanged(bad)
    assert "\n" not in str(info.value) and "bad.dhc" in str(info.value)
    return str(info.value)


def test_round_trip_keeps_profile_and_assets(tmp_path):
    project = _project()
    save_project(project, tmp_path / "me.dhc")
    loaded = load_project(tmp_path / "me.dhc")
    assert loaded.profile == project.profile
    assert loaded.assets == project.assets
    assert loaded.asset_bytes(loaded.profile.static.photo) == PHOTO
    cached = loaded.asset_path(loaded.profile.dynamic.voice_sample)
    assert cached.read_bytes() == VOICE and cached.name == "voice.wav"
    assert cached.is_relative_to(Path(os.environ["AVATAR_STUDIO_DATA_DIR"]))


def test_save_keeps_one_backup_of_the_previous_file(tmp_path):
    path = tmp_path / "me.dhc"
    first = _project()
    save_project(first, path)
    first_bytes = path.read_bytes()
    second = _project()
    second.profile = replace_in(second.profile, "internal", name="Second")
    save_project(second, path)
    assert (tmp_path / "me.dhc.bak").read_bytes() == first_bytes
    assert load_project(path).profile.internal.name == "Second"
    save_project(second, path)
    assert load_project(tmp_path / "me.dhc.bak").profile.internal.name == "Second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.dhc", "me.dhc.bak"]


def test_saved_file_holds_no_absolute_path_of_this_machine(tmp_path):
    photo = tmp_path / "Pictures" / "holiday portrait.png"
    photo.parent.mkdir()
    photo.write_bytes(PHOTO)
    project = Project()
    project.profile = replace_in(project.profile, "static", photo=project.add_asset(photo))
    assert project.profile.static.photo == "assets/holiday_portrait.png"
    path = tmp_path / "me.dhc"
    save_project(project, path)
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        unpacked = b"".join(n.encode() + zf.read(n) for n in zf.namelist())
    for needle in {str(tmp_path), str(Path.home()), tmp_path.name}:
        assert needle.encode() not in raw and needle.encode() not in unpacked


def test_failed_save_leaves_the_target_untouched(folder, monkeypatch):
    good = folder / "good.dhc"
    invalid = _project()
    invalid.profile = replace_in(invalid.profile, "static", eye_size=3.0)
    with pytest.raises(UserError, match="eye size must be between 0.5 and 1.5"):
        save_project(invalid, good)
    folder.unchanged()

    lacking = _project()
    del lacking.assets["assets/voice.wav"]
    with pytest.raises(UserError, match=r"voice sample \(assets/voice.wav\) is not in the project"):
        save_project(lacking, good)
    folder.unchanged()

    too_many = _project()
    too_many.assets.update({f"assets/{i}.txt": b"x" for i in range(300)})
    with pytest.raises(UserError, match="a project may hold at most 255 files"):
        save_project(too_many, good)
    folder.unchanged()

    def disk_full(self, name, data, *a, **k):
        if name.startswith("assets/"):
            raise OSError(28, "No space left on device")
        return real(self, name, data, *a, **k)
    real = zipfile.ZipFile.writestr
    monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_full)
    with pytest.raises(UserError, match="No space left on device"):
        save_project(_project(), good)
    folder.unchanged()


def test_save_into_a_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        save_project(_project(), tmp_path / "nowhere" / "me.dhc")
    assert list(tmp_path.iterdir()) == []


def test_not_a_zip(folder):
    _refused(folder, b"hello, I am a text file\n" * 10, "not a readable zip file")


def test_empty_file(folder):
    _refused(folder, b"", "not a readable zip file")


def test_truncated_zip(folder):
    good = (folder / "good.dhc").read_bytes()
    _refused(folder, good[: len(good) // 2], "not a readable zip file")


def test_corrupted_bytes_inside_the_zip(folder):
    raw = bytearray(_zip({"profile.json": _profile_json()}))
    start = raw.index(b"profile.json") + len("profile.json") + 5
    for i in range(start, start + 40):
        raw[i] ^= 0x5A
    _refused(folder, bytes(raw), "damaged")


def test_unsupported_compression_method(folder):
    raw = bytearray(_zip({"profile.json": _profile_json()}))
    central = raw.index(b"PK\x01\x02")
    raw[central + 10: central + 12] = struct.pack("<H", 99)
    _refused(folder, bytes(raw), "not a readable zip file")


def test_missing_profile_json(folder):
    _refused(folder, _zip({"assets/me.png": PHOTO}), "has no profile.json")


def test_profile_json_is_not_json(folder):
    _refused(folder, _zip({"profile.json": b'{"static": {"eye_size": 1.0,,}}'}),
             r"profile.json is not valid JSON \(.* line 1, column")


def test_profile_json_is_not_utf8(folder):
    _refused(folder, _zip({"profile.json": b'{"internal": {"name": "\xff\xfe"}}'}), "not UTF-8")


def test_profile_json_is_not_an_object(folder):
    _refused(folder, _zip({"profile.json": b"[1, 2, 3]"}), "not a JSON object")


def test_invalid_profile_values(folder):
    msg = _refused(folder, _zip({"profile.json": _profile_json(static__eye_size=3.0)}),
                   "eye size must be between 0.5 and 1.5")
    assert "got 3" in msg


def test_newer_schema_version(folder):
    data = json.loads(_profile_json())
    data["schema_version"] = 7
    _refused(folder, _zip({"profile.json": json.dumps(data).encode()}),
             r"made by a newer Avatar Studio \(schema 7\); update the app")


@pytest.mark.parametrize("name, reason", [
    ("/etc/passwd", "absolute path"),
    ("C:/Windows/evil.dll", "drive letter"),
    ("assets/../../evil.txt", r"contains '\.\.'"),
    ("../evil.txt", r"contains '\.\.'"),
    ("assets\\..\\evil.txt", r"backslash|contains '\.\.'"),  # Windows zipfile turns \ into /
    ("assets//evil.txt", "empty path component"),
])
def test_unsafe_entry_names(folder, name, reason):
    content = _zip({"profile.json": _profile_json(), name: b"owned"})
    msg = _refused(folder, content, reason)
    assert "unsafe" in msg


def test_duplicate_entries(folder):
    with pytest.warns(UserWarning, match="Duplicate name"):
        content = _dup_zip()
    _refused(folder, content, "two entries named 'profile.json'")


def _dup_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("profile.json", _profile_json())
        zf.writestr("profile.json", _profile_json(internal__name="Other"))
    return buf.getvalue()


def test_zip_bomb_refused_by_declared_size(folder):
    """A real bomb: 210 MB of zeros in a ~200 kB file, above the 200 MB per-file limit."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("profile.json", _profile_json())
        with zf.open("assets/bomb.png", "w", force_zip64=True) as f:
            zero = bytes(1 << 20)
            for _ in range(210):
                f.write(zero)
    assert len(buf.getvalue()) < 2_000_000
    _refused(folder, buf.getvalue(), "unpacks to more than a project may hold")


def test_total_size_limit(folder):
    entries = {"profile.json": _profile_json(), **{f"assets/{i}.bin": bytes(300_000) for i in range(4)}}
    _refused(folder, _zip(entries), "unpacks to more than",
             limits=Limits(max_entry_bytes=500_000, max_total_bytes=1_000_000))


def test_entry_that_lies_about_its_size_is_not_read_in_full(folder):
    """The header says 100 bytes but the data inflates to 5 MB: refused, never unpacked."""
    raw = bytearray(_zip({"profile.json": _profile_json(), "assets/me.png": bytes(5_000_000)}))
    central = [i for i in range(len(raw)) if raw.startswith(b"PK\x01\x02", i)][1]
    raw[central + 24: central + 28] = struct.pack("<I", 100)
    _refused(folder, bytes(raw), "damaged|unpacks to more than")


def test_too_many_entries(folder):
    entries = {"profile.json": _profile_json(), **{f"assets/{i}.txt": b"x" for i in range(300)}}
    _refused(folder, _zip(entries), "holds 301 files, more than a project may")


def test_referenced_asset_missing(folder):
    content = _zip({"profile.json": _profile_json(static__photo="assets/me.png")})
    _refused(folder, content, r"source photo \(assets/me.png\) is missing")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UserError, match="project file not found"):
        load_project(tmp_path / "nope.dhc")
    with pytest.raises(UserError, match="is a folder"):
        load_project(tmp_path)


def test_extra_entries_are_ignored_and_empty_optional_assets_are_fine(tmp_path):
    path = tmp_path / "handmade.dhc"
    path.write_bytes(_zip({"profile.json": _profile_json(internal__name="Hand"),
                           "README.txt": b"made by hand", "assets/": b""}))
    project = load_project(path)
    assert project.profile.internal.name == "Hand" and project.assets == {}


def test_old_version_project_is_migrated_on_load(tmp_path):
    v1 = (DATA / "profile_v1.json").read_bytes()
    path = tmp_path / "old.dhc"
    path.write_bytes(_zip({"profile.json": v1, "assets/me.jpg": PHOTO, "assets/voice.wav": VOICE}))
    project = load_project(path)
    assert project.profile.schema_version == 2
    assert project.profile.static.eye_size == 1.25
    assert project.profile.dynamic.voice_sample == "assets/voice.wav"
    save_project(project, path)
    assert json.loads(zipfile.ZipFile(path).read("profile.json"))["schema_version"] == 2


@pytest.mark.parametrize("given, expected", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\Photo 1.PNG", "Photo_1.PNG"),
    ("CON.png", "_CON.png"),
    ("", "asset"),
    ("...", "asset"),
    (".bashrc", "bashrc"),
    ("사진 (1).jpg", "사진_1_.jpg"),
    ("a" * 300 + ".jpeg", "a" * 75 + ".jpeg"),
])
def test_asset_names_are_made_safe(given, expected):
    assert safe_asset_name(given) == expected


def test_add_asset_makes_names_unique_and_reuses_identical_files(tmp_path):
    project = Project()
    assert project.add_asset(b"one", "photo.png") == "assets/photo.png"
    assert project.add_asset(b"two", "PHOTO.png") == "assets/PHOTO-2.png"
    assert project.add_asset(b"three", "photo.png") == "assets/photo-3.png"
    assert project.add_asset(b"one", "other.png") == "assets/photo.png"
    with pytest.raises(UserError, match="file not found"):
        project.add_asset(tmp_path / "missing.png")
    with pytest.raises(UserError, match="too large"):
        project.add_asset(bytes(2000), "big.bin", limits=Limits(max_entry_bytes=1000))
    assert len(project.assets) == 3


def test_autosave_and_recovery(tmp_path):
    project = _project()
    original = tmp_path / "me.dhc"
    copy = autosave(project, original)
    untitled = autosave(Project(), None)
    assert copy.parent == Path(os.environ["AVATAR_STUDIO_CONFIG_DIR"]) / "autosave"
    found = {a.path: a for a in find_autosaves()}
    assert found[copy].original == original.absolute() and found[copy].newer_than_original
    assert found[untitled].original is None
    assert load_project(copy).assets == project.assets
    assert str(tmp_path).encode() not in copy.read_bytes()
    found[untitled].path.with_suffix(".json").write_text("{broken")     # crash before the note
    assert {a.path: a for a in find_autosaves()}[untitled].original is None
    discard_autosave(found[copy])
    discard_autosave(found[untitled])
    assert copy not in {a.path for a in find_autosaves()}
    assert not copy.exists() and not copy.with_suffix(".json").exists()


def test_saved_file_has_ordinary_permissions(tmp_path):
    if os.name != "posix":
        pytest.skip("POSIX permission bits")
    path = tmp_path / "me.dhc"
    save_project(_project(), path)
    assert path.stat().st_mode & 0o044, "other programs of the user must be able to read it"


def test_project_dataclass_contract():
    fields = {f.name for f in dataclasses.fields(Project)}
    assert fields == {"profile", "assets"}


def test_sample_avatar_is_written_once_and_makes_a_complete_project(tmp_path, astronaut_rgb):
    import numpy as np
    from PIL import Image

    from studio.sample import sample_photo_path, sample_project

    path = sample_photo_path()
    assert path.is_relative_to(Path(os.environ["AVATAR_STUDIO_DATA_DIR"]))
    assert np.array_equal(np.asarray(Image.open(path).convert("RGB")), astronaut_rgb)
    stamp = path.stat().st_mtime_ns
    assert sample_photo_path() == path and path.stat().st_mtime_ns == stamp, "written only once"
    project = sample_project()
    assert project.asset_bytes(project.profile.static.photo) == path.read_bytes()
    save_project(project, tmp_path / "sample.dhc")
    again = load_project(tmp_path / "sample.dhc")
    assert again.profile == project.profile and again.profile.privacy.consent_face
