"""File ▸ New from Video…: an avatar from the best frame of a person in a clip
(`studio.face.from_video`, docs/BATCH.md *An avatar from a video*).

The clip is searched on a worker thread; with several people the user picks one from a list
(each with how often and when the best frame was seen); the chosen best frame, cut around the
face, becomes a new avatar exactly as a photo does (`new_from_photo_bytes`).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog

from studio.ui import crash, prefs_store
from studio.ui.i18n import tr
from studio.ui.workers import run_task

VIDEO_FILTER = "Videos (*.mp4 *.mov *.webm *.avi *.mkv *.m4v)"


def best_frames(path: str) -> list[tuple[str, bytes]]:
    """Worker thread: (description, PNG bytes of the best frame cut around the face) per person,
    the one seen most first."""
    import io

    from PIL import Image

    from studio.face.from_video import crop_to_face, frame_at, people_in_video
    people = people_in_video(path)
    out = []
    for n, person in enumerate(people, 1):
        # as `from_video.describe` says it, in the UI language (translate is thread-safe)
        line = tr("person {n}: {faces} faces, best at {time} s (score {score})").format(
            n=n, faces=len(person.shots), time=f"{person.best.time:.1f}", score=f"{person.best.score:.2f}")
        buf = io.BytesIO()
        best = person.best
        Image.fromarray(crop_to_face(frame_at(path, best.frame), best.landmarks)).save(buf, "PNG")
        out.append((line, buf.getvalue()))
    return out


def new_from_video(window) -> None:
    if not window._may_discard():
        return
    path, _ = QFileDialog.getOpenFileName(window, tr("New from Video"), prefs_store.last_dir("media"),
                                          tr(VIDEO_FILTER))
    if path:
        prefs_store.remember_dir("media", path)
        start(window, path)


def people_dialog(window, labels: list[str]) -> QInputDialog:
    """The question when the clip shows several people: one line per person."""
    dialog = QInputDialog(window)
    dialog.setWindowTitle(tr("New from Video"))
    dialog.setLabelText(tr("Several people are in the clip; make the avatar of:"))
    dialog.setComboBoxItems(labels)
    dialog.setComboBoxEditable(False)
    return dialog


def _ask(window, people: list[tuple[str, bytes]]) -> int | None:
    labels = [line for line, _ in people]
    dialog = people_dialog(window, labels)
    if not dialog.exec():
        return None
    return labels.index(dialog.textValue())


def start(window, path: str, choose=None):
    """Search `path`, then make the avatar of the person `choose(window, people)` picks (asked
    in a list when there are several; `choose` is for tests)."""
    window.preview.show_message(tr("Looking for faces in the video…"))
    name = Path(path).stem

    def done(people) -> None:
        index = 0 if len(people) == 1 else (choose or _ask)(window, people)
        if index is None:
            return
        window.new_from_photo_bytes(people[index][1], ".png", f"{name} (person {index + 1})")

    return run_task(best_frames, path, on_done=done, on_failed=crash.show_error,
                    name="video-avatar", parent=window)
