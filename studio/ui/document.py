"""The evented model behind every editor: the current `DigitalHuman`, its assets, undo.

Editors never touch the renderer; they call `set_field()` and listen to `changed(group,
field)`. The profile is frozen, so each edit swaps in a new object (`replace_in`) and the undo
stack simply keeps the old ones. `group` is a dotted path into the profile: 'static',
'dynamic', 'internal', 'privacy', 'internal.personality', 'dynamic.voice_profile'.
`changed('', '')` means "everything" (a project was opened or made).
"""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from studio.profile.model import DigitalHuman

log = logging.getLogger("studio.ui")

AUTOSAVE_MS = 60_000
_MERGE_ID = 7001


def get_group(profile: DigitalHuman, group: str):
    obj = profile
    for part in group.split("."):
        obj = getattr(obj, part)
    return obj


def replace_field(profile: DigitalHuman, group: str, field: str, value: Any) -> DigitalHuman:
    """A copy of `profile` with `group.field` set to `value` (nested groups allowed)."""
    def rec(obj, parts):
        if not parts:
            return dataclasses.replace(obj, **{field: value})
        return dataclasses.replace(obj, **{parts[0]: rec(getattr(obj, parts[0]), parts[1:])})
    return rec(profile, group.split("."))


class _Snapshot(QUndoCommand):
    """Swap between two (profile, assets) states. Slider drags share a `merge_token`, so one
    drag is one undo step."""

    def __init__(self, doc: "Document", before, after, group: str, field: str, text: str,
                 merge_token: int | None):
        super().__init__(text)
        self.doc, self.before, self.after = doc, before, after
        self.group, self.field, self.token = group, field, merge_token

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, _Snapshot) and self.token is not None
                and other.token == self.token and (other.group, other.field) == (self.group, self.field)):
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.doc._apply(self.after, self.group, self.field)

    def undo(self) -> None:
        self.doc._apply(self.before, self.group, self.field)


class Document(QObject):
    """The open project: profile (frozen `DigitalHuman`), assets ('assets/NAME' → bytes),
    file path, dirty flag, undo stack and autosave."""

    changed = Signal(str, str)        # group, field ('' , '' = everything)
    path_changed = Signal(str)
    dirty_changed = Signal(bool)
    loaded = Signal()                 # another project (or photo) was opened

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.profile = DigitalHuman()
        self.assets: dict[str, bytes] = {}
        self.path: Path | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        self._autosave_path: Path | None = None

    def _clean_changed(self, clean: bool) -> None:
        try:
            self.dirty_changed.emit(not clean)
        except RuntimeError:      # the stack outlives us by a moment while Qt tears down
            pass

    # ---- reading -------------------------------------------------------------------------
    def value(self, group: str, field: str) -> Any:
        return getattr(get_group(self.profile, group), field)

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def has_photo(self) -> bool:
        return bool(self.profile.static.photo) and self.profile.static.photo in self.assets

    # ---- editing -------------------------------------------------------------------------
    def set_field(self, group: str, field: str, value: Any, merge_token: int | None = None,
                  text: str | None = None) -> None:
        """Set one field as an undoable edit (`text` names it in the Undo menu); equal values
        are ignored."""
        if self.value(group, field) == value:
            return
        after = (replace_field(self.profile, group, field, value), self.assets)
        self._push(after, group, field, merge_token, text)

    def set_asset(self, group: str, field: str, name: str, data: bytes | None) -> None:
        """Store `data` as 'assets/NAME' and point `group.field` at it (None clears it)."""
        assets = dict(self.assets)
        key = f"assets/{name}" if data is not None else ""
        if data is not None:
            assets[key] = data
        profile = replace_field(self.profile, group, field, key)
        self._push((profile, assets), group, field, None)

    def set_profile(self, profile: DigitalHuman, text: str = "edit") -> None:
        """Replace several fields at once (one undo step), e.g. a calibration or a voice profile."""
        if profile != self.profile:
            self.undo_stack.push(_Snapshot(self, (self.profile, self.assets), (profile, self.assets),
                                           "", "", text, None))

    def set_state(self, profile: DigitalHuman, assets: dict[str, bytes], text: str = "edit") -> None:
        """Replace profile and assets together as one undo step (e.g. a new voice sample plus
        the voice profile measured from it)."""
        self.undo_stack.push(_Snapshot(self, (self.profile, self.assets), (profile, dict(assets)),
                                       "", "", text, None))

    def _push(self, after, group: str, field: str, token: int | None, text: str | None = None) -> None:
        if text is not None:
            self.undo_stack.push(_Snapshot(self, (self.profile, self.assets), after, group, field,
                                           text, token))
            return
        spec = {}
        try:
            spec = next(f.metadata for f in dataclasses.fields(get_group(self.profile, group))
                        if f.name == field)
        except StopIteration:
            pass
        text = f"change {spec.get('label', field)}"
        self.undo_stack.push(_Snapshot(self, (self.profile, self.assets), after, group, field,
                                       text, token))

    def _apply(self, state, group: str, field: str) -> None:
        self.profile, self.assets = state
        self.changed.emit(group, field)

    # ---- whole projects ------------------------------------------------------------------
    def load(self, profile: DigitalHuman, assets: dict[str, bytes], path: Path | None) -> None:
        """Make `profile` the open project (not undoable: a fresh history starts). The
        previous project's recovery copy goes: the user saved or discarded that work."""
        self._discard_autosave()
        self.profile, self.assets = profile, dict(assets)
        self.undo_stack.clear()
        self.path = Path(path) if path else None
        self.undo_stack.setClean()
        self.path_changed.emit(str(self.path or ""))
        self.dirty_changed.emit(False)
        self.changed.emit("", "")
        self.loaded.emit()

    def as_project(self):
        from studio.profile.project import Project
        return Project(profile=self.profile, assets=dict(self.assets))

    def open(self, path: str | Path) -> None:
        from studio.profile.project import load_project
        project = load_project(path)
        self.load(project.profile, project.assets, Path(path))

    def save(self, path: str | Path | None = None) -> Path:
        """Write the project (atomically, by the foundation); the history stays for undo."""
        from studio.profile.project import save_project
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("no path to save to")
        save_project(self.as_project(), target)
        self.path = target
        self.undo_stack.setClean()
        self.path_changed.emit(str(target))
        self._discard_autosave()
        return target

    # ---- autosave ------------------------------------------------------------------------
    def autosave(self) -> Path | None:
        """Write the unsaved state to the recovery slot (nothing when clean). Called by a
        timer; the project file itself is only written by an explicit save."""
        if not self.dirty:
            return None
        from studio.profile.project import autosave
        try:
            self._autosave_path = autosave(self.as_project(), self.path)
            return self._autosave_path
        except Exception:
            log.exception("autosave failed")
            return None

    def adopt_autosave(self, slot: Path) -> None:
        """The open document was recovered from `slot`: it is unsaved work (dirty), and the
        slot is removed once the user saves."""
        self._autosave_path = Path(slot)
        self.undo_stack.resetClean()
        self.dirty_changed.emit(True)

    def _discard_autosave(self) -> None:
        if self._autosave_path is None:
            return
        from studio.profile.project import discard_autosave
        try:
            discard_autosave(self._autosave_path)
        except OSError:
            log.exception("could not remove the autosave")
        self._autosave_path = None
