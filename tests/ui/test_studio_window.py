"""The real studio window, driven as a user would: photo → avatar, slider → preview, undo,
speak, export a sticker, save and reopen. Real engine, real speech, real encoders."""
from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
import pytest
from PIL import Image
from PySide6.QtWidgets import QListWidget

from tests.ui.conftest import frame_after, wait_until


def _pause(qapp, window) -> np.ndarray:
    """Pause the preview and return the frame it settles on."""
    if window.act_play.isChecked():
        seq = window.preview.frames_shown
        window.act_play.trigger()
        frame_after(qapp, window, seq)
    # let any frame already in flight arrive, then take the settled one
    end = time.monotonic() + 0.3
    while time.monotonic() < end:
        qapp.processEvents()
    return window.preview.current_frame().copy()


def _diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def test_project_from_photo_shows_the_face(studio):
    frame = studio.preview.current_frame()
    assert frame.shape == (256, 256, 4) and frame.dtype == np.uint8
    assert studio.doc.has_photo()
    assert frame[..., :3].std() > 20            # a picture, not a blank
    assert "Untitled" in studio.windowTitle()


def test_first_run_opens_the_sample_avatar(qapp, studio, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from studio.ui import prefs_store
    # any recovery question (an autosave left by another test) is answered "No"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    prefs_store.set_ui_state(sample_shown=False)
    studio.open_initial(None)
    wait_until(qapp, lambda: studio.doc.profile.internal.name == "Astronaut", 60, "the sample")
    assert studio.doc.profile.privacy.consent_face and studio.doc.has_photo()
    assert prefs_store.ui_state()["sample_shown"]
    seq = studio.preview.frames_shown
    frame_after(qapp, studio, seq + 2)


def test_slider_drag_changes_preview_and_undo_restores_it(qapp, studio):
    base = _pause(qapp, studio)
    from studio.ui.editors.fields import NumberField
    mode = studio.findChild(NumberField, "static.eye_size")
    undo_before = studio.doc.undo_stack.index()
    # one drag = many value changes = one undo step
    mode.slider.sliderPressed.emit()
    for step in (600, 700, 800, 900, 1000):
        mode.slider.setValue(step)
    mode.slider.sliderReleased.emit()
    assert studio.doc.profile.static.eye_size == pytest.approx(1.5)
    assert studio.doc.undo_stack.index() == undo_before + 1
    assert mode.spin.value() == pytest.approx(1.5)
    seq = studio.preview.frames_shown
    wait_until(qapp, lambda: studio.preview.frames_shown > seq and
               _diff(studio.preview.current_frame(), base) > 0.3, 20, "the edited frame")
    studio.act_undo.trigger()
    assert studio.doc.profile.static.eye_size == 1.0
    assert mode.spin.value() == pytest.approx(1.0)          # the widget followed the model
    assert studio.doc.undo_stack.index() == undo_before and studio.doc.undo_stack.canRedo()
    wait_until(qapp, lambda: _diff(studio.preview.current_frame(), base) < 0.05, 20,
               "the preview to return to the unedited face")
    studio.act_redo.trigger()
    assert studio.doc.profile.static.eye_size == pytest.approx(1.5)
    studio.act_undo.trigger()


def test_background_picker_and_colour_reach_the_preview(qapp, studio):
    base = _pause(qapp, studio)
    from studio.ui.editors.pickers import ThumbnailPicker
    picker = studio.findChild(ThumbnailPicker, "static.background")
    picker.select("colour")
    assert studio.doc.profile.static.background == "colour"
    wait_until(qapp, lambda: _diff(studio.preview.current_frame(), base) > 2, 20, "a new background")
    corner = studio.preview.current_frame()[:12, :12, :3].reshape(-1, 3).mean(axis=0)
    assert np.allclose(corner, (0x3a, 0x6e, 0xa5), atol=25)     # the default background colour
    studio.act_undo.trigger()
    assert picker.currentItem().data(0x0100) == "original"


def test_speak_advances_frames_and_audio(qapp, studio):
    if not studio.act_play.isChecked():
        studio.act_play.trigger()
    studio.speak("Hello! I am your digital human, and I can talk.", "en")
    wait_until(qapp, lambda: studio.session.speaking, 60, "speech to start")
    perf = studio.session.performance
    assert perf.audio is not None and perf.duration > 1.0
    clock = studio.session.clock
    t0, frames0 = clock.now(), studio.preview.frames_shown
    # the audio clock moves, and frames keep coming (counted, not timed)
    wait_until(qapp, lambda: clock.now() - t0 > 0.3 and studio.preview.frames_shown - frames0 >= 5,
               30, "the clock to move and frames to come")
    assert studio.timeline is not None
    xs, ys = studio.timeline.wave_item.getData()
    assert xs is not None and len(xs) > 100 and np.abs(ys).max() > 0.05   # the waveform is drawn
    assert studio.timeline.viseme_items                   # the viseme strip too
    wait_until(qapp, lambda: not studio.session.speaking, perf.duration + 10, "speech to end")


def test_rendering_and_speech_run_off_the_gui_thread(qapp, studio, monkeypatch):
    """Rendering and speech never run on the GUI thread (rendering not even in the GUI's
    process where a helper process can take it), and the preview keeps painting while they
    work. Checked by thread identity, not wall time: a timing budget flakes on a busy
    machine, so the figures (frames/s painted, longest event-loop gap) are
    `avatar-studio bench --only studio`'s job (tests/ui/test_bench_studio.py).

    Synthesis is held on its worker thread until the GUI thread has painted new frames: the
    window cannot wait for speech to be ready before it paints."""
    import studio.motion.performance as performance_module
    import studio.speech.say as say_module
    calls: dict[str, list[str]] = {"render": [], "speak": [], "performance": []}
    gui = threading.current_thread()
    synthesizing, painted_meanwhile = threading.Event(), threading.Event()

    def spy(kind, real, before=None):
        def wrapper(*args, **kwargs):
            me = threading.current_thread()
            calls[kind].append("GUI" if me is gui else me.name)
            if before is not None:
                before()
            return real(*args, **kwargs)
        return wrapper

    def hold_synthesis():
        synthesizing.set()
        painted_meanwhile.wait(120)

    from studio.render import helper_process
    render_fn = studio.session.render_fn
    studio.session.worker.set_render(spy("render", render_fn))
    monkeypatch.setattr(say_module, "speak", spy("speak", say_module.speak, hold_synthesis))
    monkeypatch.setattr(performance_module, "build_performance",
                        spy("performance", performance_module.build_performance))
    if not studio.act_play.isChecked():
        studio.act_play.trigger()
    try:
        studio.speak("Stalls would make the mouth stutter.", "en")
        wait_until(qapp, synthesizing.is_set, 60, "synthesis to start")
        seq = studio.preview.frames_shown
        wait_until(qapp, lambda: studio.preview.frames_shown >= seq + 5, 60,
                   "frames painted while the speech is synthesized")
    finally:
        painted_meanwhile.set()
    wait_until(qapp, lambda: studio.session.speaking, 60, "speech to start")
    perf = studio.session.performance
    seq, t0 = studio.preview.frames_shown, studio.session.newest.t
    wait_until(qapp, lambda: studio.preview.frames_shown >= seq + 10 and studio.session.newest.t > t0,
               60, "frames of the speech to be painted")
    assert studio.session.performance is perf and studio.session.speaking
    studio.session.stop_speaking()
    assert calls["speak"] == ["speak"]                       # the speech task's own thread
    assert calls["performance"] and "GUI" not in calls["performance"]
    assert calls["render"] and set(calls["render"]) == {"render-worker"}
    if helper_process.allowed():           # two cores or more: the frames come from a helper process
        wait_until(qapp, lambda: render_fn.frames_in_helper > 0, 60, "frames from the helper")


def test_rendered_frames_reach_the_screen_without_a_timer(qapp, studio):
    """The render thread wakes the GUI when a frame is ready (no tick beating against the render
    rate): with the housekeeping timer stopped frames still get painted, and nearly every frame
    rendered is painted rather than replaced unseen in the worker's slot."""
    if not studio.act_play.isChecked():
        studio.act_play.trigger()
    session = studio.session
    session.timer.stop()
    try:
        stats0, painted0 = session.worker.stats, studio.preview.frames_painted
        # counted, not timed: run the event loop until the worker has rendered 30 more frames
        give_up = time.monotonic() + 60
        while session.worker.stats.rendered - stats0.rendered < 30:
            assert time.monotonic() < give_up, "the render worker stopped rendering"
            qapp.processEvents()
            time.sleep(0.001)
        stats1, painted1 = session.worker.stats, studio.preview.frames_painted
    finally:
        session.timer.start()
    rendered = stats1.rendered - stats0.rendered
    painted = painted1 - painted0
    assert rendered >= 10 and painted >= 10
    assert painted >= 0.8 * rendered, f"{painted} of {rendered} rendered frames painted"


def test_export_sticker_writes_a_valid_animation(qapp, studio, tmp_path):
    from studio.ui.export_dialogs import open_export_dialog
    dialog = open_export_dialog("sticker", studio)
    dialog.motion.setCurrentIndex(dialog.motion.findData("wink"))
    dialog.format.setCurrentIndex(dialog.format.findData("webp"))
    dialog.size.setValue(128)
    target = tmp_path / "wink.webp"
    dialog.path.edit.setText(str(target))
    task = dialog.start_export()
    assert task is not None
    assert studio.isEnabled()                           # the window is not blocked
    wait_until(qapp, lambda: dialog.result_path is not None, 120, "the sticker export")
    assert dialog.progress.value() == 1000
    with Image.open(target) as im:
        assert im.format == "WEBP" and getattr(im, "is_animated", False) and im.n_frames > 2
        assert im.size == (128, 128)
    dialog.close()


def test_cancelled_export_leaves_nothing(qapp, studio, tmp_path):
    from studio.ui.export_dialogs import open_export_dialog
    dialog = open_export_dialog("sticker", studio)
    target = tmp_path / "never.gif"
    dialog.format.setCurrentIndex(dialog.format.findData("gif"))
    dialog.path.edit.setText(str(target))
    task = dialog.start_export()
    task.cancel.set()
    wait_until(qapp, lambda: not task.running, 120, "the export to stop")
    assert not target.exists()
    dialog.close()


def test_save_and_reopen_keeps_every_field(qapp, studio, tmp_path):
    doc = studio.doc
    doc.set_field("static", "lip_colour", "#b03050")
    doc.set_field("static", "glasses", "round")
    doc.set_field("dynamic", "voice_rate", 210.0)
    doc.set_field("dynamic", "expression", "happy")
    doc.set_field("internal", "name", "Astro")
    doc.set_field("internal.personality", "extraversion", 0.9)
    doc.set_field("internal", "memories", ("likes space", "speaks Korean"))
    doc.set_field("privacy", "consent_face", True)
    from studio.ui.editors.privacy import ConsentRecord
    studio.findChild(ConsentRecord).record_today()
    assert doc.dirty and "*" in studio.windowTitle()
    path = tmp_path / "astro.dhc"
    assert studio._save_to(path)
    assert not doc.dirty and path.exists()
    saved_profile, saved_assets = doc.profile, dict(doc.assets)

    from studio.ui.document import Document
    other = Document()
    other.open(path)
    assert other.profile == saved_profile
    assert other.assets == saved_assets

    # and through the window: open the file again, every field comes back
    studio.doc.load(dataclasses.replace(saved_profile, internal=dataclasses.replace(
        saved_profile.internal, name="changed")), saved_assets, None)
    studio.open_path(str(path))
    wait_until(qapp, lambda: studio.doc.path == path and studio.doc.profile.internal.name == "Astro",
               60, "the project to reopen")
    assert studio.doc.profile == saved_profile
    from studio.ui.editors.fields import NumberField
    assert studio.findChild(NumberField, "dynamic.voice_rate").spin.value() == pytest.approx(210)
    from studio.settings import load_settings
    assert str(path.resolve()) in [str(p) for p in load_settings().recent_projects]


def test_webcam_video_drives_the_head_with_inset_and_tracking(qapp, studio, astronaut_rgb, tmp_path):
    """A face video stands in for the camera (same capture path): the head follows its roll."""
    import cv2
    face = np.ascontiguousarray(astronaut_rgb[0:256, 96:352])
    path = tmp_path / "roll.avi"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, (256, 256))
    for deg in [0] * 8 + list(range(0, 21, 2)) + [20] * 20:
        m = cv2.getRotationMatrix2D((128, 102), deg, 1.0)
        out.write(cv2.cvtColor(cv2.warpAffine(face, m, (256, 256), borderMode=cv2.BORDER_REPLICATE),
                               cv2.COLOR_RGB2BGR))
    out.release()
    if not studio.act_play.isChecked():
        studio.act_play.trigger()
    studio.start_webcam(str(path))
    try:
        wait_until(qapp, lambda: studio.webcam.samples > 25 and studio.preview._tracking, 60,
                   "the webcam tracker")
        assert studio.preview._camera is not None            # the camera inset is shown
        wait_until(qapp, lambda: abs(studio.session.newest.pose.get("headRoll", 0.0)) > 5, 30,
                   "the avatar's head to roll with the video")
        studio.calibrate_webcam()                         # the current face becomes neutral
        wait_until(qapp, lambda: bool(studio.doc.profile.dynamic.webcam_neutral), 30,
                   "the calibrated neutral in the profile")
        studio.act_undo.trigger()
    finally:
        studio.stop_webcam()
    assert studio.preview._camera is None


def test_microphone_lipsync_opens_the_mouth(qapp, studio):
    """Real speech fed block by block through the microphone path moves the jaw."""
    from studio.profile.model import DigitalHuman
    from studio.speech.audio_io import resample
    from studio.speech.say import speak
    from studio.ui.microphone import BLOCK, RATE, MicLipSync
    p = DigitalHuman()
    speech = speak("Hello, can you see my mouth moving?", p.dynamic, p.internal, "en")
    samples = resample(speech.samples, speech.sample_rate, RATE)
    poses = []
    mic = MicLipSync(lambda pose: (poses.append(pose), studio._mic_pose(pose)))
    for i in range(0, len(samples), BLOCK):
        mic.feed(samples[i:i + BLOCK])
    assert max(pose.get("jawOpen", 0.0) for pose in poses if pose) > 0.2
    wait_until(qapp, lambda: studio.session.newest is not None and
               "jawOpen" in studio.session.newest.pose, 10, "a frame with the mic pose")
    mic.stop()                                        # hands the mouth back to the performance


def test_voice_sample_import_stores_sample_and_profile(qapp, studio, tmp_path):
    import soundfile as sf
    from studio.profile.model import DigitalHuman
    from studio.speech.say import speak
    from studio.ui.editors.motion_voice import VoiceSample
    p = DigitalHuman()
    text = ("The quick brown fox jumps over the lazy dog. I am reading this paragraph aloud "
            "so that the studio can learn how my voice sounds, how high it is and how fast "
            "I usually speak. Thank you for listening to me today.")
    speech = speak(text, p.dynamic, p.internal, "en")
    wav = tmp_path / "me.wav"
    sf.write(wav, speech.samples, speech.sample_rate)
    panel = studio.findChild(VoiceSample)
    index = studio.doc.undo_stack.index()
    panel.use_file(str(wav))
    wait_until(qapp, lambda: studio.doc.profile.dynamic.voice_sample != "", 60, "the voice sample")
    d = studio.doc.profile.dynamic
    assert d.voice_sample in studio.doc.assets and studio.doc.assets[d.voice_sample][:4] == b"RIFF"
    assert 60 < d.voice_profile.median_pitch_hz < 400
    assert studio.doc.undo_stack.index() == index + 1      # sample and profile: one step
    assert panel.meter.value() > 10 and panel.advice.text()
    studio.act_undo.trigger()
    assert studio.doc.profile.dynamic.voice_sample == ""


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # QDragEnterEvent's only constructor
def test_dropping_a_photo_makes_a_new_avatar(qapp, studio, astronaut_png):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    studio.doc.undo_stack.setClean()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(astronaut_png))])
    enter = QDragEnterEvent(studio.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    studio.dragEnterEvent(enter)
    assert enter.isAccepted()
    studio.doc.load(dataclasses.replace(studio.doc.profile, internal=dataclasses.replace(
        studio.doc.profile.internal, name="before the drop")), studio.doc.assets, None)
    drop = QDropEvent(QPointF(studio.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    studio.dropEvent(drop)
    wait_until(qapp, lambda: studio.doc.profile.internal.name == "My Avatar", 60, "the new avatar")
    assert studio.doc.has_photo() and studio.doc.path is None


def test_scrubbing_the_timeline_shows_that_time(qapp, studio):
    wait_until(qapp, lambda: studio.timeline is not None and studio.timeline.duration > 0, 20,
               "the timeline")
    studio.timeline.scrub_to(1.25)
    assert not studio.act_play.isChecked()              # scrubbing pauses the preview
    wait_until(qapp, lambda: studio.session.newest is not None and
               abs(studio.session.newest.t - 1.25) < 1e-6, 20, "the frame at 1.25 s")
    expected = studio.session.performance.pose_at(1.25)
    assert dict(studio.session.newest.pose) == pytest.approx(expected)
    studio.act_play.trigger()


def test_export_video_through_the_dialog(qapp, studio, tmp_path):
    import av
    from studio.ui.export_dialogs import open_export_dialog
    dialog = open_export_dialog("video", studio)
    dialog.text.setText("Hi!")
    dialog.size.setValue(128)
    target = tmp_path / "hi.mp4"
    dialog.path.edit.setText(str(target))
    dialog.start_export()
    wait_until(qapp, lambda: dialog.result_path is not None, 120, "the video export")
    with av.open(str(target)) as c:
        video = c.streams.video[0]
        assert (video.codec_context.width, video.codec_context.height) == (128, 128)
        assert c.streams.audio, "the spoken line is in the video"
        frames = sum(1 for _ in c.decode(video=0))
    assert frames >= 10
    dialog.close()


def test_export_pack_through_the_dialog(qapp, studio, tmp_path):
    import json
    import zipfile
    from PySide6.QtCore import Qt
    from studio.ui.export_dialogs import open_export_dialog
    dialog = open_export_dialog("pack", studio)
    dialog.platform.setCurrentIndex(dialog.platform.findData("slack"))
    for i in range(dialog.items.count()):
        item = dialog.items.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ("wink", "happy")
                           else Qt.CheckState.Unchecked)
    target = tmp_path / "pack.zip"
    dialog.path.edit.setText(str(target))
    dialog.start_export()
    wait_until(qapp, lambda: dialog.result_path is not None, 120, "the pack export")
    with zipfile.ZipFile(target) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert manifest["count"] == 2
        for entry in manifest["stickers"]:
            with Image.open(z.open(entry["file"])) as im:
                assert im.size == (128, 128) and im.n_frames > 1
    dialog.close()


def test_webcam_snapshot_from_a_video_source(astronaut_rgb, tmp_path):
    import cv2
    from studio.ui.webcam import snapshot
    path = tmp_path / "cam.avi"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, (256, 256))
    for _ in range(12):
        out.write(cv2.cvtColor(np.ascontiguousarray(astronaut_rgb[0:256, 96:352]), cv2.COLOR_RGB2BGR))
    out.release()
    import io
    with Image.open(io.BytesIO(snapshot(str(path)))) as im:
        assert im.format == "PNG" and im.size == (256, 256)


def test_recent_projects_menu_and_language_switch(qapp, studio, tmp_path):
    from studio.ui import i18n
    path = tmp_path / "recent.dhc"
    assert studio._save_to(path)
    studio._fill_recent()
    assert any(a.toolTip() == str(path.resolve()) or a.toolTip() == str(path)
               for a in studio.recent_menu.actions())
    assert i18n.install(qapp, "ko")
    try:
        studio.retranslate()                          # what Preferences does after a change
        from PySide6.QtWidgets import QWidget
        motion = studio.tabs.indexOf(studio.tabs.findChild(QWidget, "page.motion-voice"))
        assert studio.act_speak.text() == "말하기" and studio.tabs.tabText(motion) == "동작과 목소리"
        assert studio.script.button.text() == "말하기"
        # the timeline's row names and the chat follow too
        names = {k: item.text for k, item in studio.timeline.row_labels.items()}
        assert names == {"voice": "음성", "visemes": "입 모양", "motion": "동작"}
        assert studio.chat_panel.send_button.text() == "보내기"
        assert studio.chat_dock.windowTitle() == "대화"
    finally:
        i18n.install(qapp, "en")
        studio.retranslate()
    assert studio.act_speak.text() == "Speak"
    assert studio.timeline.row_labels["voice"].text == "voice"
    # the rebuilt editors follow the model; the old ones are gone without complaint
    studio.doc.set_field("internal", "memories", ("met the user today",))
    studio.doc.set_field("dynamic", "expression", "wink")
    qapp.processEvents()
    from studio.ui.editors.personality import MemoryList
    assert studio.findChild(MemoryList).list.item(0).text() == "met the user today"
    studio.act_undo.trigger()
    studio.act_undo.trigger()


def test_recovers_autosaved_work_after_a_crash(qapp, studio, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from studio.profile.project import autosave, find_autosaves
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    project = studio.doc.as_project()
    project.profile = dataclasses.replace(project.profile, internal=dataclasses.replace(
        project.profile.internal, name="Unsaved before the crash"))
    original = tmp_path / "work.dhc"                 # never saved: the autosave is all there is
    slot = autosave(project, original)
    studio.doc.undo_stack.setClean()
    studio.open_initial(None)
    assert asked, "the user was asked whether to recover"
    wait_until(qapp, lambda: studio.doc.profile.internal.name == "Unsaved before the crash", 60,
               "the recovered project")
    assert studio.doc.path == original and studio.doc.dirty     # still needs saving
    assert studio._save_to(original)
    assert not slot.exists() and all(a.path != slot for a in find_autosaves())


# ---- chat -----------------------------------------------------------------------------------------
def _chat(qapp, studio, message: str | None):
    """Send `message` through the chat box (None: press Greet); returns (turn, performance)
    once the reply is in the transcript and the avatar has started saying it."""
    turns, perf0 = len(studio.chat.turns), studio.session.performance
    if message is None:
        studio.act_greet.trigger()
    else:
        studio.chat_panel.input.setText(message)
        studio.chat_panel.input.returnPressed.emit()
    wait_until(qapp, lambda: len(studio.chat.turns) > turns, 30, "the avatar's reply")
    wait_until(qapp, lambda: studio.session.speaking and studio.session.performance is not perf0,
               60, "the reply to be spoken")
    return studio.chat.turns[-1], studio.session.performance


def test_chat_reply_is_shown_and_spoken_with_its_expression(qapp, studio):
    from studio.rig.presets import preset_pose
    if not studio.act_play.isChecked():
        studio.act_play.trigger()
    entries = len(studio.chat_panel.entries)
    turn, perf = _chat(qapp, studio, "Hello, how are you today?")
    you, avatar = studio.chat_panel.entries[entries:entries + 2]
    assert (you.speaker, you.text) == ("you", "Hello, how are you today?")
    assert avatar.speaker == "avatar" and avatar.text == turn.text and turn.language == "en"
    from PySide6.QtGui import QTextDocumentFragment
    from studio.ui.emoji_text import emoji_html            # emoji drawn, or as text faces
    shown = QTextDocumentFragment.fromHtml(emoji_html(turn.text)).toPlainText()
    assert shown in studio.chat_panel.transcript.toPlainText()
    assert perf.audio is not None and perf.duration > 0.5
    if turn.expression != "neutral":                      # performed with the reply's expression
        assert dict(perf.expression) == dict(preset_pose(turn.expression, turn.intensity))
    t0, frames0 = studio.session.clock.now(), studio.preview.frames_shown
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        qapp.processEvents()
    assert studio.session.clock.now() - t0 > 0.2 and studio.preview.frames_shown - frames0 >= 5
    # Korean in, Korean out (spoken with the Korean voice)
    turn, perf = _chat(qapp, studio, "안녕하세요! 만나서 반가워요.")
    assert turn.language == "ko" and any("\uac00" <= c <= "\ud7a3" for c in turn.text)
    assert studio.chat_panel.entries[-1].text == turn.text
    studio.session.stop_speaking()


def test_chat_memory_lands_in_the_document_and_undoes(qapp, studio):
    doc = studio.doc
    doc.set_field("internal", "memory_enabled", True)
    doc.set_field("internal", "memories", ())
    undo_before = doc.undo_stack.index()
    turn, _ = _chat(qapp, studio, "My name is Minji.")
    assert "Minji" in turn.text and turn.remembered
    assert any("Minji" in m for m in doc.profile.internal.memories)      # written into the project
    assert doc.undo_stack.index() == undo_before + 1 and doc.dirty
    assert "Minji" in studio.chat_panel.entries[-1].note                 # the transcript says so
    memory_list = studio.findChild(QListWidget, "internal.memories")
    assert any("Minji" in memory_list.item(i).text() for i in range(memory_list.count()))
    turn, _ = _chat(qapp, studio, "What's my name?")
    assert "Minji" in turn.text
    doc.undo_stack.undo()                                                # forget it again
    assert not any("Minji" in m for m in doc.profile.internal.memories)
    turn, _ = _chat(qapp, studio, "What's my name?")
    assert "Minji" not in turn.text                                     # it really forgot
    doc.set_field("internal", "memory_enabled", False)
    turn, _ = _chat(qapp, studio, "I like hiking.")
    assert not turn.remembered and doc.profile.internal.memories == ()
    studio.session.stop_speaking()


def test_greet_speaks_the_greeting(qapp, studio):
    from studio.persona.lines import greeting_line
    turn, perf = _chat(qapp, studio, None)
    expected = greeting_line(studio.doc.profile.internal)
    # the same line; only the emoji may follow the avatar's current mood
    assert turn.text.split()[:3] == expected.split()[:3] and turn.intent == "greeting"
    assert studio.chat_panel.entries[-1].text == turn.text
    assert perf.duration > 0.5
    studio.session.stop_speaking()


# ---- status bar and preferences ------------------------------------------------------------------
def test_speech_warning_shows_in_the_status_bar(qapp, studio):
    """eSpeak's Japanese voice reads kana only: the user is told the kanji went to Mandarin."""
    from PySide6.QtWidgets import QLabel
    label = studio.findChild(QLabel, "status.warnings")
    perf0 = studio.session.performance
    studio.speak("今日はいい天気ですね。", "ja")
    wait_until(qapp, lambda: studio.session.speaking and studio.session.performance is not perf0,
               60, "the Japanese line to be spoken")
    warnings = studio.session.speech.meta.get("warnings")
    assert warnings and "kanji" in " ".join(warnings)
    assert label.isVisible() and "kanji" in label.text()
    studio.session.stop_speaking()
    perf0 = studio.session.performance
    studio.speak("Plain English has nothing to warn about.", "en")     # the next line clears it
    wait_until(qapp, lambda: studio.session.speaking and studio.session.performance is not perf0,
               60, "the English line to be spoken")
    assert label.text() == ""
    studio.session.stop_speaking()


def test_preferences_list_the_cameras_that_answer(qapp, studio):
    """The camera choices are the cameras `list_cameras()` finds (looked for off the GUI
    thread), not fixed numbers; the saved choice stays selectable when it is not found."""
    from studio.runtime.capture import list_cameras
    from studio.ui import prefs_store
    from studio.ui.preferences import PreferencesDialog
    found = list_cameras()
    dialog = PreferencesDialog(prefs_store.current_settings(), studio)
    wait_until(qapp, lambda: dialog.cameras_found is not None, 60, "the camera list")
    combo = dialog.camera
    offered = [combo.itemData(i) for i in range(combo.count())]
    saved = prefs_store.current_settings().camera_index
    assert offered == found + ([] if saved in found else [saved])
    assert combo.currentData() == saved and combo.isEnabled()
    if not found:
        assert "No camera" in combo.currentText()
    dialog.reject()


def test_status_bar_names_the_warp_backend_when_the_engine_has_one(studio):
    from PySide6.QtWidgets import QLabel
    backend = getattr(studio.session.engine, "warp_backend", None)
    text = studio.findChild(QLabel, "status.warp").text()
    if backend is None:
        assert text == ""
    else:
        assert str(getattr(backend, "name", backend)).lower() in text.lower()


def test_a_speech_ends_in_the_same_idle_loop_without_sampling_it_again(qapp, studio):
    """Back from speaking with the same profile, the preview returns to the idle performance
    it had (not one built again) and the timeline shows that loop's curves without sampling
    30 s of poses on a worker thread again; a changed profile still gets a new idle loop.
    The window's start-up objects are out of the garbage collector's way (frozen)."""
    import dataclasses
    import gc
    def sampled(performance):
        return any(p is performance for p, _ in studio.timeline._sampled)
    wait_until(qapp, lambda: studio.timeline is not None and not studio.session.speaking
               and sampled(studio.session.performance), 60, "the idle loop and its curves")
    assert gc.get_freeze_count() > 10_000
    idle = studio.session.performance
    studio.speak("Back to idle.", "en")
    wait_until(qapp, lambda: studio.session.speaking, 60, "speech to start")

    def shown_until():
        times, _ = studio.timeline.curve_items["jawOpen"].getData()
        return -1.0 if times is None or not len(times) else float(times[-1])
    wait_until(qapp, lambda: 0 < shown_until() < 10.0, 60, "the speech's curves")
    studio.session.stop_speaking()
    qapp.processEvents()
    assert studio.session.performance is idle
    assert studio.timeline._task is None                  # nothing sampled again
    assert shown_until() > 10.0                           # the idle loop's curves, 30 s long
    profile = studio.session._profile
    studio.session.set_profile(dataclasses.replace(profile, internal=dataclasses.replace(
        profile.internal)))
    wait_until(qapp, lambda: studio.session.performance is not idle, 60, "a new idle loop")
