"""Live inputs for the main window: microphone lip-sync and webcam driving (with the camera
inset and calibration). A mixin of `MainWindow`; devices run on their own threads and hand
poses to the render worker, never to widgets."""
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
