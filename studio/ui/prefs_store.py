"""The GUI's access to the user's preferences (`studio.settings.Settings`) plus the one
GUI-only fact the foundation does not keep: whether the first-run sample was shown."""
from __future__ import annotations

import json
import logging

from studio.atomic import write_bytes_atomic
from studio.settings import Settings, config_dir, load_settings, save_settings

log = logging.getLogger("studio.ui")


def current_settings() -> Settings:
    """The stored settings (defaults where none; never raises)."""
    return load_settings()


def save(settings: Settings) -> None:
    save_settings(settings)


def _ui_state_path():
    return config_dir() / "studio-ui.json"


def ui_state() -> dict:
    try:
        return json.loads(_ui_state_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def set_ui_state(**changes) -> None:
    state = ui_state()
    state.update(changes)
    path = _ui_state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, json.dumps(state).encode("utf-8"))


# ---- what dialogs remember: the last folder and options, per dialog -----------------------------
def last_dir(key: str) -> str:
    """The folder the user last picked a file in for `key` ('photo', 'project', 'export'…),
    or '' (the dialog's own default) when none was picked or the folder is gone."""
    folder = ui_state().get("dirs", {}).get(key, "")
    try:
        from pathlib import Path
        return folder if folder and Path(folder).is_dir() else ""
    except OSError:
        return ""


def remember_dir(key: str, path) -> None:
    """Remember the folder of `path` (a file, or a folder) for the next `key` dialog."""
    from pathlib import Path
    p = Path(path).expanduser()
    folder = p if p.is_dir() else p.parent
    dirs = dict(ui_state().get("dirs", {}))
    dirs[key] = str(folder)
    try:
        set_ui_state(dirs=dirs)
    except OSError:
        log.warning("could not remember the folder for %s", key)


def dialog_options(key: str) -> dict:
    """The options the `key` dialog was last used with ({} the first time)."""
    found = ui_state().get("options", {}).get(key, {})
    return found if isinstance(found, dict) else {}


def remember_options(key: str, options: dict) -> None:
    allopts = dict(ui_state().get("options", {}))
    allopts[key] = dict(options)
    try:
        set_ui_state(options=allopts)
    except OSError:
        log.warning("could not remember the options for %s", key)
