"""The GUI's view of the user's preferences, stored through `studio.settings`.

`studio.settings.Settings` (foundation) is the source of truth for whatever it defines; the
few GUI-only preferences it may not know (theme, recent projects) go to an INI file next to it,
so nothing is lost whichever fields the foundation provides.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("studio.ui")

MAX_RECENT = 8


@dataclass(frozen=True)
class UiPrefs:
    ui_language: str = "en"            # 'en' | 'ko'
    theme: str = "light"               # 'light' | 'dark'
    camera: int = 0                    # OpenCV camera index
    audio_input: str = ""              # device name; '' = system default
    audio_output: str = ""
    accelerator: str = "auto"          # 'auto' or an ONNX Runtime provider name
    model_dir: str = ""                # '' = default models directory
    preview_size: int = 512
    recent_projects: tuple[str, ...] = ()
    sample_shown: bool = False         # the sample avatar opens on the first run only


def _settings_module():
    try:
        import studio.settings as mod
        return mod
    except ImportError:
        return None


def config_dir() -> Path:
    env = os.environ.get("AVATAR_STUDIO_CONFIG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_config_dir
    return Path(user_config_dir("AvatarStudio", appauthor=False))


def _extra_path() -> Path:
    return config_dir() / "studio-ui.json"


def current_settings() -> UiPrefs:
    """The preferences as the GUI sees them (defaults where nothing is stored)."""
    values: dict = {}
    try:
        values.update(json.loads(_extra_path().read_text("utf-8")))
    except (OSError, ValueError):
        pass
    mod = _settings_module()
    if mod is not None:
        try:
            core = mod.load_settings()
            for f in dataclasses.fields(UiPrefs):
                if hasattr(core, f.name):
                    values[f.name] = getattr(core, f.name)
        except Exception:   # a broken settings file must not stop the studio opening
            log.exception("could not read settings; using defaults")
    names = {f.name for f in dataclasses.fields(UiPrefs)}
    clean = {k: v for k, v in values.items() if k in names}
    if "recent_projects" in clean:
        clean["recent_projects"] = tuple(clean["recent_projects"])
    try:
        return UiPrefs(**clean)
    except TypeError:
        return UiPrefs()


def save(prefs: UiPrefs) -> None:
    """Store `prefs`: fields the foundation's Settings knows go there, the rest to our file."""
    data = dataclasses.asdict(prefs)
    mod = _settings_module()
    if mod is not None:
        try:
            core = mod.load_settings()
            known = {f.name for f in dataclasses.fields(core)}
            changes = {k: (list(v) if isinstance(v, tuple) and isinstance(getattr(core, k), list) else v)
                       for k, v in data.items() if k in known}
            mod.save_settings(dataclasses.replace(core, **changes))
        except Exception:
            log.exception("could not save settings through studio.settings")
    path = _extra_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def remember_recent(prefs: UiPrefs, path: str) -> UiPrefs:
    """`prefs` with `path` first in the recent-projects list."""
    recent = [str(Path(path).resolve())] + [p for p in prefs.recent_projects
                                            if p != str(Path(path).resolve())]
    return dataclasses.replace(prefs, recent_projects=tuple(recent[:MAX_RECENT]))
