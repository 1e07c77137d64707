"""Project files for the main window: new from photo (dialog, drag and drop, webcam
snapshot), the sample on first run, open, recent projects, save, save as, crash recovery.

A mixin of `MainWindow`; it uses the window's document (`doc`), preview session (`session`),
preview widget, status line and settings. Checking a photo and building its engine happen on
a worker thread; the window fills in when they are done.
"""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from studio.ui import crash, prefs_store
from studio.ui.i18n import tr
from studio.ui.workers import run_task

log = logging.getLogger("studio.ui")

PROJECT_FILTER = "Avatar projects (*.dhc)"
PHOTO_FILTER = "Face photos (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff *.heic)"
PHOTO_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"}


def _photo_project(data: bytes, suffix: str, label: str = ""):
    """Worker thread: a new project around photo bytes, checked by the face intake and with
    its engine built (UserError for no face, unreadable…). `label` names the photo in those
    errors as the user knows it (the file they picked), not by its name inside the project."""
    from studio.face.intake_cache import load_photo_cached
    from studio.profile.model import DigitalHuman, ExternalStatic
    from studio.profile.project import Project
    from studio.ui.workers import build_engine
    project = Project(DigitalHuman(), {})
    name = project.add_asset(data, "photo" + (suffix or ".png"))
    project.profile = dataclasses.replace(project.profile, static=ExternalStatic(photo=name))
    # the face check, worded with the user's file name (the engine then reads its cached result)
    load_photo_cached(project.asset_path(name), label or name.split("/")[-1])
    engine = build_engine(project)
    return project, engine


def _sample_project():
    from studio.sample import sample_project
    from studio.ui.workers import build_engine
    project = sample_project()
    return project, build_engine(project)


def _opened_project(path: str):
    from studio.profile.project import load_project
    from studio.ui.workers import build_engine
    project = load_project(path)
    return project, build_engine(project)


class ProjectFiles:
    """Opening and saving projects (mixed into MainWindow)."""

    # ---- opening ---------------------------------------------------------------------------------
    def open_initial(self, path: str | None) -> None:
        """What the window shows first: `path`, else recovered work, else the sample (first
        run) or the most recent project."""
        if path:
            self.open_path(path)
            return
        if self._offer_recovery():
            return
        recent = self.settings.recent_existing()
        if prefs_store.ui_state().get("sample_shown") and recent:
            self.open_path(recent[0])
        else:
            prefs_store.set_ui_state(sample_shown=True)
            self.open_sample()

    def _offer_recovery(self) -> bool:
        try:
            from studio.profile.project import find_autosaves
            found = [a for a in find_autosaves() if a.newer_than_original]
        except Exception:
            log.exception("looking for autosaves")
            return False
        if not found:
            return False
        latest = found[0]
        answer = QMessageBox.question(
            self, tr("Recover unsaved work"),
            tr("Avatar Studio closed before your last changes were saved. Recover them?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            from studio.profile.project import discard_autosave
            discard_autosave(latest)
            return False
        self._open_async(_opened_project, str(latest.path), target=latest.original,
                         recovered=latest.path)
        return True

    def open_sample(self):
        """The sample avatar (the public-domain astronaut portrait, consent recorded)."""
        self.preview.show_message(tr("Opening the sample avatar…"))
        return self._open_async(_sample_project, target=None)

    def open_path(self, path: str) -> None:
        if Path(path).suffix.lower() in PHOTO_SUFFIXES:
            self.new_from_photo(path)
        else:
            self._open_async(_opened_project, str(path), target=Path(path))

    def choose_photo(self) -> None:
        if not self._may_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("New from Photo"), prefs_store.last_dir("photo"),
                                              tr(PHOTO_FILTER))
        if path:
            prefs_store.remember_dir("photo", path)
            self.new_from_photo(path)

    def choose_project(self) -> None:
        if not self._may_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("Open"), prefs_store.last_dir("project"),
                                              tr(PROJECT_FILTER))
        if path:
            prefs_store.remember_dir("project", path)
            self.open_path(path)

    def new_from_photo(self, path: str):
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            from studio.errors import UserError
            crash.show_error(UserError(f"cannot read {path}: {exc.strerror or exc}"))
            return None
        return self.new_from_photo_bytes(data, Path(path).suffix.lower(), Path(path).name)

    def new_from_photo_bytes(self, data: bytes, suffix: str, label: str = ""):
        """A new avatar from photo bytes: unsaved work from the start (title '*', autosaved,
        and quitting asks to save it)."""
        return self._open_async(_photo_project, data, suffix, label, target=None, modified=True)

    def _open_async(self, fn, *args, target: Path | None, recovered: Path | None = None,
                    modified: bool = False):
        self.preview.show_message(tr("Finding the face and preparing the avatar…"))
        self.set_note("Preparing the avatar…")

        def done(result):
            project, engine = result
            if self.session._shut_down:       # the window closed while this was loading
                return
            self.set_note("")
            self.session.set_project(project, engine)
            self.doc.load(project.profile, project.assets, target, modified=modified)
            if recovered:
                self.doc.adopt_autosave(recovered)
            if target is not None and not recovered:
                self._remember(target)
            photo = getattr(engine, "photo", None)
            warnings = getattr(photo, "warnings", ())
            if modified and target is None and photo is not None:
                # a new avatar: what the intake found in the photo and what may be improved
                from studio.face.report import report_for
                from studio.ui.intake_text import report_text
                report = report_for(photo, project.profile.static.photo_expression)
                self.set_note("", lambda: report_text(report),
                              lambda: "\n".join((report_text(report), *warnings)))
            elif warnings:
                self.set_note("", "; ".join(warnings))

        def failed(exc):
            self.set_note("")
            self.preview.show_message(tr("Open a photo to make your digital human")
                                      if self.preview.current_frame() is None else "")
            crash.show_error(exc)
        return run_task(fn, *args, on_done=done, on_failed=failed, name="open", parent=self)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in prefs_store.current_settings().recent_existing():
            act = self.recent_menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.triggered.connect(lambda _=False, p=path: self._may_discard() and self.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(tr("(none)")).setEnabled(False)

    def _remember(self, path: Path) -> None:
        self.settings = prefs_store.current_settings().with_recent(path)
        prefs_store.save(self.settings)

    # ---- drag and drop --------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).suffix.lower() in (
                PHOTO_SUFFIXES | {".dhc"}):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = event.mimeData().urls()[0].toLocalFile()
        if self._may_discard():
            self.open_path(path)
        event.acceptProposedAction()

    # ---- saving -----------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        folder = Path(prefs_store.last_dir("project") or Path.home())
        start = str(self.doc.path or folder / f"{self.doc.profile.internal.name or 'avatar'}.dhc")
        path, _ = QFileDialog.getSaveFileName(self, tr("Save As"), start, tr(PROJECT_FILTER))
        if not path:
            return False
        prefs_store.remember_dir("project", path)
        if not path.lower().endswith(".dhc"):
            path += ".dhc"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            self.doc.save(path)
        except Exception as exc:
            crash.show_error(exc, "saving the project")
            return False
        self._remember(path)
        self.set_note("Saved ", str(path))
        return True

    def _may_discard(self) -> bool:
        if not self.doc.dirty:
            return True
        answer = QMessageBox.question(
            self, tr("Unsaved changes"), tr("Save the changes to this avatar first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.doc.discard_recovery()       # the user let this work go: no recovery offer
            return True
        return False

    def new_from_webcam(self) -> None:
        from studio.ui.webcam import snapshot
        if not self._may_discard():
            return
        run_task(snapshot, self.settings.camera_index,
                 on_done=lambda data: self.new_from_photo_bytes(data, ".png", "the webcam snapshot"),
                 on_failed=crash.show_error, parent=self)
