"""Project files (`.dhc`): a zip holding `profile.json` and the files it refers to in `assets/`.

A project is self-contained: the source photo, voice sample and background image are copied
inside as `assets/NAME`, and the profile refers to them by that name, never by a path on the
user's machine. Saving is atomic and keeps the previous file as `NAME.dhc.bak`. Loading treats
the file as untrusted input: unsafe entry names, zip bombs, damaged zips, bad JSON, invalid or
future profiles and missing assets are refused with one UserError naming the file and what to do.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import time
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from studio.atomic import atomic_output, fsync_dir
from studio.errors import UserError
from studio.profile import codec
from studio.profile.migrate import upgrade
from studio.profile.model import DigitalHuman
from studio.settings import config_dir, data_dir

log = logging.getLogger(__name__)

PROFILE_ENTRY = "profile.json"
ASSET_DIR = "assets/"
ASSET_FIELDS = (("static", "photo"), ("static", "background_image"), ("dynamic", "voice_sample"))
_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a project file may hold; anything beyond is refused as damaged or hostile."""
    max_entries: int = 256
    max_entry_bytes: int = 200 * _MB      # one asset, uncompressed
    max_total_bytes: int = 512 * _MB      # everything, uncompressed
    max_profile_bytes: int = 4 * _MB      # profile.json


DEFAULT_LIMITS = Limits()


@dataclass
class Project:
    """A profile plus the asset files it refers to (`'assets/NAME' -> bytes`)."""
    profile: DigitalHuman = field(default_factory=DigitalHuman)
    assets: dict[str, bytes] = field(default_factory=dict)

    def asset_bytes(self, name: str) -> bytes:
        """The content of asset `name` ('assets/NAME'); UserError if the project lacks it."""
        try:
            return self.assets[name]
        except KeyError:
            raise UserError(f"the project has no asset {name!r}") from None

    def asset_path(self, name: str) -> Path:
        """A real file holding asset `name`, for libraries that want a path (read-only use).

        Files live in a private, content-addressed cache under the data dir, so asking twice
        costs nothing and two projects never overwrite each other's files.
        """
        data = self.asset_bytes(name)
        digest = hashlib.sha256(data).hexdigest()[:24]
        path = data_dir() / "cache" / "assets" / digest / name.split("/", 1)[1]
        if not (path.is_file() and path.stat().st_size == len(data)):
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_output(path) as f:
                f.write(data)
        return path

    def add_asset(self, src: str | os.PathLike | bytes, preferred_name: str | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> str:
        """Copy a file (path) or bytes into the project; return its name, 'assets/NAME'.

        The name is `preferred_name` (else the file's name) made safe for every OS; if another
        asset already has it, '-2', '-3'… is added. Adding identical bytes twice reuses the name.
        """
        if isinstance(src, (bytes, bytearray)):
            data, fallback = bytes(src), "asset"
        else:
            src = Path(src)
            fallback = src.name
            try:
                if src.stat().st_size > limits.max_entry_bytes:
                    raise UserError(f"{src.name} is too large to add to a project "
                                    f"({_size(src.stat().st_size)}; at most "
                                    f"{_size(limits.max_entry_bytes)})")
                data = src.read_bytes()
            except FileNotFoundError:
                raise UserError(f"file not found: {src}") from None
            except IsADirectoryError:
                raise UserError(f"{src} is a folder, not a file") from None
            except OSError as exc:
                raise UserError(f"cannot read {src}: {exc.strerror or exc}") from None
        if len(data) > limits.max_entry_bytes:
            raise UserError(f"this file is too large to add to a project "
                            f"(at most {_size(limits.max_entry_bytes)})")
        for name, existing in self.assets.items():
            if existing == data:            # the same file added twice: keep one copy
                return name
        name = _unique(ASSET_DIR + safe_asset_name(preferred_name or fallback), self.assets)
        self.assets[name] = data
        return name

    def referenced_assets(self) -> dict[str, str]:
        """{asset name: label of the field that refers to it} for the profile's asset fields."""
        found = {}
        for group, name in ASSET_FIELDS:
            value = getattr(getattr(self.profile, group), name)
            if value:
                meta = {f.name: f for f in dataclasses.fields(getattr(self.profile, group))}[name].metadata
                found[value] = meta.get("label", name)
        return found

    def missing_assets(self) -> dict[str, str]:
        """The referenced assets this project does not hold ({name: label})."""
        return {n: label for n, label in self.referenced_assets().items() if n not in self.assets}


# ---------------------------------------------------------------- names

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def safe_asset_name(name: str) -> str:
    """A file name that is safe inside the zip and when extracted on Windows, macOS or Linux."""
    name = unicodedata.normalize("NFC", re.split(r"[/\\]", name or "")[-1])
    name = re.sub(r"[^\w.\-]+", "_", name).strip("._ ") or "asset"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if stem.lower() in _WINDOWS_RESERVED:
        stem = "_" + stem
    ext = ext[:10]
    stem = stem[:79 - len(ext)] or "asset"     # at most 80 characters in all
    return f"{stem}.{ext}" if ext else stem


def _unique(name: str, taken: dict[str, bytes]) -> str:
    lowered = {n.lower() for n in taken}       # case-insensitive file systems
    if name.lower() not in lowered:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or "/" in ext:
        stem, dot, ext = name, "", ""
    i = 2
    while f"{stem}-{i}{dot}{ext}".lower() in lowered:
        i += 1
    return f"{stem}-{i}{dot}{ext}"


def unsafe_entry_reason(name: str) -> str | None:
    """Why a zip entry name could escape the project folder when extracted, or None if safe."""
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/"):
        return "is an absolute path"
    if re.match(r"^[A-Za-z]:", name):
        return "starts with a drive letter"
    if any(ord(c) < 32 for c in name):
        return "contains control characters"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "contains '..'"
    if any(p in ("", ".") for p in parts):
        return "has an empty path component"
    return None


# ---------------------------------------------------------------- save

def save_project(project: Project, path: str | os.PathLike) -> None:
    """Write `project` to `path` atomically, keeping the previous file as `path + '.bak'`.

    Refuses (UserError, nothing written) an invalid profile or one that refers to assets the
    project does not hold, so that every saved file loads again.
    """
    path = Path(path)
    problems = codec.validate(project.profile)
    if problems:
        raise UserError(f"cannot save {path.name}: " + "; ".join(problems[:3]))
    missing = project.missing_assets()
    if missing:
        name, label = next(iter(missing.items()))
        raise UserError(f"cannot save {path.name}: its {label} ({name}) is not in the project; "
                        "choose the file again")
    for name in project.assets:
        if not name.startswith(ASSET_DIR) or name.count("/") != 1 or unsafe_entry_reason(name):
            raise UserError(f"cannot save {path.name}: bad asset name {name!r}")
    _check_fits(project, path.name, DEFAULT_LIMITS)
    if not path.parent.is_dir():
        raise UserError(f"cannot save {path.name}: the folder {path.parent} does not exist")
    profile_json = json.dumps(codec.to_dict(project.profile), indent=2, ensure_ascii=False)
    try:
        with atomic_output(path) as f:
            with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.comment = b"Avatar Studio project"
                zf.writestr(PROFILE_ENTRY, profile_json.encode("utf-8"))
                for name in sorted(project.assets):
                    zf.writestr(name, project.assets[name])
            _backup(path)
    except OSError as exc:
        raise UserError(f"cannot save {path}: {exc.strerror or exc}; "
                        "check the folder is writable and the disk has space") from exc


def _check_fits(project: Project, label: str, limits: Limits) -> None:
    """Refuse to write a file that `load_project` would refuse to read back."""
    sizes = [len(b) for b in project.assets.values()]
    if (len(sizes) + 1 > limits.max_entries or any(n > limits.max_entry_bytes for n in sizes)
            or sum(sizes) > limits.max_total_bytes):
        raise UserError(f"cannot save {label}: a project may hold at most {limits.max_entries - 1} "
                        f"files of {_size(limits.max_entry_bytes)} each, "
                        f"{_size(limits.max_total_bytes)} in all; remove a large file")


def _backup(path: Path) -> None:
    """Copy the current `path` to `path.bak` (atomically) before the new file replaces it."""
    if not path.is_file():
        return
    bak = path.with_name(path.name + ".bak")
    with atomic_output(bak) as out, open(path, "rb") as src:
        shutil.copyfileobj(src, out)
    fsync_dir(path.parent)


# ---------------------------------------------------------------- load

def load_project(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> Project:
    """Read and check a project file; raise UserError (naming the file) for anything wrong."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"project file not found: {path}")
    if path.is_dir():
        raise UserError(f"{path} is a folder, not an Avatar Studio project (.dhc) file")
    try:
        with zipfile.ZipFile(path) as zf:
            entries = _read_entries(zf, path.name, limits)
    except UserError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        log.info("rejecting %s: %r", path, exc)
        raise UserError(f"{path.name} is damaged or is not an Avatar Studio project "
                        "(it is not a readable zip file); try its .bak copy") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    return _project_from_entries(entries, path.name)


def _read_entries(zf: zipfile.ZipFile, label: str, limits: Limits) -> dict[str, bytes]:
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise UserError(f"{label} holds {len(infos)} files, more than a project may "
                        f"({limits.max_entries}); it is damaged or not an Avatar Studio project")
    names = [i.filename for i in infos]
    for name in names:
        reason = unsafe_entry_reason(name)
        if reason:
            raise UserError(f"{label} is unsafe: the entry {name!r} {reason}; "
                            "it was not opened")
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise UserError(f"{label} is damaged: it has two entries named {sorted(duplicates)[0]!r}")
    total = 0
    for info in infos:
        cap = limits.max_profile_bytes if info.filename == PROFILE_ENTRY else limits.max_entry_bytes
        total += info.file_size
        if info.file_size > cap or total > limits.max_total_bytes:
            raise UserError(_too_large(label, info.filename, limits))
    entries: dict[str, bytes] = {}
    read_total = 0
    for info in infos:
        if info.is_dir() or not (info.filename == PROFILE_ENTRY or info.filename.startswith(ASSET_DIR)):
            if not info.is_dir():
                log.info("%s: ignoring extra entry %s", label, info.filename)
            continue
        cap = limits.max_profile_bytes if info.filename == PROFILE_ENTRY else limits.max_entry_bytes
        data = _read_capped(zf, info, min(cap, limits.max_total_bytes - read_total), label, limits)
        read_total += len(data)
        entries[info.filename] = data
    return entries


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, label: str,
                 limits: Limits) -> bytes:
    """Read one entry, never more than `cap` bytes, whatever its header claims."""
    chunks, size = [], 0
    with zf.open(info) as f:
        while True:
            chunk = f.read(min(1 * _MB, cap + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > cap or size > info.file_size:
                raise UserError(_too_large(label, info.filename, limits))
            chunks.append(chunk)
    return b"".join(chunks)


def _too_large(label: str, name: str, limits: Limits) -> str:
    return (f"{label} is refused: {name!r} unpacks to more than a project may hold "
            f"({_size(limits.max_entry_bytes)} a file, {_size(limits.max_total_bytes)} in all); "
            "it is damaged or not a genuine Avatar Studio project")


def _size(n: int) -> str:
    return f"{n / _MB:.0f} MB" if n >= _MB else f"{n / 1024:.0f} kB"


def _project_from_entries(entries: dict[str, bytes], label: str) -> Project:
    if PROFILE_ENTRY not in entries:
        raise UserError(f"{label} has no {PROFILE_ENTRY}: it is damaged or not an "
                        "Avatar Studio project; try its .bak copy")
    try:
        data = json.loads(entries.pop(PROFILE_ENTRY).decode("utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"{label} is damaged: {PROFILE_ENTRY} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{label} is damaged: {PROFILE_ENTRY} is not valid JSON "
                        f"({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    try:
        profile = codec.from_dict(upgrade(data))
    except UserError as exc:
        raise UserError(f"{label}: {exc}") from None
    assets = {n: b for n, b in entries.items() if n.count("/") == 1 and n != ASSET_DIR}
    project = Project(profile=profile, assets=assets)
    missing = project.missing_assets()
    if missing:
        name, what = next(iter(missing.items()))
        raise UserError(f"{label} is incomplete: its {what} ({name}) is missing from the file; "
                        "try its .bak copy or choose the file again in a new project")
    return project


# ---------------------------------------------------------------- autosave

@dataclass(frozen=True)
class Autosave:
    """An autosaved copy found at start-up. `original` is where the user saved it (None: never)."""
    path: Path
    original: Path | None
    saved_at: float                   # time.time() of the autosave

    @property
    def newer_than_original(self) -> bool:
        """True when the autosave holds work the original file lacks (offer to recover it)."""
        try:
            return self.original is None or self.saved_at > self.original.stat().st_mtime
        except OSError:
            return True


def autosave_dir() -> Path:
    return config_dir() / "autosave"


def autosave(project: Project, path: str | os.PathLike | None = None) -> Path:
    """Save a recovery copy of `project` (whose own file is `path`, or None if never saved).

    The copy goes to `<config>/autosave/<name>.dhc` with a small `.json` note recording where
    the original lives; that note stays on this machine, it is never part of a project file.
    """
    folder = autosave_dir()
    folder.mkdir(parents=True, exist_ok=True)
    original = Path(path).expanduser().absolute() if path else None
    key = hashlib.sha256(str(original).encode()).hexdigest()[:8]
    stem = safe_asset_name(original.stem if original else "untitled")
    target = folder / f"{stem}-{key}.dhc"
    save_project(project, target)
    note = {"original": str(original) if original else None, "saved_at": time.time()}
    with atomic_output(target.with_suffix(".json")) as f:
        f.write(json.dumps(note).encode("utf-8"))
    return target


def find_autosaves() -> list[Autosave]:
    """The autosaved copies on this machine, newest first (unreadable notes are skipped)."""
    found = []
    for dhc in autosave_dir().glob("*.dhc"):
        try:
            note = json.loads(dhc.with_suffix(".json").read_text("utf-8"))
            original = Path(note["original"]) if note.get("original") else None
            found.append(Autosave(dhc, original, float(note["saved_at"])))
        except (OSError, ValueError, KeyError, TypeError):
            # A crash between the copy and its note: still offer the copy, origin unknown.
            log.warning("autosave %s has no readable note; offering it as untitled", dhc)
            try:
                found.append(Autosave(dhc, None, dhc.stat().st_mtime))
            except OSError:
                continue
    return sorted(found, key=lambda a: a.saved_at, reverse=True)


def discard_autosave(autosave_entry: Autosave | Path) -> None:
    """Delete an autosave (after the user saved or declined to recover it)."""
    path = autosave_entry.path if isinstance(autosave_entry, Autosave) else Path(autosave_entry)
    for p in (path, path.with_suffix(".json"), path.with_name(path.name + ".bak")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
