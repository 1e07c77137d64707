"""User settings (one JSON file in the user config directory) and the app's directories.

Settings are a frozen, versioned dataclass. Reading never fails: a missing file gives the
defaults, a corrupt one gives the defaults plus a logged warning (the bad file is kept beside
as `settings.json.bad` so nothing the user had is lost), and a bad single value falls back
to its default alone. Writing is atomic. Directories honour environment overrides so that
tests and portable installs can redirect them:

- AVATAR_STUDIO_CONFIG_DIR — settings, autosaves
- AVATAR_STUDIO_DATA_DIR   — the sample photo, the asset cache
- AVATAR_STUDIO_MODEL_DIR  — optional model files (else the setting, else `<data>/models`)
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from studio.atomic import write_bytes_atomic
from studio.errors import UserError

APP = "AvatarStudio"
SETTINGS_SCHEMA_VERSION = 1
ACCELERATORS = ("auto", "cpu", "cuda", "directml", "coreml")
LANGUAGES = ("en", "ko")
THEMES = ("system", "light", "dark")
MAX_RECENT = 10

log = logging.getLogger(__name__)


def config_dir() -> Path:
    return Path(os.environ.get("AVATAR_STUDIO_CONFIG_DIR") or user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    return Path(os.environ.get("AVATAR_STUDIO_DATA_DIR") or user_data_dir(APP, appauthor=False))


def model_dir(settings: Settings | None = None) -> Path:
    """Where optional models live: the env override, else the setting, else `<data dir>/models`."""
    if os.environ.get("AVATAR_STUDIO_MODEL_DIR"):
        return Path(os.environ["AVATAR_STUDIO_MODEL_DIR"])
    chosen = (settings if settings is not None else load_settings()).model_dir
    return Path(chosen).expanduser() if chosen else data_dir() / "models"


def settings_path() -> Path:
    return config_dir() / "settings.json"


@dataclass(frozen=True)
class Settings:
    """Machine-specific preferences (the profile holds everything about the avatar)."""
    camera_index: int = 0                 # OpenCV camera index
    audio_input: str = ""                 # device name; "" = the system default
    audio_output: str = ""
    accelerator: str = "auto"             # one of ACCELERATORS
    model_dir: str = ""                   # "" = the default model directory
    language: str = "en"                  # UI language, one of LANGUAGES
    theme: str = "system"                 # one of THEMES
    recent_projects: tuple[str, ...] = ()  # absolute paths, newest first, at most MAX_RECENT
    llm_url: str = ""                     # OpenAI-compatible server for the chat; "" = none
    llm_model: str = ""                   # model name on that server
    llm_key: str = ""                     # API key sent to that server only ("" = none)
    schema_version: int = SETTINGS_SCHEMA_VERSION

    def with_recent(self, path: str | os.PathLike) -> Settings:
        """A copy with `path` moved to the front of the recent projects (deduplicated, capped)."""
        path = str(Path(path).expanduser().absolute())
        rest = [p for p in self.recent_projects if p != path]
        return dataclasses.replace(self, recent_projects=tuple([path] + rest)[:MAX_RECENT])

    def recent_existing(self) -> tuple[str, ...]:
        """The recent projects whose files still exist (the menu hides the others)."""
        return tuple(p for p in self.recent_projects if Path(p).is_file())


def display_path(path: str | os.PathLike) -> str:
    """How a recent project is shown: relative to the home folder when under it (`~/x/me.dhc`)."""
    path = Path(path)
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


# Per-field check: returns the value to keep, or raises ValueError to fall back to the default.
def _int_from_0(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 63:
        raise ValueError(v)
    return v


def _text(v: Any) -> str:
    if not isinstance(v, str) or len(v) > 1000:
        raise ValueError(v)
    return v


def _one_of(options: tuple[str, ...]):
    def check(v: Any) -> str:
        if v not in options:
            raise ValueError(v)
        return v
    return check


def _recent(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list):
        raise ValueError(v)
    return tuple(p for p in v if isinstance(p, str) and p)[:MAX_RECENT]


_CHECKS = {
    "camera_index": _int_from_0, "audio_input": _text, "audio_output": _text,
    "accelerator": _one_of(ACCELERATORS), "model_dir": _text, "language": _one_of(LANGUAGES),
    "theme": _one_of(THEMES), "recent_projects": _recent,
    "llm_url": _text, "llm_model": _text, "llm_key": _text,
}


def settings_from_dict(data: Any) -> Settings:
    """Settings from a parsed JSON dict; each bad or unknown value is logged and skipped."""
    if not isinstance(data, dict):
        raise ValueError("settings file is not a JSON object")
    version = data.get("schema_version", SETTINGS_SCHEMA_VERSION)
    if version != SETTINGS_SCHEMA_VERSION:
        # Only one version exists so far; a newer file's known fields are still usable.
        log.warning("settings schema %r is not %d; reading the fields this version knows",
                    version, SETTINGS_SCHEMA_VERSION)
    kwargs = {}
    for key, value in data.items():
        if key == "schema_version":
            continue
        if key not in _CHECKS:
            log.warning("ignoring unknown setting %r", key)
            continue
        try:
            kwargs[key] = _CHECKS[key](value)
        except ValueError:
            log.warning("setting %s has a bad value %r; using the default", key, value)
    return Settings(**kwargs)


def load_settings() -> Settings:
    """The saved settings, or the defaults; never raises for a missing or corrupt file."""
    path = settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("cannot read settings %s (%s); using defaults", path, exc)
        return Settings()
    try:
        return settings_from_dict(json.loads(raw.decode("utf-8")))
    except (ValueError, UnicodeDecodeError) as exc:
        log.warning("settings file %s is corrupt (%s); using defaults, kept it as %s.bad",
                    path, exc, path.name)
        try:
            write_bytes_atomic(path.with_name(path.name + ".bad"), raw)
        except OSError:
            pass
        return Settings()


def save_settings(settings: Settings) -> Path:
    """Write `settings` atomically; raises UserError when the config folder is not writable."""
    path = settings_path()
    data = dataclasses.asdict(settings)
    data["recent_projects"] = list(settings.recent_projects)
    data["schema_version"] = SETTINGS_SCHEMA_VERSION
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    except OSError as exc:
        raise UserError(f"could not save settings to {path}: {exc.strerror or exc}; "
                        "check that the folder is writable") from exc
    return path
