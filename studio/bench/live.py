"""Live benchmark: webcam → rendered-frame and → served-frame latency, sustained frames/s,
dropped frames, warps.

1. A clip of the avatar moving (640×480, 30 frames/s, written to a temporary folder) plays in
   real time as the "camera" of the live session (`studio.runtime.session`, the path of
   `avatar-studio live`); the capture thread tracks each frame and the render worker renders
   the avatar for it; a loopback viewer long-polls the HTTP server's /frame.png as the page
   does. Latency = camera frame read → rendered frame ready, and → PNG response written.
2. A spoken performance plays on the playback clock (the audio device where there is one, the
   wall clock here) while a 60 Hz "GUI tick" takes the newest frame: frames/s, render p99, and
   frames dropped because a newer one replaced them.
3. The warp on the OpenCV and ONNX backends, and which one `choose_warp_backend` picks.
"""
from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

import numpy as np

BUDGET_LATENCY_MS = 40.0
BUDGET_TRACKED_FPS = 30.0
TICK_HZ = 60.0


def _engine():
    import skimage.data
    from studio.render.engine import AvatarEngine
    from studio.quiet import native_stderr_to_log
    with native_stderr_to_log():
        return AvatarEngine.from_photo(skimage.data.astronaut())


def camera_clip(engine, folder: Path, seconds: float = 3.0) -> Path:
    """An MJPEG 640×480 clip at 30 frames/s of the avatar talking and turning."""
    import cv2
    from studio.bench.render import motion
    path = folder / "camera.avi"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (640, 480))
    canvas = np.full((480, 640, 3), 40, np.uint8)
    for i in range(int(seconds * 30)):
        canvas[:, 80:560] = engine.render(motion(i), 480)[..., :3]
        out.write(cv2.cvtColor(canvas, cv2.COLOR_RGB2BGR))
    out.release()
    return path


def _still():
    from studio.motion.performance import build_performance
    from studio.profile.model import DigitalHuman
    return build_performance(DigitalHuman(), duration=3600.0)


def webcam_run(engine, clip: Path, size: int, seconds: float) -> dict:
    """Camera clip → the live session (tracking, render worker) → the HTTP server, with a
    loopback viewer long-polling /frame.png, for `seconds`: latencies and rates. This is the
    path `avatar-studio live` runs (studio.runtime.session)."""
    import http.client

    from studio.profile.model import DigitalHuman
    from studio.runtime.serve import FrameServer
    from studio.runtime.session import LiveSession

    latencies, render_ms, rendered, served = [], [], [0], []

    def on_frame(frame):
        rendered[0] += 1
        if frame.capture is not None:
            latencies.append((frame.ready - frame.capture) * 1000.0)
            render_ms.append(frame.render_ms)

    session = LiveSession(engine, DigitalHuman(), camera=str(clip), size=size, fps=TICK_HZ, loop=True)
    server = FrameServer("127.0.0.1", 0, fps=TICK_HZ)
    session.add_sink(on_frame)
    session.add_sink(server)
    stop = threading.Event()

    def viewer():           # what the page does, without a browser: one kept-alive connection
        index, conn = -1, None
        while not stop.is_set():
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
                conn.request("GET", f"/frame.rgba?after={index}")
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    time.sleep(0.05)
                    continue
                index = int(r.getheader("X-Frame-Index"))
                lat = r.getheader("X-Latency-Ms")
                served.append((time.perf_counter(), None if lat is None else float(lat)))
            except (OSError, http.client.HTTPException):
                conn = None
                time.sleep(0.05)

    server.start()
    session.start()
    client = threading.Thread(target=viewer, name="bench-viewer", daemon=True)
    client.start()
    time.sleep(1.0)                                   # tracker warm-up, first detection
    latencies.clear()
    render_ms.clear()
    served.clear()
    session.camera.track_ms.clear()
    rendered[0], tracked0 = 0, session.camera.tracked
    start = time.perf_counter()
    time.sleep(seconds)
    elapsed = time.perf_counter() - start
    tracked = session.camera.tracked - tracked0
    got = [s for s in served if s[0] <= start + elapsed]
    stop.set()
    session.stop()
    client.join(6.0)
    last = server.current()
    server.stop()
    png_ms = []
    if last is not None:                              # what /frame.png adds for other viewers
        from studio.runtime.serve import _Encoded
        for _ in range(5):
            enc = _Encoded(last.frame, (0, 0, 0), png_level=0)
            t0 = time.perf_counter()
            enc.png()
            png_ms.append((time.perf_counter() - t0) * 1000.0)
    lat = np.array(latencies) if latencies else np.array([np.nan])
    served_lat = np.array([ms for _, ms in got if ms is not None] or [np.nan])
    return {"median": float(np.median(lat)), "p90": float(np.percentile(lat, 90)),
            "tracked_fps": tracked / elapsed, "rendered_fps": rendered[0] / elapsed,
            "dropped": session.worker.stats.dropped,
            "track_ms": float(np.median(session.camera.track_ms or [np.nan])),
            "render_ms": float(np.median(render_ms or [np.nan])),
            "served_fps": len(got) / elapsed, "served_median": float(np.median(served_lat)),
            "served_p99": float(np.percentile(served_lat, 99)),
            "png_ms": float(np.median(png_ms or [np.nan]))}


def performance_run(engine, size: int, seconds: float) -> dict:
    """A spoken performance on the playback clock; a 60 Hz tick takes the newest frame."""
    from studio.motion.clock import playback_clock
    from studio.motion.perform import from_text
    from studio.profile.model import DigitalHuman
    from studio.runtime.render_worker import RenderWorker

    perf = from_text(DigitalHuman(), "This is the live benchmark. The avatar talks while the "
                     "clock runs, and the newest frame always wins.").performance
    clock, why = playback_clock(perf.audio, perf.sample_rate, perf.duration, loop=True)
    render_ms = []
    worker = RenderWorker(engine.render, perf, clock, size=size, fps=TICK_HZ,
                          on_frame=lambda f: render_ms.append(f.render_ms))
    taken = 0
    clock.start()
    worker.start()
    start = time.perf_counter()
    next_tick = start
    while (now := time.perf_counter()) - start < seconds:
        taken += worker.take_frame() is not None          # the GUI tick pulls
        next_tick += 1.0 / TICK_HZ
        time.sleep(max(0.0, next_tick - time.perf_counter()))
    elapsed = time.perf_counter() - start
    worker.stop()
    clock.stop()
    stats = worker.stats
    return {"fps": stats.rendered / elapsed, "shown_fps": taken / elapsed,
            "p99": float(np.percentile(render_ms, 99)) if render_ms else float("nan"),
            "dropped": stats.dropped, "rendered": stats.rendered, "clock": why}


def _peak_rss_mb() -> float | None:
    """Peak resident memory of this process in MB (None where the OS does not say)."""
    try:
        import resource
        import sys
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    except (ImportError, OSError):
        return None


def figures(size: int, seconds: float) -> Iterator[str]:
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="avatar-bench-") as tmp:
        clip = camera_clip(engine, Path(tmp))
        w = webcam_run(engine, clip, size, seconds)
    yield (f"live webcam→frame {size}x{size}: median {w['median']:.1f} ms (p90 {w['p90']:.1f} ms) "
           f"— budget ≤{BUDGET_LATENCY_MS:.0f}: {BUDGET_LATENCY_MS / w['median']:.2f}×; "
           f"median tracking {w['track_ms']:.1f} ms, render {w['render_ms']:.1f} ms")
    yield (f"live camera→served {size}x{size}: median {w['served_median']:.1f} ms "
           f"(p99 {w['served_p99']:.1f} ms) — budget ≤{BUDGET_LATENCY_MS:.0f}: "
           f"{BUDGET_LATENCY_MS / w['served_median']:.2f}×; {w['served_fps']:.1f} frames/s served "
           f"to a loopback viewer polling /frame.rgba as the page does on this machine "
           f"(/frame.png adds {w['png_ms']:.1f} ms of PNG encoding)")
    yield (f"live tracking+render {size}x{size}: {w['tracked_fps']:.1f} camera frames/s tracked, "
           f"{w['rendered_fps']:.1f} frames/s rendered — budget ≥{BUDGET_TRACKED_FPS:.0f}: "
           f"{w['tracked_fps'] / BUDGET_TRACKED_FPS:.2f}× (camera clip runs at 30)")
    rss = _peak_rss_mb()
    if rss is not None:
        yield (f"live memory with webcam driving: peak RSS {rss:.0f} MB — budget ≤1536: "
               f"{1536 / rss:.2f}×")
    p = performance_run(engine, size, seconds)
    yield (f"live performance {size}x{size}: {p['fps']:.1f} frames/s rendered, "
           f"{p['shown_fps']:.1f} shown by a {TICK_HZ:.0f} Hz tick, {p['dropped']} of "
           f"{p['rendered']} dropped (newest wins), render p99 {p['p99']:.1f} ms; clock: {p['clock']}")
    from studio.render.warp_onnx import choose_warp_backend
    choice = choose_warp_backend(size)
    t = choice.timings_ms
    onnx = f"ONNX {t['onnx']:.2f} ms" if "onnx" in t else "ONNX unavailable"
    yield f"warp {size}x{size}: OpenCV {t['opencv']:.2f} ms, {onnx} → {choice.name} ({choice.reason})"
