"""The studio's live outputs (docs/LIVE.md): the preview served for OBS over loopback, and the
virtual camera's "what to install" message where there is no backend."""
from __future__ import annotations

import io
import urllib.request

import numpy as np
import pytest

from tests.ui.conftest import wait_until


def test_serve_for_obs_serves_the_preview(qapp, studio, monkeypatch):
    from PIL import Image
    monkeypatch.setattr("studio.runtime.serve.DEFAULT_PORT", 0)          # a free port
    studio.act_serve.trigger()
    try:
        assert studio.act_serve.isChecked() and studio.server is not None
        url = studio.server.url
        assert url.startswith("http://127.0.0.1:")
        wait_until(qapp, lambda: studio.server.current() is not None, 20, "a served frame")
        png = urllib.request.urlopen(url + "frame.png", timeout=10).read()
        img = np.asarray(Image.open(io.BytesIO(png)))
        assert img.shape == (256, 256, 4) and img[..., :3].std() > 20
        assert "Serving the avatar" in studio.status_note.text()
    finally:
        studio.act_serve.trigger()
    assert studio.server is None and not studio.session.sinks


def test_virtual_camera_without_a_backend_says_what_to_install(qapp, studio):
    from studio.runtime.virtualcam import missing_backend
    from studio.ui import crash
    if missing_backend() is None:
        pytest.skip("this machine has a virtual camera backend")
    studio.act_virtual_camera.trigger()
    qapp.processEvents()
    shown = list(crash.reporter().shown)
    crash.reporter().shown.clear()
    assert not studio.act_virtual_camera.isChecked() and studio.vcam is None
    assert len(shown) == 1 and "install" in shown[0] and "virtual camera" in shown[0].lower()


def test_hotkeys_trigger_expressions_in_the_preview(qapp, studio):
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    def key(kind, text):
        return QKeyEvent(kind, Qt.Key.Key_5, Qt.KeyboardModifier.NoModifier, text)

    def lids():
        frame = studio.session.newest
        return 0.0 if frame is None else frame.pose.get("eyeBlinkLeft", 0.0)

    studio.keyPressEvent(key(QEvent.Type.KeyPress, "5"))         # 5: wink (the defaults), toggle
    studio.keyReleaseEvent(key(QEvent.Type.KeyRelease, "5"))
    wait_until(qapp, lambda: lids() > 0.9, 20, "a wink")
    assert "wink on" in studio.status_note.text()
    studio.keyPressEvent(key(QEvent.Type.KeyPress, "5"))
    wait_until(qapp, lambda: lids() < 0.5, 20, "the wink to end")
    assert not studio.hotkey(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_5,
                                       Qt.KeyboardModifier.ControlModifier, "5"), True)
