"""The live avatar over HTTP, for an OBS browser source and other local viewers (docs/LIVE.md).

A live-session sink plus a small standard-library server (`ThreadingHTTPServer`), listening on
127.0.0.1 unless the user types another interface:

- `/`            a page that shows the avatar on a transparent background, with the frame rate
                 it gets and the latency (camera frame → frame served); `/?stats=0` hides them;
- `/frame.png`   the newest frame, PNG with alpha; `?after=N` waits (up to 2 s) for a frame
                 newer than N, so a viewer polling in a loop gets every new frame once, at
                 once (the page does this);
- `/frame.rgba`  the same frame as raw RGBA bytes (straight alpha; `X-Width`, `X-Height`),
                 no encoding at all: what the page fetches when it is opened on this machine
                 (an OBS browser source), where bytes cost nothing and encoding time is latency;
- `/stream.mjpg` a multipart JPEG stream (no alpha: flattened on the background colour) for
                 players and `<img>` tags;
- `/stats.json`  frames served, frames/s, latency median and p99.

Each frame is encoded once, on the first request that wants it, never on the render thread
(PNG uncompressed on loopback, where encoding time matters more than bytes).
Responses carry `X-Frame-Index`, `X-Frame-Time` (session seconds) and, with a camera,
`X-Latency-Ms` (camera frame read → response written). Requests whose Host header names
another machine are refused (DNS rebinding), and no CORS header is sent: other web pages cannot
read the frames.
"""
from __future__ import annotations

import collections
import errno
import json
import logging
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import numpy as np

from studio.errors import UserError

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
LONG_POLL_S = 2.0
BOUNDARY = "avatarframe"


def parse_address(text: str) -> tuple[str, int]:
    """'8765' → ('127.0.0.1', 8765); 'HOST:PORT' → (HOST, PORT); '[::1]:80' → ('::1', 80)."""
    t = str(text).strip()
    host = DEFAULT_HOST
    if t.startswith("["):
        end = t.find("]")
        if end < 0 or not t[end + 1:].startswith(":"):
            raise UserError(f"--serve {text!r}: write an IPv6 address as [ADDRESS]:PORT")
        host, t = t[1:end], t[end + 2:]
    elif ":" in t:
        host, t = t.rsplit(":", 1)
        host = host or DEFAULT_HOST
        if ":" in host:
            raise UserError(f"--serve {text!r}: write an IPv6 address as [ADDRESS]:PORT")
    try:
        port = int(t)
    except ValueError:
        raise UserError(f"--serve {text!r}: give a port (e.g. 8765) or HOST:PORT "
                        "(e.g. 127.0.0.1:8765)") from None
    if not 0 <= port <= 65535:
        raise UserError(f"--serve {text!r}: the port must be between 0 and 65535")
    return host, port


class _Encoded:
    """A frame with its encodings, made once on demand."""

    def __init__(self, frame, background, png_level: int = 1):
        self.frame = frame
        self._bg = background
        self._level = png_level
        self._lock = threading.Lock()
        self._png: bytes | None = None
        self._jpg: bytes | None = None

    def png(self) -> bytes:
        with self._lock:
            if self._png is None:
                import cv2
                bgra = cv2.cvtColor(self.frame.rgba, cv2.COLOR_RGBA2BGRA)
                ok, buf = cv2.imencode(".png", bgra, [cv2.IMWRITE_PNG_COMPRESSION, self._level])
                self._png = buf.tobytes()
            return self._png

    def jpg(self) -> bytes:
        with self._lock:
            if self._jpg is None:
                import cv2

                from studio.runtime.virtualcam import flatten
                rgb = flatten(self.frame.rgba, self._bg)
                ok, buf = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR),
                                       [cv2.IMWRITE_JPEG_QUALITY, 85])
                self._jpg = buf.tobytes()
            return self._jpg


class FrameServer:
    """A live-session sink serving the newest frame over HTTP. Binds in the constructor, so a
    port in use is a `UserError` before anything starts."""

    def __init__(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, fps: float = 30.0,
                 background: tuple[int, int, int] = (0, 0, 0),
                 on_event: Callable[[str, str], None] | None = None):
        self.fps = float(fps)
        self.background = background
        self.on_event = on_event
        self._cond = threading.Condition()
        self._current: _Encoded | None = None
        self._served: collections.deque[tuple[float, float | None]] = collections.deque(maxlen=600)
        self._served_lock = threading.Lock()
        self.served = 0
        self._stopping = threading.Event()
        handler = type("Handler", (_Handler,), {"owner": self})
        server_cls = type("Server", (ThreadingHTTPServer,), {
            "daemon_threads": True,
            # stopping never waits for a viewer's request (a stream, a long poll) to finish
            "block_on_close": False,
            # On Windows SO_REUSEADDR lets a second server take a port in use: never set it there.
            "allow_reuse_address": not sys.platform.startswith("win"),
        })
        if ":" in host:
            server_cls.address_family = socket.AF_INET6
        try:
            self.httpd = server_cls((host, port), handler)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)) or \
                    getattr(exc, "winerror", None) == 10048:
                raise UserError(f"cannot serve on {host}:{port}: the port is already in use "
                                f"(another 'avatar-studio live --serve'?); stop it or choose "
                                f"another port with --serve PORT") from None
            if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT) or isinstance(exc, socket.gaierror):
                raise UserError(f"cannot serve on {host}:{port}: this machine has no such "
                                f"address; use 127.0.0.1 or one of its own addresses") from None
            if exc.errno == errno.EACCES:
                raise UserError(f"cannot serve on {host}:{port}: ports below 1024 need "
                                f"administrator rights; choose a port above 1024") from None
            raise UserError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
        self.host = host
        self.port = self.httpd.server_address[1]
        # On loopback bytes are free and time is not: uncompressed PNG encodes in about half
        # the time (16 vs 39 ms at 512², a busy 2-core machine); over a network, compress.
        self._png_level = 0 if host in ("127.0.0.1", "localhost", "::1") else 1
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    # ---- the sink (render thread) -----------------------------------------------------------
    def __call__(self, frame) -> None:
        enc = _Encoded(frame, self.background, self._png_level)
        with self._cond:
            self._current = enc
            self._cond.notify_all()

    def current(self, after: int | None = None, timeout: float = LONG_POLL_S) -> _Encoded | None:
        with self._cond:
            if after is not None:
                self._cond.wait_for(lambda: self._stopping.is_set() or (
                    self._current is not None and self._current.frame.index > after), timeout)
            return self._current

    def wait_new(self, index: int, timeout: float) -> _Encoded | None:
        return self.current(after=index, timeout=timeout)

    def _note_served(self, enc: _Encoded) -> float | None:
        now = time.perf_counter()
        cap = enc.frame.capture
        lat = None if cap is None else (now - cap) * 1000.0
        with self._served_lock:
            self._served.append((now, lat))
            self.served += 1
        return lat

    def stats(self) -> dict:
        with self._served_lock:
            served = list(self._served)
            total = self.served
        now = time.perf_counter()
        recent = [s for s in served if now - s[0] <= 2.0]
        lat = np.array([ms for _, ms in served if ms is not None])
        return {"served": total, "fps": len(recent) / 2.0, "target_fps": self.fps,
                "latency_ms": float(np.median(lat)) if len(lat) else None,
                "latency_p99_ms": float(np.percentile(lat, 99)) if len(lat) else None}

    # ---- lifetime ---------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="frame-server", daemon=True)
        self._thread.start()
        if self.on_event is not None:
            self.on_event("listening", self.url)

    def stop(self) -> None:
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(2.0)
            self._thread = None
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    owner: FrameServer
    server_version = "AvatarStudio"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):               # to our log, not stderr
        log.debug("http %s - %s", self.address_string(), fmt % args)

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if not host:
            return True
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]")
        return name in ("localhost", "127.0.0.1", "::1", self.owner.host.lower()) or \
            self.owner.host in ("0.0.0.0", "::")

    def _send(self, code: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        if not self._host_ok():
            self._send(403, b"forbidden host\n", "text/plain; charset=utf-8")
            return
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        try:
            if url.path in ("/", "/index.html"):
                show = query.get("stats", ["1"])[0] != "0"
                self._send(200, page(self.owner.fps, show).encode("utf-8"), "text/html; charset=utf-8")
            elif url.path == "/frame.png":
                self._frame(query)
            elif url.path == "/frame.rgba":
                self._frame(query, raw=True)
            elif url.path == "/stream.mjpg":
                self._stream()
            elif url.path == "/stats.json":
                self._send(200, json.dumps(self.owner.stats()).encode(), "application/json")
            else:
                self._send(404, b"not found: try / , /frame.png, /frame.rgba or /stream.mjpg\n",
                           "text/plain; charset=utf-8")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _headers_for(self, enc: _Encoded, latency: float | None) -> dict:
        h = {"X-Frame-Index": str(enc.frame.index), "X-Frame-Time": f"{enc.frame.t:.4f}"}
        if latency is not None:
            h["X-Latency-Ms"] = f"{latency:.1f}"
        return h

    def _frame(self, query, raw: bool = False) -> None:
        after = None
        if "after" in query:
            try:
                after = int(query["after"][0])
            except ValueError:
                self._send(400, b"after must be a frame number\n", "text/plain; charset=utf-8")
                return
        enc = self.owner.current(after)
        if enc is None:
            self._send(503, b"no frame yet\n", "text/plain; charset=utf-8", {"Retry-After": "1"})
            return
        if raw:
            rgba = enc.frame.rgba
            body = memoryview(np.ascontiguousarray(rgba)).cast("B")
            extra = {"X-Width": str(rgba.shape[1]), "X-Height": str(rgba.shape[0])}
            ctype = "application/octet-stream"
        else:
            body, extra, ctype = enc.png(), {}, "image/png"
        latency = self.owner._note_served(enc)
        self._send(200, body, ctype, {**self._headers_for(enc, latency), **extra})

    def _stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"multipart/x-mixed-replace; boundary={BOUNDARY}")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        index = -1
        while not self.owner._stopping.is_set():
            enc = self.owner.wait_new(index, 1.0)
            if enc is None or enc.frame.index == index:
                continue
            index = enc.frame.index
            body = enc.jpg()
            latency = self.owner._note_served(enc)
            head = [f"--{BOUNDARY}", "Content-Type: image/jpeg", f"Content-Length: {len(body)}"]
            head += [f"{k}: {v}" for k, v in self._headers_for(enc, latency).items()]
            self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode() + body + b"\r\n")
            self.wfile.flush()


def page(fps: float, show_stats: bool = True) -> str:
    """The viewer page: a transparent background, the newest frame drawn as soon as it exists."""
    stats = "" if show_stats else "hidden"
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Avatar Studio live</title>
<style>
html,body{{margin:0;height:100%;background:transparent;overflow:hidden}}
canvas{{position:absolute;inset:0;width:100%;height:100%;object-fit:contain}}
#stats{{position:absolute;left:8px;bottom:6px;font:12px sans-serif;color:#fff;
text-shadow:0 0 3px #000;background:rgba(0,0,0,.25);padding:2px 6px;border-radius:4px}}
</style></head>
<body data-frames="0">
<canvas id="avatar"></canvas>
<div id="stats" {stats}>target {fps:g} frames/s · connecting…</div>
<script>
const canvas = document.getElementById("avatar"), ctx = canvas.getContext("2d");
const stats = document.getElementById("stats");
let index = -1, shown = 0, times = [], latency = null;
// On this machine (an OBS browser source) raw RGBA costs no encoding; elsewhere, PNG.
const raw = ["127.0.0.1", "localhost", "[::1]", "::1"].includes(location.hostname);
async function loop() {{
  for (;;) {{
    try {{
      const r = await fetch((raw ? "/frame.rgba" : "/frame.png") + "?after=" + index,
                            {{cache: "no-store"}});
      if (r.status !== 200) {{ await new Promise(ok => setTimeout(ok, 200)); continue; }}
      index = parseInt(r.headers.get("X-Frame-Index") || index);
      const lat = r.headers.get("X-Latency-Ms");
      latency = lat === null ? null : parseFloat(lat);
      if (raw) {{
        const w = parseInt(r.headers.get("X-Width")), h = parseInt(r.headers.get("X-Height"));
        const pixels = new ImageData(new Uint8ClampedArray(await r.arrayBuffer()), w, h);
        if (canvas.width !== w || canvas.height !== h) {{ canvas.width = w; canvas.height = h; }}
        ctx.putImageData(pixels, 0, 0);
      }} else {{
        const bitmap = await createImageBitmap(await r.blob());
        if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {{
          canvas.width = bitmap.width; canvas.height = bitmap.height; }}
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(bitmap, 0, 0);
      }}
      shown += 1; document.body.dataset.frames = shown;
      const now = performance.now(); times.push(now);
      while (times.length && now - times[0] > 2000) times.shift();
      stats.textContent = (times.length / 2).toFixed(1) + " frames/s (target {fps:g})" +
        (latency === null ? "" : " · latency " + latency.toFixed(0) + " ms camera→served");
    }} catch (e) {{
      stats.textContent = "waiting for the avatar… (" + e + ")";
      await new Promise(ok => setTimeout(ok, 500));
    }}
  }}
}}
loop();
</script></body></html>
"""
