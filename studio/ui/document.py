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

from studio.profile.model import DigitalHuman, replace_in

log = logging.getLogger("studio.ui")

AUTOSAVE_MS = 60_000
AUTOSAVE_DELAY_MS = 2_000        # a change reaches the recovery slot this soon after it is made
_MERGE_ID = 7001


def get_group(profile: DigitalHuman, group: str):
    obj = profile
    for part in group.split("."):
        obj = getattr(obj, part)
    return obj


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
        self._autosave.timeout.connect(self.autosave_in_background)
        self._autosave.start()
        # every change (an edit, undo/redo, a new avatar) is written to the recovery slot
        # shortly after it is made, not only by the minute timer
        self._autosave_soon = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._autosave_soon.timeout.connect(self.autosave_in_background)
        self._autosave_task = None
        self._generation = 0             # bumped when another project opens or this one is saved
        self.changed.connect(lambda *_: self._schedule_autosave())
        self._autosave_path: Path | None = None

    def _clean_changed(self, clean: bool) -> None:
        try:
            self.dirty_changed.emit(not clean)
        except RuntimeError:      # the stack outlives us by a moment while Qt tears down
            pass

    def _schedule_autosave(self) -> None:
        if self.dirty:
            self._autosave_soon.start()

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
        after = (replace_in(self.profile, group, **{field: value}), self.assets)
        self._push(after, group, field, merge_token, text)

    def set_asset(self, group: str, field: str, name: str, data: bytes | None) -> None:
        """Store `data` as 'assets/NAME' and point `group.field` at it (None clears it)."""
        assets = dict(self.assets)
        key = f"assets/{name}" if data is not None else ""
        if data is not None:
            assets[key] = data
        profile = replace_in(self.profile, group, **{field: key})
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
    def load(self, profile: DigitalHuman, assets: dict[str, bytes], path: Path | None,
             modified: bool = False) -> None:
        """Make `profile` the open project (not undoable: a fresh history starts). The
        previous project's recovery copy goes: the user saved or discarded that work.
        `modified`: the project exists only in memory (a new avatar from a photo): it is
        unsaved work from the start, and undoing every edit does not make it saved."""
        self._discard_autosave()
        self._generation += 1
        self.profile, self.assets = profile, dict(assets)
        self.undo_stack.clear()
        self.path = Path(path) if path else None
        self.undo_stack.setClean()
        if modified:
            self.undo_stack.resetClean()
        self.path_changed.emit(str(self.path or ""))
        self.dirty_changed.emit(self.dirty)
        self.changed.emit("", "")
        self.loaded.emit()

    def mark_modified(self) -> None:
        """The open state differs from any saved file (e.g. recovered or newly made work):
        no undo or redo makes it 'saved' again; only saving does."""
        was = self.dirty
        self.undo_stack.resetClean()
        if not was:
            self.dirty_changed.emit(True)
        self._schedule_autosave()

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
        self._generation += 1
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

    def autosave_in_background(self) -> None:
        """What the timers call: the same recovery copy, written on a worker thread (a
        project with its photo takes a moment to write; the preview must not stall)."""
        if not self.dirty:
            return
        if self._autosave_task is not None:          # one at a time: try again shortly
            self._autosave_soon.start()
            return
        from studio.profile.project import autosave
        from studio.ui.workers import run_task
        generation = self._generation
        self._autosave_task = run_task(autosave, self.as_project(), self.path, name="autosave",
                                       on_done=lambda slot: self._autosaved(slot, generation),
                                       on_failed=self._autosave_failed, parent=self)

    def _autosaved(self, slot: Path, generation: int) -> None:
        self._autosave_task = None
        if generation == self._generation and self.dirty:
            self._autosave_path = Path(slot)
        elif Path(slot) != self._autosave_path:
            # saved, or another project opened, while it was written: the copy is stale
            from studio.profile.project import discard_autosave
            try:
                discard_autosave(Path(slot))
            except OSError:
                log.exception("could not remove a stale autosave")

    def _autosave_failed(self, exc) -> None:
        self._autosave_task = None
        log.error("autosave failed: %s", exc)

    def adopt_autosave(self, slot: Path) -> None:
        """The open document was recovered from `slot`: it is unsaved work (dirty), and the
        slot is removed once the user saves."""
        self._autosave_path = Path(slot)
        self.mark_modified()

    def discard_recovery(self) -> None:
        """The user chose to discard the unsaved work: its recovery copy goes too."""
        self._autosave_soon.stop()
        self._generation += 1             # a copy being written now is dropped when it lands
        self._discard_autosave()

    def _discard_autosave(self) -> None:
        if self._autosave_path is None:
            return
        from studio.profile.project import discard_autosave
        try:
            discard_autosave(self._autosave_path)
        except OSError:
            log.exception("could not remove the autosave")
        self._autosave_path = None
