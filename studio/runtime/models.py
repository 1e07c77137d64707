"""The model registry: which models exist, whether they are installed and intact, installing.

Models are described by the manifest, `studio/resources/models/manifest.json` (package data;
name, file, sha256, size, inputs/outputs, licence, source URL, description, kind), and live in
the model directory (`studio.settings.model_dir()`, env override AVATAR_STUDIO_MODEL_DIR). Kinds:

- 'generated': built by the project on this machine (the ONNX warp graph); no fixed hash;
- 'download' : fixed file with a pinned sha256, installable from its URL or a local copy;
- 'plugin'   : optional user-supplied weights; the user gives the hash they trust.

Installing writes into a temporary file next to the target while hashing, checks size and
sha256, and only then renames it into place: a wrong, truncated or cancelled install leaves
nothing behind. Nothing is ever downloaded without an explicit request (`install_from_url`).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from studio.errors import Cancelled, UserError

log = logging.getLogger(__name__)
CHUNK = 1 << 16
KINDS = ("generated", "download", "plugin")
STATES = ("ok", "missing", "corrupt", "unverified")


@dataclass(frozen=True)
class ModelEntry:
    name: str
    file: str                          # relative to the model directory
    kind: str = "download"
    sha256: str = ""                   # '' = not pinned (generated or plugin)
    size: int = 0                      # bytes; 0 = not pinned
    inputs: dict = field(default_factory=dict)
    outputs: dict = field(default_factory=dict)
    licence: str = ""
    source_url: str = ""
    description: str = ""


@dataclass(frozen=True)
class ModelStatus:
    entry: ModelEntry
    state: str                         # one of STATES
    path: Path
    detail: str                        # a sentence for `models list` and the GUI


def manifest_path() -> Path:
    """The shipped manifest, `studio/resources/models/manifest.json`: package data, so a source
    checkout, an editable install, a wheel and a frozen bundle (which keeps the package layout)
    all find it beside the code (see resources/README.md)."""
    return Path(__file__).resolve().parents[1] / "resources" / "models" / "manifest.json"


def load_manifest(path: str | os.PathLike | None = None) -> list[ModelEntry]:
    path = Path(path) if path else manifest_path()
    try:
        data = json.loads(path.read_text("utf-8"))
        entries = [ModelEntry(**m) for m in data["models"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"the model manifest {path} is unreadable ({exc}); reinstall Avatar Studio") from None
    for e in entries:
        if e.kind not in KINDS:
            raise UserError(f"model manifest entry {e.name!r} has unknown kind {e.kind!r}")
    return entries


def _looks_like_onnx(path: Path) -> bool:
    """An ONNX file is a protobuf ModelProto whose first field is ir_version (tag 0x08): a
    cheap check that catches empty, truncated-to-nothing and non-ONNX files."""
    if not str(path).endswith(".onnx"):
        return True
    with open(path, "rb") as f:
        return f.read(1) == b"\x08"


def sha256_of(path: Path, cancel: threading.Event | None = None) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            h.update(chunk)
    return h.hexdigest()


class ModelRegistry:
    """Models of one manifest in one model directory."""

    def __init__(self, model_dir: str | os.PathLike | None = None,
                 entries: Iterable[ModelEntry] | None = None):
        if model_dir is None:
            from studio.settings import model_dir as default_dir
            model_dir = default_dir()
        self.model_dir = Path(model_dir)
        self._entries = {e.name: e for e in (load_manifest() if entries is None else entries)}

    # ---- looking ------------------------------------------------------------------------------
    def entries(self) -> list[ModelEntry]:
        return list(self._entries.values())

    def entry(self, name: str) -> ModelEntry:
        try:
            return self._entries[name]
        except KeyError:
            raise UserError(f"unknown model {name!r}; known: {', '.join(self._entries)}") from None

    def path(self, name: str) -> Path:
        return self.model_dir / self.entry(name).file

    def status(self, name: str) -> ModelStatus:
        e, path = self.entry(name), self.path(name)
        if not path.is_file():
            how = ("built automatically on first use" if e.kind == "generated" else
                   f"install with `avatar-studio models install {e.name} --file F"
                   + (" --sha256 H" if not e.sha256 else "") + "`"
                   + (f" (source: {e.source_url})" if e.source_url else ""))
            return ModelStatus(e, "missing", path, f"not installed; {how}")
        size = path.stat().st_size
        if not _looks_like_onnx(path):
            fix_it = "it is rebuilt on first use" if e.kind == "generated" else "reinstall it"
            return ModelStatus(e, "corrupt", path, f"not an ONNX model ({size} bytes); {fix_it}")
        if e.size and size != e.size:
            return ModelStatus(e, "corrupt", path, f"size {size} bytes, expected {e.size}; reinstall it")
        if not e.sha256:
            return ModelStatus(e, "unverified" if e.kind == "plugin" else "ok", path,
                               f"installed ({size} bytes)" +
                               ("; no pinned hash to check against" if e.kind == "plugin" else ""))
        if sha256_of(path) != e.sha256:
            return ModelStatus(e, "corrupt", path, "sha256 does not match the manifest; reinstall it")
        return ModelStatus(e, "ok", path, f"installed and verified ({size} bytes)")

    def list(self) -> list[ModelStatus]:
        return [self.status(n) for n in self._entries]

    # ---- installing ---------------------------------------------------------------------------
    def install_from_file(self, name: str, source: str | os.PathLike, *, sha256: str | None = None,
                          progress: Callable[[float], None] | None = None,
                          cancel: threading.Event | None = None) -> Path:
        """Copy a local file into place after checking its size and hash."""
        self._expected_hash(self.entry(name), sha256)   # name and hash first: clearer message
        source = Path(source)
        if not source.is_file():
            raise UserError(f"{source} is not a file; give the path of the downloaded model")
        with open(source, "rb") as f:
            return self._install(name, f, source.stat().st_size, str(source), sha256, progress, cancel)

    def install_from_url(self, name: str, url: str | None = None, *, sha256: str | None = None,
                         progress: Callable[[float], None] | None = None,
                         cancel: threading.Event | None = None, timeout: float = 30.0) -> Path:
        """Download `url` (default: the manifest's source URL) and install it. Only ever
        called on an explicit user request."""
        import urllib.error
        import urllib.request
        e = self.entry(name)
        self._expected_hash(e, sha256)               # before anything is downloaded
        url = url or e.source_url
        if not url:
            raise UserError(f"model {name!r} has no download address; pass --url or --file")
        log.info("downloading model %s from %s", name, url)
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                total = int(response.headers.get("Content-Length") or 0)
                return self._install(name, response, total, url, sha256, progress, cancel)
        except (urllib.error.URLError, OSError) as exc:
            raise UserError(f"could not download {name} from {url} ({exc}); check the address "
                            "and your connection, or install from a file with --file") from None

    def _expected_hash(self, e: ModelEntry, sha256: str | None) -> str:
        if sha256 and not re.fullmatch(r"[0-9a-fA-F]{64}", sha256.strip()):
            raise UserError(f"--sha256 must be the 64 hexadecimal digits of a SHA-256 hash "
                            f"(got {sha256!r})")
        sha256 = sha256.strip() if sha256 else sha256
        if e.sha256 and sha256 and sha256.lower() != e.sha256:
            raise UserError(f"--sha256 differs from the hash pinned for {e.name}; leave it out")
        expected = (e.sha256 or sha256 or "").lower()
        if not expected and e.kind != "generated":
            raise UserError(f"{e.name} has no pinned hash: pass --sha256 with the hash published "
                            "by the model's source, so that the file can be verified")
        return expected

    def _install(self, name, stream: BinaryIO, total: int, origin: str, sha256, progress, cancel) -> Path:
        e = self.entry(name)
        expected = self._expected_hash(e, sha256)
        target = self.path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        from studio.atomic import atomic_output
        with atomic_output(target) as out:    # a refused or cancelled install leaves nothing
            h, done = hashlib.sha256(), 0
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                out.write(chunk)
                h.update(chunk)
                done += len(chunk)
                if progress is not None and total:
                    progress(min(1.0, done / total))
            if e.size and done != e.size:
                raise UserError(f"{origin} has {done} bytes but {name} should have {e.size}; "
                                "the file is incomplete or a different model")
            if expected and h.hexdigest() != expected:
                raise UserError(f"{origin} is not the expected {name} (sha256 {h.hexdigest()[:12]}… "
                                f"≠ {expected[:12]}…); nothing was installed")
        if progress is not None:
            progress(1.0)
        log.info("installed model %s (%d bytes) from %s", name, done, origin)
        return target

    def remove(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(name).unlink()

