"""Qt adapters over the Qt-free workers: background tasks and the live preview session.

- `Task` runs one long function on a Python thread with a progress callback and a cancel
  token; results come back as queued signals, so slots run on the GUI thread.
- `PreviewSession` drives the Qt-free render worker (`studio.runtime.render_worker`): the GUI
  thread *pulls* the newest frame and the clock position; no worker thread touches a widget.

Frame hand-over: the worker's only act on the GUI side is to post one "a frame is waiting"
event (at most one outstanding); the GUI thread then takes the newest frame from the worker's
slot. A fixed GUI timer instead beats against the render rate (a 15 ms tick against 60
frames/s dropped about one frame in six, and timer slack dropped more).
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal


log = logging.getLogger("studio.ui")
IDLE_LOOP_S = 30.0          # idle motion preview loops over this span
# A little above a 60 Hz display, so that render-time jitter never pulls the painted rate
# below the display's (the worker paces itself against the clock and catches up late frames).
PREVIEW_FPS = 64.0
TICK_MS = 16                # housekeeping: errors, playhead while paused, end of speech
FPS_EVERY_S = 0.25          # the status bar's frames/s readout


class Task(QObject):
    """`fn(*args, progress=…, cancel=…)` on a worker thread; `done(result)` or `failed(exc)`."""
    progress = Signal(float)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable, *args, name: str = "task", takes_progress: bool = False,
                 parent: QObject | None = None):
        # Never a Qt child of `parent`: deleting the parent (a closed dialog or panel) would
        # delete this object under the worker thread that is about to emit on it — a crash.
        # The owner's end cancels the work and drops its results instead.
        super().__init__()
        self.fn, self.args, self.name = fn, args, name
        self.takes_progress = takes_progress
        self.cancel = threading.Event()
        self.running = False
        self._owner_alive = threading.Event()
        self._owner_alive.set()
        if parent is not None:
            # The slot holds the two events, never the task: the owner may be destroyed by
            # the task's own deletion (its function a method of the owner), and a slot on
            # the half-deleted task would crash.
            alive, cancel = self._owner_alive, self.cancel
            parent.destroyed.connect(lambda *_: (alive.clear(), cancel.set()))

    @property
    def _orphaned(self) -> bool:
        return not self._owner_alive.is_set()

    def deliver(self, slot: Callable, value) -> None:
        """GUI thread: hand a result to `slot`, unless its owner went away after the worker
        emitted it (the queued result arrives after a window or dialog closed)."""
        if not self._orphaned:
            slot(value)

    def start(self) -> "Task":
        self.running = True
        threading.Thread(target=self._run, name=self.name, daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            if self.takes_progress:
                result = self.fn(*self.args, progress=self._progress, cancel=self.cancel)
            else:
                result = self.fn(*self.args)
        except BaseException as exc:   # handed to the GUI thread, which decides how to show it
            self.running = False
            self._emit(self.failed, exc)
        else:
            self.running = False
            self._emit(self.done, result)
        # the thread's reference (self._run) kept us alive until now; the queued done/failed
        # slots run before this deferred delete does
        self._emit(None, None)

    def _progress(self, fraction: float) -> None:
        self._emit(self.progress, fraction)

    def _emit(self, signal, value) -> None:
        """Emit, or drop the result when whoever asked for it is gone (a closed dialog)."""
        try:
            if signal is None:
                self.deleteLater()
            elif not self._orphaned:
                signal.emit(value)
        except RuntimeError:
            log.info("%s finished after its owner was closed", self.name)


def run_task(fn: Callable, *args, on_done: Callable[[Any], None] | None = None,
             on_failed: Callable[[BaseException], None] | None = None, name: str = "task",
             parent: QObject | None = None) -> Task:
    task = Task(fn, *args, name=name, parent=parent)
    if on_done:
        task.done.connect(lambda result: task.deliver(on_done, result))
    if on_failed:
        task.failed.connect(lambda exc: task.deliver(on_failed, exc))
    return task.start()


def warm_up(profile) -> None:
    """Worker thread: load the speech stack once (imports, the eSpeak library, its voices)
    while the user looks at the preview, so the first Speak does not pause the window."""
    from studio.speech.say import speak
    from studio.speech.visemes import viseme_track  # noqa: F401  (import only)
    speak("Hi.", profile.dynamic, profile.internal, language=None)


def _idle_performance(profile):
    from studio.motion.performance import build_performance
    return build_performance(profile, duration=IDLE_LOOP_S)


def build_engine(project):
    """Worker thread: the engine for `project` (`studio.avatar.engine_for_project`: the photo
    engine or the drawn character)."""
    from studio.avatar import engine_for_project
    from studio.quiet import native_stderr_to_log
    with native_stderr_to_log():
        return engine_for_project(project)


class PreviewSession(QObject):
    """The live preview: engine, performance, clock, and the GUI-side tick over the
    Qt-free `RenderWorker` (which renders on its own thread; this class only pulls)."""
    frame_ready = Signal(object)             # render_worker.Frame
    position = Signal(float, float)          # t, duration
    fps = Signal(float)
    engine_ready = Signal()
    performance_changed = Signal(object)     # Performance (speech or idle)
    speaking_changed = Signal(bool)
    note = Signal(str)                       # a line for the status bar
    speech_warnings = Signal(object)         # tuple[str, ...] of the latest speech (may be empty)
    error = Signal(object)                   # exception for the one dialog
    _frame_posted = Signal()                 # emitted on the render thread, queued to ours

    def __init__(self, size: int = 512, parent: QObject | None = None):
        super().__init__(parent)
        self.size = size
        self.worker = None                   # studio.runtime.render_worker.RenderWorker
        self.sinks: list = []                # live sinks (HTTP server, virtual camera): render thread
        self.render_fn = None                # studio.runtime.process_render.ProcessRender
        self.performance = None
        self.clock = None
        self.speech = None
        self.speaking = False
        self._profile = None
        self._want_play = True
        self._need_frame = False
        self._errors: list = []
        self._render_failing = False
        self._warmed = False
        self._frame_times: list[float] = []
        self._speak_task: Task | None = None
        self._idle_task: Task | None = None
        self._idle: tuple = (None, None)         # (the profile it was built for, Performance)
        self._engine_task: Task | None = None
        self._helper_task: Task | None = None    # attaching the render helper process
        self._shut_down = False
        self.newest = None
        self._posted = threading.Event()     # a frame-waiting event is queued, not yet handled
        self._last_fps = 0.0
        self._frame_posted.connect(self._take_frame, Qt.ConnectionType.QueuedConnection)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    @property
    def engine(self):
        return self.render_fn.engine if self.render_fn is not None else None

    # ---- inputs --------------------------------------------------------------------------
    def set_project(self, project, engine=None) -> None:
        """Show `project`; the engine is built off the GUI thread unless `engine` is given."""
        self._profile = project.profile
        if engine is not None:
            self._engine_built(engine, None)
        else:
            task = Task(build_engine, project, name="build-engine", parent=self)
            task.done.connect(lambda e, task=task: self._engine_built(e, task))
            task.failed.connect(self.error.emit)
            self._engine_task = task.start()
        self._rebuild_idle()

    def _engine_built(self, engine, task) -> None:
        if (task is not None and task is not self._engine_task) or self._shut_down:
            return
        from studio.runtime.process_render import ProcessRender
        previous, self.render_fn = self.render_fn, ProcessRender(engine)
        if self.worker is not None:
            self.worker.set_render(self.render_fn)
        if previous is not None:
            previous.close()
        # frames come from this process at once, from a helper process once it has started
        task = Task(self.render_fn.attach_helper, name="render-helper", parent=self)
        task.failed.connect(lambda exc: log.warning("no preview render helper: %s", exc))
        self._helper_task = task.start()
        self._start_worker_if_ready()
        self._request_frame()
        self.engine_ready.emit()
        if not self._warmed and self._profile is not None:
            self._warmed = True
            task = Task(warm_up, self._profile, name="warm-up", parent=self)
            task.failed.connect(lambda exc: log.warning("speech warm-up failed: %s", exc))
            task.start()

    def set_static(self, static) -> None:
        """Appearance edit: applied by the worker thread before its next frame."""
        if self.render_fn is not None:
            self.render_fn.set_static(static)
            self._request_frame()

    def set_profile(self, profile) -> None:
        """Motion/voice/personality edits: rebuild the idle performance (off the GUI thread)."""
        self._profile = profile
        if not self.speaking:
            self._rebuild_idle()

    def _rebuild_idle(self) -> None:
        if self._profile is None:
            return
        made_for, performance = self._idle
        if made_for is self._profile:
            # back from speaking with the same profile: the same idle performance, so the
            # timeline keeps its sampled curves instead of sampling 30 s again (holding the
            # GIL against this thread just as the speech ends)
            self._idle_task = None
            self._use_idle(performance)
            return
        task = Task(_idle_performance, self._profile, name="idle-performance", parent=self)
        task.done.connect(lambda perf, task=task, profile=self._profile:
                          self._idle_ready(perf, task, profile))
        task.failed.connect(self.error.emit)
        self._idle_task = task.start()

    def _idle_ready(self, performance, task, profile) -> None:
        if task is not self._idle_task or self.speaking:
            return   # a newer request or a speech took over
        self._idle = (profile, performance)
        self._use_idle(performance)

    def _use_idle(self, performance) -> None:
        from studio.motion.clock import MonotonicClock
        t = self.clock.now() if self.clock is not None else 0.0
        clock = MonotonicClock(loop=performance.duration)
        clock.seek(t % performance.duration)
        self._use(performance, clock, play=self._want_play)

    def _use(self, performance, clock, play: bool) -> None:
        if self.clock is not None and self.clock is not clock:
            self.clock.pause()
        self.performance, self.clock = performance, clock
        if play:
            clock.start()
        if self.worker is not None:
            self.worker.clock = clock
            self.worker.set_performance(performance)
        self._start_worker_if_ready()
        self._request_frame()
        self.performance_changed.emit(performance)

    def _start_worker_if_ready(self) -> None:
        if (self.worker is not None or self.render_fn is None or self.performance is None
                or self._shut_down):
            return
        from studio.runtime.render_worker import RenderWorker
        self.worker = RenderWorker(self.render_fn, self.performance, self.clock, size=self.size,
                                   fps=PREVIEW_FPS, on_frame=self._frame_rendered,
                                   on_error=self._errors.append)
        self.worker.start()

    def _request_frame(self) -> None:
        """Make sure a fresh frame comes even while paused (the worker idles when paused)."""
        self._need_frame = True
        if self.worker is not None and self.worker.paused:
            self.worker.resume()

    # ---- transport -----------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.clock is not None and self.clock.running

    def play(self) -> None:
        self._want_play = True
        if self.clock is not None:
            self.clock.start()
        self._request_frame()

    def pause(self) -> None:
        self._want_play = False
        if self.clock is not None:
            self.clock.pause()
        self._request_frame()

    def seek(self, t: float) -> None:
        """Show time `t` of the current performance (timeline scrubbing)."""
        if self.clock is not None and self.performance is not None:
            self.clock.seek(max(0.0, min(t, self.performance.duration)))
            self._request_frame()

    def speak(self, text: str, language: str | None = None) -> Task | None:
        """Synthesize and play `text` in sync (speech and performance built off the GUI thread)."""
        if self._profile is None or not text.strip():
            return None
        return self._start_speech(self._profile, text, language)

    def speak_turn(self, turn, internal=None) -> Task | None:
        """Say a chat reply (`studio.persona.dialogue.Turn`) in its language, performed with its
        expression and intensity; `internal` (the avatar's emotion at that turn) sets the
        voice prosody and the emotion layer of the face."""
        if self._profile is None or not turn.text.strip():
            return None
        profile = self._profile
        if internal is not None:
            import dataclasses
            profile = dataclasses.replace(profile, internal=internal)
        return self._start_speech(profile, turn.text, turn.language, turn.expression, turn.intensity)

    def _start_speech(self, profile, text, language, expression=None, intensity=None) -> Task:
        self.note.emit("Synthesizing speech…")
        self.speech_warnings.emit(())
        from studio.motion.perform import from_text
        task = Task(from_text, profile, text, language, expression, intensity,
                    name="speak", parent=self)
        task.done.connect(lambda result, task=task: self._speech_ready(result, task))
        task.failed.connect(self._speech_failed)
        self._speak_task = task.start()
        return task

    def _speech_ready(self, result, task) -> None:
        if task is not self._speak_task:
            return
        self.play_speech(result.speech, result.performance)

    def play_speech(self, speech, performance) -> None:
        """Play a speech synthesized elsewhere (`studio.motion.perform` on a worker thread: the
        chat makes its next sentence while the one before plays); a Speak still being
        synthesized is dropped."""
        from studio.motion.clock import playback_clock
        self._speak_task = None
        clock, reason = playback_clock(performance.audio, performance.sample_rate,
                                       performance.duration)
        self.speech, self.speaking = speech, True
        self._want_play = True
        self._use(performance, clock, play=True)
        self.speaking_changed.emit(True)
        self.note.emit("" if reason.startswith("audio") else
                       "No audio output device: the preview plays silently.")
        # e.g. kanji read with the Mandarin voice: the user should know why it sounds odd
        self.speech_warnings.emit(tuple(dict.fromkeys((speech.meta or {}).get("warnings") or ())))

    def _speech_failed(self, exc) -> None:
        self.note.emit("")
        self.error.emit(exc)

    def stop_speaking(self) -> None:
        if self.speaking:
            self.speaking = False
            self.speech = None
            if self.clock is not None:
                self.clock.stop()
            self.clock = None
            self.speaking_changed.emit(False)
            self._rebuild_idle()

    def shutdown(self) -> None:
        """Final: the render thread stops, and an engine or warm-up that finishes later (a
        window closed while its avatar was still loading) starts nothing again."""
        self._shut_down = True
        if self._engine_task is not None:
            self._engine_task.cancel.set()
        self.timer.stop()
        if self.clock is not None:
            self.clock.pause()
        if self.worker is not None:
            self.worker.stop()
        if self.render_fn is not None:
            self.render_fn.close()

    def frames_per_second(self) -> float:
        times = self._frame_times
        if len(times) < 2 or time.monotonic() - times[-1] > 0.5:
            return 0.0
        return (len(times) - 1) / max(1e-6, times[-1] - times[0])

    # ---- frames: the render thread only says "one is waiting"; we pull it ----------------------
    def _frame_rendered(self, frame) -> None:
        """Render thread. Post at most one wake-up; the GUI takes the newest frame when it runs.
        Live sinks (`studio.runtime.serve`, `virtualcam`) get every frame first, by reference."""
        if self.sinks:
            from studio.runtime.session import LiveFrame
            capture = None if frame.latency_ms is None else frame.ready - frame.latency_ms / 1000.0
            live = LiveFrame(frame.index, frame.rgba, frame.t, frame.ready, capture,
                             frame.render_ms, frame.pose)
            for sink in list(self.sinks):
                try:
                    sink(live)
                except Exception:
                    log.exception("live sink failed")
        if self._posted.is_set():
            return
        self._posted.set()
        try:
            self._frame_posted.emit()
        except RuntimeError:                # the session was deleted while a frame was rendered
            pass

    def _take_frame(self) -> None:
        self._posted.clear()
        if self.worker is None:
            return
        frame = self.worker.take_frame()
        if frame is None:
            return
        self._render_failing = False
        self.newest = frame
        now = time.monotonic()
        times = self._frame_times
        times.append(now)
        while now - times[0] > 1.0:
            del times[0]
        self.frame_ready.emit(frame)
        if not self.playing and self._need_frame:
            self._need_frame = False
        elif not self.playing and not self.worker.paused:
            self.worker.pause()      # nothing moves: stop rendering the same frame
        self._emit_position()

    def _emit_position(self) -> None:
        if self.clock is not None and self.performance is not None:
            t = self.clock.now()
            self.position.emit(t, self.performance.duration)
            if self.speaking and t >= self.performance.duration:
                self.stop_speaking()

    # ---- housekeeping tick: errors, the playhead while no frames come, the fps readout --------
    def _tick(self) -> None:
        while self._errors:
            exc = self._errors.pop(0)
            if not self._render_failing:      # one dialog per run of failures, not one per frame
                self._render_failing = True
                self.error.emit(exc)
        if self.worker is None:
            return
        if not self._posted.is_set():
            self._take_frame()        # a frame whose wake-up was lost, or none
        if not self.playing or (self._frame_times and time.monotonic() - self._frame_times[-1] > 0.1):
            self._emit_position()
        now = time.monotonic()
        if now - self._last_fps >= FPS_EVERY_S:
            self._last_fps = now
            self.fps.emit(self.frames_per_second())
