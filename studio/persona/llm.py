"""A streaming client for the OpenAI-compatible chat API (`POST …/v1/chat/completions` with
`"stream": true`, answered as server-sent events), which Ollama, LM Studio, llama.cpp's server,
vLLM and LocalAI all serve. Standard library only (`http.client`); Qt-free.

Privacy: the client contacts exactly one address, the base URL the user typed (Preferences,
the project's internal group, `AVATAR_STUDIO_LLM_URL` or `--llm URL`). There is no default
server: with no URL configured nothing is sent anywhere and the embedded rule-based responder
answers. Redirects are not followed.

Every way a request can go wrong — no server, a wrong model name (HTTP 404 / an error JSON), a
time-out, a refusal (HTTP 401/403/429/5xx, or a `refusal` in the stream) or a malformed stream —
raises `LLMError` whose `str()` is one line a person can act on; callers print or show it and
fall back to the embedded responder.

`ChatStream(config, messages)` iterates over the reply's text deltas as they arrive;
`close()` (from any thread) cancels: the socket is shut down, so a read blocked in another
thread returns at once and the iteration ends quietly.
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit

from studio.errors import UserError

ENV_URL = "AVATAR_STUDIO_LLM_URL"
ENV_MODEL = "AVATAR_STUDIO_LLM_MODEL"
ENV_KEY = "AVATAR_STUDIO_LLM_KEY"
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 60.0          # the longest wait for the next piece of a reply (a cold model loads)
MAX_ERROR_BODY = 4096
MAX_LINE = 1 << 20             # one SSE line; longer is no chat delta


class LLMError(Exception):
    """A language-model request failed; `str()` is one line for the user."""

    def __init__(self, message: str, kind: str = "error"):
        super().__init__(message)
        self.kind = kind       # unreachable, model, timeout, refused, malformed, empty

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class LLMConfig:
    """Where the model runs. `url` is the server's base URL ('http://127.0.0.1:11434',
    '…/v1' or the full '…/v1/chat/completions'); `key` is sent as a Bearer token when set."""
    url: str
    model: str
    key: str = ""
    connect_timeout: float = CONNECT_TIMEOUT_S
    read_timeout: float = READ_TIMEOUT_S
    temperature: float = 0.7
    max_tokens: int = 400

    def __post_init__(self):
        parts = urlsplit(self.url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserError(f"the language-model URL {self.url!r} is not an http:// or https:// address "
                            "(e.g. http://127.0.0.1:11434 for Ollama)")
        if not self.model.strip():
            raise UserError("name the model to use with the language-model server (--model NAME, "
                            f"{ENV_MODEL}, or the model field in Preferences)")

    @property
    def endpoint(self) -> tuple[str, str, int, str]:
        """(scheme, host, port, path) of the chat-completions endpoint."""
        parts = urlsplit(self.url.strip())
        path = parts.path.rstrip("/")
        if not path.endswith("/chat/completions"):
            path = (path if path.endswith("/v1") else path + "/v1") + "/chat/completions"
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return parts.scheme, parts.hostname, port, path

    @property
    def where(self) -> str:
        scheme, host, port, _ = self.endpoint
        return f"{scheme}://{host}:{port}"

    @property
    def is_loopback(self) -> bool:
        host = self.endpoint[1]
        return host in ("localhost", "::1") or host.startswith("127.")


def resolve(url: str | None = None, model: str | None = None, key: str | None = None,
            internal=None, settings=None, env=None) -> LLMConfig | None:
    """The configuration to use, or None for the embedded responder. First set wins, per value:
    the command line, the environment (`AVATAR_STUDIO_LLM_URL`/`_MODEL`/`_KEY`), the project
    (`internal.llm_url`/`llm_model`), the Preferences (`settings.llm_*`). No URL anywhere: None."""
    env = os.environ if env is None else env

    def first(*values):
        return next((v.strip() for v in values if isinstance(v, str) and v.strip()), "")

    url = first(url, env.get(ENV_URL), getattr(internal, "llm_url", ""), getattr(settings, "llm_url", ""))
    if not url:
        return None
    model = first(model, env.get(ENV_MODEL), getattr(internal, "llm_model", ""),
                  getattr(settings, "llm_model", ""))
    key = first(key, env.get(ENV_KEY), getattr(settings, "llm_key", ""))
    return LLMConfig(url, model, key)


def _error_text(body: bytes) -> str:
    """The message of an error body: OpenAI's {"error": {"message": …}}, Ollama's
    {"error": "…"}, or the first line of plain text."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return " ".join(text.split())[:200]
    err = data.get("error", data) if isinstance(data, dict) else data
    if isinstance(err, dict):
        err = err.get("message") or err.get("detail") or json.dumps(err)[:200]
    return " ".join(str(err).split())[:200]


class ChatStream:
    """One streamed chat completion. Iterate for text deltas; `close()` cancels.
    `first_byte_s` / `first_token_s` are set (seconds after `open`) as the reply arrives."""

    def __init__(self, config: LLMConfig, messages: list[dict], **extra):
        self.config, self.messages, self.extra = config, messages, extra
        self._conn: http.client.HTTPConnection | None = None
        self._closed = threading.Event()
        self.finished = threading.Event()      # set by whoever consumed the stream, when done
        self._lock = threading.Lock()
        self.started = 0.0
        self.first_token_s: float | None = None
        self.finish_reason: str | None = None

    @property
    def cancelled(self) -> bool:
        return self._closed.is_set()

    def close(self) -> None:
        """Cancel from any thread: the connection is shut down (the server sees it close)."""
        self._closed.set()
        with self._lock:
            conn = self._conn
        if conn is not None and conn.sock is not None:
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                conn.close()
            except Exception:           # noqa: BLE001  (closing from another thread: best effort)
                pass

    def request_body(self) -> dict:
        c = self.config
        return {"model": c.model, "messages": self.messages, "stream": True,
                "temperature": c.temperature, "max_tokens": c.max_tokens, **self.extra}

    def _open(self) -> http.client.HTTPResponse:
        c = self.config
        scheme, host, port, path = c.endpoint
        if scheme == "https":
            conn = http.client.HTTPSConnection(host, port, timeout=c.connect_timeout,
                                               context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(host, port, timeout=c.connect_timeout)
        with self._lock:
            self._conn = conn
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream",
                   "User-Agent": "avatar-studio"}
        if c.key:
            headers["Authorization"] = f"Bearer {c.key}"
        body = json.dumps(self.request_body(), ensure_ascii=False).encode("utf-8")
        try:
            conn.connect()
            conn.sock.settimeout(c.read_timeout)
            conn.request("POST", path, body=body, headers=headers)
            return conn.getresponse()
        except ConnectionRefusedError as exc:
            raise LLMError(f"no language-model server answers at {c.where} (connection refused); "
                           "is it running?", "unreachable") from exc
        except (socket.timeout, TimeoutError) as exc:
            raise LLMError(f"the language-model server at {c.where} did not answer within "
                           f"{c.read_timeout:g} s", "timeout") from exc
        except (OSError, http.client.HTTPException) as exc:
            if self.cancelled:
                raise _Cancelled() from exc
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise LLMError(f"cannot reach the language-model server at {c.where} ({reason})",
                           "unreachable") from exc

    def _status_error(self, resp: http.client.HTTPResponse) -> LLMError:
        c = self.config
        msg = _error_text(resp.read(MAX_ERROR_BODY))
        tail = f": {msg}" if msg else ""
        if resp.status == 404:
            return LLMError(f"the server at {c.where} has no model {c.model!r} or no chat endpoint "
                            f"(HTTP 404{tail})", "model")
        if resp.status in (401, 403):
            return LLMError(f"the server at {c.where} refused the request (HTTP {resp.status}{tail}); "
                            "check the API key", "refused")
        if resp.status == 400 and "model" in msg.lower():
            return LLMError(f"the server at {c.where} cannot use model {c.model!r} (HTTP 400{tail})", "model")
        return LLMError(f"the server at {c.where} refused the request (HTTP {resp.status}{tail})", "refused")

    def __iter__(self) -> Iterator[str]:
        self.started = time.perf_counter()
        try:
            yield from self._deltas()
        except _Cancelled:
            return
        finally:
            self.close_quietly()

    def close_quietly(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:           # noqa: BLE001
                pass

    def _deltas(self) -> Iterator[str]:
        c = self.config
        if self.cancelled:
            return
        resp = self._open()
        if resp.status != 200:
            raise self._status_error(resp)
        ctype = (resp.getheader("Content-Type") or "").lower()
        if "application/json" in ctype:             # a server that ignored "stream": one body
            text = self._whole(resp)
            self.first_token_s = time.perf_counter() - self.started
            yield text
            return
        got_any, done = False, False
        while not done:
            try:
                raw = resp.readline(MAX_LINE)
            except (socket.timeout, TimeoutError) as exc:
                if self.cancelled:
                    raise _Cancelled() from exc
                raise LLMError(f"the language-model server at {c.where} stopped answering for "
                               f"{c.read_timeout:g} s", "timeout") from exc
            except (OSError, http.client.HTTPException, ValueError, AttributeError) as exc:
                if self.cancelled:
                    raise _Cancelled() from exc
                raise LLMError(f"the connection to the language-model server at {c.where} broke "
                               f"({exc or type(exc).__name__})", "malformed") from exc
            if self.cancelled:
                raise _Cancelled()
            if not raw:
                if self.finish_reason is None:
                    raise LLMError(f"the reply from {c.where} ended before it was complete "
                                   "(no [DONE] in the stream)", "malformed")
                break
            line = raw.decode("utf-8", "replace").strip()
            if not line or line.startswith(":") or line.startswith(("event:", "id:", "retry:")):
                continue
            if not line.startswith("data:"):
                if line.startswith("{"):                 # an error JSON instead of an event
                    raise LLMError(f"the server at {c.where} answered with an error: "
                                   f"{_error_text(raw)}", "model" if "model" in line.lower() else "refused")
                raise LLMError(f"the reply from {c.where} is not a chat stream "
                               f"(got {line[:60]!r})", "malformed")
            data = line[5:].strip()
            if data == "[DONE]":
                break
            try:
                event = json.loads(data)
            except ValueError as exc:
                raise LLMError(f"the reply from {c.where} is malformed (bad JSON in the stream: "
                               f"{data[:60]!r})", "malformed") from exc
            text, done = self._event(event)
            if text:
                if self.first_token_s is None:
                    self.first_token_s = time.perf_counter() - self.started
                got_any = True
                yield text
        if not got_any:
            raise LLMError(f"the model {c.model!r} at {c.where} sent an empty reply", "empty")

    def _event(self, event) -> tuple[str, bool]:
        """(text delta, whether the reply is finished) of one stream event."""
        c = self.config
        if not isinstance(event, dict):
            raise LLMError(f"the reply from {c.where} is malformed (an event is not an object)", "malformed")
        if "error" in event:
            raise LLMError(f"the server at {c.where} stopped with an error: {_error_text(json.dumps(event).encode())}",
                           "refused")
        choices = event.get("choices")
        if not isinstance(choices, list):
            raise LLMError(f"the reply from {c.where} is malformed (an event has no choices)", "malformed")
        if not choices:
            return "", False                            # e.g. a usage-only event
        choice = choices[0] if isinstance(choices[0], dict) else {}
        delta = choice.get("delta") or choice.get("message") or {}
        if not isinstance(delta, dict):
            raise LLMError(f"the reply from {c.where} is malformed (a delta is not an object)", "malformed")
        if delta.get("refusal"):
            raise LLMError(f"the model refused to answer: {' '.join(str(delta['refusal']).split())[:160]}",
                           "refused")
        reason = choice.get("finish_reason")
        if reason:
            self.finish_reason = reason
            if reason == "content_filter":
                raise LLMError("the model refused to answer (its content filter stopped the reply)", "refused")
        text = delta.get("content") or ""
        if not isinstance(text, str):
            raise LLMError(f"the reply from {c.where} is malformed (content is not text)", "malformed")
        return text, False

    def _whole(self, resp) -> str:
        c = self.config
        try:
            data = json.loads(resp.read().decode("utf-8"))
            msg = data["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMError(f"the reply from {c.where} is malformed (not a chat completion)", "malformed") from exc
        if msg.get("refusal"):
            raise LLMError(f"the model refused to answer: {str(msg['refusal'])[:160]}", "refused")
        text = msg.get("content") or ""
        if not text.strip():
            raise LLMError(f"the model {c.model!r} at {c.where} sent an empty reply", "empty")
        return text


class _Cancelled(Exception):
    pass


def complete(config: LLMConfig, messages: list[dict], cancel: threading.Event | None = None,
             max_tokens: int | None = None) -> str:
    """The whole text of one (streamed) completion; LLMError on failure, '' when cancelled."""
    stream = ChatStream(config, messages, **({"max_tokens": max_tokens} if max_tokens else {}))
    parts = []
    for delta in stream:
        parts.append(delta)
        if cancel is not None and cancel.is_set():
            stream.close()
    return "".join(parts)
