"""A small OpenAI-compatible chat server for the tests: `http.server` on 127.0.0.1 (port 0)
in the test process, streaming scripted chunks as server-sent events, the way Ollama, LM
Studio and llama.cpp's server answer `POST /v1/chat/completions` with `"stream": true`.

`server.script` decides each answer: a list of text chunks (streamed as deltas, then
`[DONE]`), or a mode — "404", "401", "error-json", "malformed", "refusal", "hang", "cut",
"json" (a non-streamed answer). `server.hold` (an Event) pauses the stream after
`hold_after` chunks until the test sets it; `server.requests` keeps every request body;
`server.closed` is set when the client hangs up mid-stream.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def chunk(text: str | None = None, finish: str | None = None, **delta) -> bytes:
    d = dict(delta)
    if text is not None:
        d["content"] = text
    event = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "tiny",
             "choices": [{"index": 0, "delta": d, "finish_reason": finish}]}
    return b"data: " + json.dumps(event, ensure_ascii=False).encode() + b"\n\n"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):          # quiet
        pass

    def do_POST(self):                     # noqa: N802
        srv = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        srv.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
        script = srv.script
        try:
            if script == "404":
                return self._json(404, {"error": {"message": f"model '{body.get('model')}' not found",
                                                  "type": "not_found"}})
            if script == "401":
                return self._json(401, {"error": {"message": "invalid api key"}})
            if script == "error-json":
                return self._json(500, {"error": "model failed to load"})
            if script == "json":
                return self._json(200, {"choices": [{"message": {"role": "assistant",
                                                                 "content": "[emotion=calm] All good here."}}]})
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            if script == "hang":
                srv.closed.wait(30)
                return
            if script == "malformed":
                self._write(b"data: {not json\n\n")
                return
            if script == "refusal":
                self._write(chunk(refusal="I can't help with that."))
                self._write(b"data: [DONE]\n\n")
                return
            for i, piece in enumerate(script):
                if i == srv.hold_after and srv.hold is not None:
                    srv.holding.set()
                    while not srv.hold.is_set():           # keep writing nothing; notice a hang-up
                        if srv.hold.wait(0.02):
                            break
                        try:
                            self.wfile.write(b": keep-alive\n\n")
                            self.wfile.flush()
                        except OSError:
                            srv.closed.set()
                            return
                self._write(chunk(piece))
                if srv.delay:
                    time.sleep(srv.delay)
            if script and srv.mode_end == "cut":
                return                                      # no finish, no [DONE]
            self._write(chunk(finish="stop"))
            self._write(b"data: [DONE]\n\n")
            srv.finished_at = time.perf_counter()
        except OSError:
            srv.closed.set()

    def _write(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()

    def _json(self, status: int, data) -> None:
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


class ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script: object = ["Hello."]
        self.requests: list[dict] = []
        self.delay = 0.0
        self.hold: threading.Event | None = None
        self.hold_after = 1
        self.holding = threading.Event()
        self.closed = threading.Event()
        self.mode_end = "done"
        self.finished_at: float | None = None
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def stop(self) -> None:
        self.closed.set()
        self.shutdown()
        self.server_close()
