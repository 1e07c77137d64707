"""Live inputs for the main window: microphone lip-sync and webcam driving (with the camera
inset and calibration), and the live outputs of docs/LIVE.md (the HTTP page for OBS, the
virtual camera). A mixin of `MainWindow`; devices run on their own threads and hand poses to
the render worker (and frames to the outputs), never to widgets."""
from __future__ import annotations

from studio.ui import crash


class LiveInputs:
    """Webcam and microphone toggles (mixed into MainWindow)."""

    def toggle_mic(self, on: bool) -> None:
        """Microphone lip-sync on/off (the mouth follows the voice, the rest keeps moving)."""
        if not on:
            self.stop_mic()
            return
        from studio.ui.microphone import MicLipSync
        d = self.doc.profile.dynamic
        self.mic = MicLipSync(self._mic_pose, d.lipsync_strength, d.lipsync_smoothing)
        try:
            self.mic.start(self.settings.audio_input)
        except Exception as exc:
            self.mic = None
            self.act_mic.setChecked(False)
            crash.show_error(exc)

    def _mic_pose(self, pose) -> None:          # audio thread: hand the pose over, no widgets
        worker = self.session.worker
        if worker is not None:
            worker.set_mic(pose)

    def stop_mic(self) -> None:
        if self.mic is not None:
            self.mic.stop()
            self.mic = None

    def toggle_webcam(self, on: bool) -> None:
        if on:
            self.start_webcam()
        else:
            self.stop_webcam()

    def start_webcam(self, source: int | str | None = None) -> None:
        """Drive the avatar from the camera (or a face video file, `source`)."""
        from studio.ui.webcam import WebcamDriver
        source = self.settings.camera_index if source is None else source
        self.webcam = WebcamDriver(source, self.doc, self.session, self)
        self.webcam.camera_frame.connect(self.preview.show_camera)
        self.webcam.failed.connect(self._webcam_failed)
        self.webcam.start()

    def drive_from_video(self, path: str | None = None) -> None:
        """Preview ▸ Drive from Video File…: a face video moves the avatar as the webcam
        would (the command line's `drive`, live)."""
        from PySide6.QtWidgets import QFileDialog
        from studio.ui import prefs_store
        from studio.ui.i18n import tr
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Drive from Video File"),
                                                  prefs_store.last_dir("video"),
                                                  tr("Videos (*.mp4 *.webm *.mov *.avi *.mkv)"))
            if not path:
                return
            prefs_store.remember_dir("video", path)
        self.stop_webcam()
        self.act_webcam.blockSignals(True)
        self.act_webcam.setChecked(True)          # Webcam (the face input) is on: click to stop
        self.act_webcam.blockSignals(False)
        self.start_webcam(str(path))

    def lipsync_to_audio(self, path: str | None = None):
        """Preview ▸ Lip-sync to Audio File…: the avatar mouths a recording (the command
        line's `say --audio`), built off the GUI thread, then played like a spoken line."""
        from PySide6.QtWidgets import QFileDialog
        from studio.ui import prefs_store
        from studio.ui.i18n import tr
        from studio.ui.workers import run_task
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Lip-sync to Audio File"),
                                                  prefs_store.last_dir("audio"),
                                                  tr("Audio (*.wav *.flac *.ogg *.mp3 *.m4a)"))
            if not path:
                return None
            prefs_store.remember_dir("audio", path)
        self.set_note("Preparing the lip-sync…")
        from studio.motion.perform import from_audio
        return run_task(from_audio, self.doc.profile, str(path), name="lipsync",
                        on_done=lambda result: (self.set_note(""),
                                                self.session.play_speech(result.speech, result.performance)),
                        on_failed=lambda exc: (self.set_note(""), crash.show_error(exc)), parent=self)

    def _webcam_failed(self, exc) -> None:
        self.act_webcam.setChecked(False)
        self.stop_webcam()
        crash.show_error(exc)

    def stop_webcam(self) -> None:
        if self.webcam is not None:
            self.webcam.stop()
            self.webcam = None
        self.preview.show_camera(None, None)

    def calibrate_webcam(self) -> None:
        from studio.errors import UserError
        if self.webcam is None:
            crash.show_error(UserError("Turn the webcam on first, look straight at it with a "
                                       "relaxed face, then calibrate."))
            return
        self.webcam.calibrate()

    # ---- hotkey expressions (docs/LIVE.md, *Hotkeys*) --------------------------------------------
    def hotkey(self, event, down: bool) -> bool:
        """A key press or release that no focused widget took (typing in a text field never
        gets here): the project's hotkeys trigger expressions in the preview. True when used."""
        from PySide6.QtCore import Qt
        mods = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        worker = self.session.worker
        if event.isAutoRepeat() or mods or worker is None or not event.text():
            return False
        from studio.errors import UserError
        from studio.runtime.hotkeys import ExpressionMixer, load_hotkeys
        try:
            hotkeys = load_hotkeys(self.doc)          # the project's, or the defaults
        except UserError:
            return False
        if getattr(self, "mixer", None) is None:
            self.mixer = ExpressionMixer(hotkeys)
        else:
            self.mixer.set_hotkeys(hotkeys)
        if self.mixer.hotkeys.find(event.text()) is None:
            return False
        worker.set_pose_filter(self.mixer)
        message = self.mixer.trigger(event.text(), down)
        if message:
            from studio.ui.i18n import tr
            what, state = message.rsplit(" ", 1)        # "smile on": a preset (or action) and on/off
            self.set_note("Hotkey: ", lambda: f"{tr(what)} {tr(state)}")
        return True

    def edit_hotkeys(self) -> None:
        """Preview ▸ Hotkeys…: the next key press plays what was set (keys are read per press)."""
        from studio.ui.hotkeys_dialog import HotkeysDialog
        HotkeysDialog(self.doc, self).exec()

    # ---- live outputs (docs/LIVE.md) -------------------------------------------------------------
    def toggle_serve(self, on: bool) -> None:
        """Serve the preview at http://127.0.0.1:8765/ (an OBS browser source, local viewers)."""
        if not on:
            self._stop_output("server")
            return
        from studio.runtime.serve import DEFAULT_HOST, DEFAULT_PORT, FrameServer
        try:
            server = FrameServer(DEFAULT_HOST, DEFAULT_PORT, fps=30.0)
        except Exception as exc:
            self.act_serve.setChecked(False)
            crash.show_error(exc)
            return
        self.server = server
        self.session.sinks.append(server)
        server.start()
        self.set_note("Serving the avatar for OBS and browsers at ", server.url)

    def toggle_virtual_camera(self, on: bool) -> None:
        """Show the preview as a camera for video calls (pyvirtualcam: OBS, v4l2loopback)."""
        if not on:
            self._stop_output("vcam")
            return
        from studio.runtime.virtualcam import VirtualCamera, parse_colour
        from studio.ui.i18n import tr
        size = self.session.size
        try:
            colour = parse_colour(self.doc.profile.static.background_colour or "#000000")
            vcam = VirtualCamera(size, size, 30.0, background=colour)
            vcam.start()
        except Exception as exc:
            self.act_virtual_camera.setChecked(False)
            crash.show_error(exc)
            return
        self.vcam = vcam
        self.session.sinks.append(vcam)
        self.set_note("Virtual camera on: ", vcam.device or (lambda: tr("choose it in the call app")))

    def _stop_output(self, name: str) -> None:
        sink = getattr(self, name, None)
        if sink is None:
            return
        if sink in self.session.sinks:
            self.session.sinks.remove(sink)
        sink.stop()
        setattr(self, name, None)

    def stop_outputs(self) -> None:
        self._stop_output("server")
        self._stop_output("vcam")
