"""File ▸ New from Video… (issue 16): the best frame of the person in a clip becomes a new
avatar; with several people the user's choice is used."""
from __future__ import annotations

import io

import numpy as np
import pytest

from .conftest import wait_until


@pytest.fixture
def window(qapp):
    from studio.ui.main_window import MainWindow
    w = MainWindow(preview_size=128)
    yield w
    w.doc.undo_stack.setClean()
    w.doc.discard_recovery()
    w.close()


def _clip(path, frames, fps=5):
    import av
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=fps)
        s.width, s.height, s.pix_fmt = frames[0].shape[1], frames[0].shape[0], "yuv420p"
        for f in frames:
            c.mux(s.encode(av.VideoFrame.from_ndarray(f, format="rgb24")))
        c.mux(s.encode(None))
    return path


def test_new_from_video_builds_the_avatar_from_the_best_frame(qapp, window, tmp_path, astronaut_rgb):
    from studio.render.engine import AvatarEngine
    from studio.ui.video_avatar import start
    engine = AvatarEngine.from_photo(astronaut_rgb)
    frames = [engine.render({"headYaw": yaw, "jawOpen": jaw}, 256)[..., :3]
              for yaw, jaw in ((25, 0.6), (12, 0.3), (0, 0.0), (-20, 0.5))]
    clip = _clip(tmp_path / "one.mp4", frames)
    assert window.act_from_video in window.menuBar().actions()[0].menu().actions()
    start(window, str(clip))
    wait_until(qapp, lambda: window.session.engine is not None, 90, "the avatar from the video")
    from studio.face.from_video import people_in_video
    people = people_in_video(clip)
    assert len(people) == 1 and people[0].best.frame == 2          # frontal, mouth closed


def test_with_several_people_the_chosen_one_is_built(qapp, window, monkeypatch, astronaut_rgb):
    from PIL import Image
    from studio.ui import video_avatar

    def png(rgb):
        buf = io.BytesIO()
        Image.fromarray(rgb).save(buf, "PNG")
        return buf.getvalue()
    people = [("person 1: 9 faces", png(np.zeros((64, 64, 3), np.uint8))),    # no face: would fail
              ("person 2: 4 faces", png(astronaut_rgb))]
    monkeypatch.setattr(video_avatar, "best_frames", lambda path: people)
    asked = []
    video_avatar.start(window, "clip.mp4", choose=lambda w, p: asked.append(len(p)) or 1)
    wait_until(qapp, lambda: window.session.engine is not None, 90, "the chosen person's avatar")
    assert asked == [2]


def test_the_people_question_gives_the_chosen_person_or_none(qapp, monkeypatch):
    from PySide6.QtWidgets import QInputDialog
    from studio.ui import video_avatar
    people = [("person 1: 9 faces", b""), ("person 2: 4 faces", b"")]

    def pick_second(dialog):
        assert dialog.comboBoxItems() == [line for line, _ in people]
        dialog.setTextValue(dialog.comboBoxItems()[1])
        return 1
    monkeypatch.setattr(QInputDialog, "exec", pick_second)
    assert video_avatar._ask(None, people) == 1
    monkeypatch.setattr(QInputDialog, "exec", lambda dialog: 0)      # Cancel
    assert video_avatar._ask(None, people) is None
