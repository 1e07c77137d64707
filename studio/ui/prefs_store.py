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
