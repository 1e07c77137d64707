"""Choosing the ONNX Runtime execution provider, tuned session options, and a session cache.

One place decides where inference runs (docs/ARCHITECTURE.md, *Inference runtime and models*):
DirectML on Windows (with the
`onnxruntime-directml` build), CUDA, CoreML, then the CPU. The choice is reported with its
reason (`avatar-studio doctor`, the GUI status bar) and a failed accelerator falls back to the
CPU with the reason logged, never with a crash.

Sessions are cached per (model path, providers) inside an `InferenceRuntime` object that the
caller owns and passes around (no module-global mutable state).
"""
from __future__ import annotations

import logging
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Preference order: the first one that is available wins.
ACCELERATED = ("DmlExecutionProvider", "CUDAExecutionProvider", "CoreMLExecutionProvider")
CPU = "CPUExecutionProvider"
# Short names a user may type (settings, `--provider`).
ALIASES = {"directml": "DmlExecutionProvider", "dml": "DmlExecutionProvider",
           "cuda": "CUDAExecutionProvider", "coreml": "CoreMLExecutionProvider",
           "cpu": CPU}


def _ort():
    """onnxruntime, imported lazily (it costs ~100 ms and is not needed to show the window)."""
    import onnxruntime
    return onnxruntime


def available_providers() -> list[str]:
    """Execution providers the installed onnxruntime build offers, e.g. ['CPUExecutionProvider']."""
    try:
        return list(_ort().get_available_providers())
    except ImportError:
        return []


def normalise(name: str | None) -> str | None:
    """'cuda' → 'CUDAExecutionProvider'; full names pass through; None/''/'auto' → None."""
    if not name or name.lower() == "auto":
        return None
    return ALIASES.get(name.lower(), name)


def _decide(preferred: str | None, available: list[str]) -> tuple[list[str], str]:
    """The provider list to use and why (pure: testable with any `available`)."""
    want = normalise(preferred)
    if want is not None:
        if want in available:
            chosen = [want] + ([CPU] if want != CPU else [])
            return chosen, f"{want} chosen as requested"
        fallback, why = _decide(None, available)
        return fallback, f"{want} was requested but is not available in this onnxruntime build " \
                         f"({', '.join(available) or 'none'}); {why}"
    for name in ACCELERATED:
        if name in available:
            return [name, CPU], f"{name} is the best accelerator available"
    if sys.platform == "win32":
        hint = "install onnxruntime-directml for GPU acceleration"
    elif sys.platform == "darwin":
        hint = "this onnxruntime build has no CoreML provider"
    else:
        hint = "install onnxruntime-gpu (extra 'cuda') with an NVIDIA GPU for acceleration"
    return [CPU], f"no accelerator available; running on the CPU ({hint})"


def choose_providers(preferred: str | None = None) -> list[str]:
    """Ordered providers for `InferenceSession(providers=...)`; always ends with the CPU.

    `preferred` is a short name ('cuda', 'directml', 'coreml', 'cpu', 'auto') or a full
    provider name; an unavailable preference falls back to the automatic choice (logged).
    """
    chosen, reason = _decide(preferred, available_providers())
    log.info("execution providers %s: %s", chosen, reason)
    return chosen


def provider_report(preferred: str | None = None) -> dict:
    """{'available': [...], 'chosen': [...], 'reason': str, 'onnxruntime': version or None}."""
    try:
        version = _ort().__version__
    except ImportError:
        return {"available": [], "chosen": [], "onnxruntime": None,
                "reason": "onnxruntime is not installed; reinstall Avatar Studio"}
    available = available_providers()
    chosen, reason = _decide(preferred, available)
    return {"available": available, "chosen": chosen, "reason": reason, "onnxruntime": version}


@dataclass(frozen=True)
class SessionConfig:
    """How sessions are tuned. Threads: 0 lets onnxruntime decide; we default to the number of
    cores (capped at 4: the warp graph is memory-bound and more threads only contend with the
    capture and audio workers)."""
    intra_op_threads: int = field(default_factory=lambda: min(4, os.cpu_count() or 1))
    inter_op_threads: int = 1
    graph_optimization: str = "all"          # 'disable', 'basic', 'extended', 'all'
    log_severity: int = 3                    # errors only: keep ORT's warnings out of stderr


def session_options(config: SessionConfig = SessionConfig()) -> Any:
    """An `onnxruntime.SessionOptions` set up from `config`."""
    ort = _ort()
    levels = {"disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
              "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
              "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
              "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL}
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = config.intra_op_threads
    opts.inter_op_num_threads = config.inter_op_threads
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = levels[config.graph_optimization]
    opts.log_severity_level = config.log_severity
    return opts


class InferenceRuntime:
    """Owns the provider choice and a cache of sessions keyed by (model path, providers).

    Create one per application (or per test) and pass it to whoever runs models. Thread-safe:
    sessions are created under a lock; `InferenceSession.run` itself is safe to call from
    several threads.
    """

    def __init__(self, preferred: str | None = None, config: SessionConfig = SessionConfig()):
        self.preferred = preferred
        self.config = config
        self.providers = choose_providers(preferred)
        self._sessions: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._lock = threading.Lock()
        self.fallbacks: list[str] = []     # reasons for CPU fallbacks that happened

    def report(self) -> dict:
        report = provider_report(self.preferred)
        report["fallbacks"] = list(self.fallbacks)
        return report

    def session(self, model_path: str | Path, providers: list[str] | None = None) -> Any:
        """A cached `InferenceSession` for `model_path`; falls back to the CPU (logged) when
        the accelerator fails to create it."""
        providers = list(providers or self.providers)
        key = (str(Path(model_path).resolve()), tuple(providers))
        with self._lock:
            cached = self._sessions.get(key)
            if cached is None:
                cached = self._create(key[0], providers)
                self._sessions[key] = cached
            return cached

    def _create(self, path: str, providers: list[str]) -> Any:
        ort = _ort()
        opts = session_options(self.config)
        try:
            return ort.InferenceSession(path, sess_options=opts, providers=providers)
        except Exception as exc:       # driver missing, unsupported op on the GPU, …
            if providers == [CPU]:
                raise
            reason = f"{providers[0]} could not run {Path(path).name} ({exc}); using the CPU"
            log.warning("%s", reason)
            self.fallbacks.append(reason)
            return ort.InferenceSession(path, sess_options=session_options(self.config),
                                        providers=[CPU])

    def clear(self) -> None:
        """Forget cached sessions (e.g. after a model was reinstalled)."""
        with self._lock:
            self._sessions.clear()

    def __len__(self) -> int:
        return len(self._sessions)
