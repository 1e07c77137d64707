"""The engine's warp backend: OpenCV by default without touching torch or ONNX Runtime, ONNX
when asked (same picture), and the choice reported with its reason for the status bar."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

POSE = {"jawOpen": 0.6, "headYaw": 12.0, "mouthSmileLeft": 0.5}

CHILD = r"""
import sys, numpy as np
from studio.face.intake import Photo
from studio.render.engine import AvatarEngine
z = np.load(sys.argv[1])
engine = AvatarEngine(Photo(z["rgb"], z["landmarks"], z["mask"]))
engine.render({"jawOpen": 0.6, "headYaw": 12.0}, 256)
from studio.render.backend import choose
auto = choose(256, "auto")
print(engine.warp_backend.name, auto.name, "torch" in sys.modules, "onnxruntime" in sys.modules)
print(auto.reason)
"""


def test_default_is_opencv_without_importing_torch_or_onnxruntime(photo, tmp_path):
    import os
    arrays = tmp_path / "photo.npz"
    np.savez(arrays, rgb=photo.rgb, landmarks=photo.landmarks, mask=photo.person_mask)
    env = {k: v for k, v in os.environ.items() if k != "AVATAR_STUDIO_WARP"}
    env["AVATAR_STUDIO_MODEL_DIR"] = str(tmp_path / "models")        # no graph built there
    out = subprocess.run([sys.executable, "-c", CHILD, str(arrays)], capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    first, reason = out.stdout.strip().splitlines()[-2:]
    # 'auto' with no graph built stays on OpenCV rather than importing torch to build one.
    assert first == "opencv opencv False False"
    assert "not built" in reason


def test_the_choice_is_reported_with_its_reason(engine, monkeypatch):
    monkeypatch.delenv("AVATAR_STUDIO_WARP", raising=False)
    from studio.render.engine import AvatarEngine
    fresh = AvatarEngine(engine.photo)
    assert fresh.warp_backend.name == "opencv"
    assert "no GPU build of ONNX Runtime" in fresh.warp_backend.reason      # CPU-only here
    monkeypatch.setenv("AVATAR_STUDIO_WARP", "gpu-please")
    odd = AvatarEngine(engine.photo)
    assert odd.warp_backend.name == "opencv" and "gpu-please" in odd.warp_backend.reason


def test_onnx_when_asked_draws_the_same_picture(engine, monkeypatch, tmp_path):
    monkeypatch.delenv("AVATAR_STUDIO_WARP", raising=False)
    want, rest = engine.render(POSE, 256), engine.render({}, 256)
    assert engine.warp_backend.name == "opencv"
    monkeypatch.setenv("AVATAR_STUDIO_WARP", "onnx")
    monkeypatch.setenv("AVATAR_STUDIO_MODEL_DIR", str(tmp_path / "models"))
    from studio.render.engine import AvatarEngine
    onnx = AvatarEngine(engine.photo)
    got = onnx.render(POSE, 256)
    assert onnx.warp_backend.name == "onnx", onnx.warp_backend.reason
    diff = np.abs(got.astype(np.int16) - want.astype(np.int16))
    assert diff.mean() <= 1.0 and np.percentile(diff, 99.9) <= 8
    assert np.array_equal(onnx.render({}, 256), rest)     # at rest nothing is warped at all


def test_the_accelerator_preference_decides_by_default(monkeypatch):
    """Unset env: the preference and what is installed decide. Here only the CPU build of
    ONNX Runtime is installed, so every preference ends on OpenCV, each saying why."""
    from studio.render import backend
    from studio.render.backend import choose
    monkeypatch.delenv("AVATAR_STUDIO_WARP", raising=False)
    assert "accelerator preference is the CPU" in choose(256, accelerator="cpu").reason
    for pref in ("auto", "cuda", "directml"):
        got = choose(256, accelerator=pref)
        assert got.name == "opencv" and "no GPU build" in got.reason, (pref, got.reason)
    assert not backend._gpu_build_installed()


def test_a_gpu_provider_that_cannot_run_the_graph_falls_back_to_opencv(monkeypatch, tmp_path):
    """A GPU build reporting CUDA, on a machine where CUDA cannot start: the real ONNX Runtime
    falls back to the CPU for the warp graph, and the choice goes to OpenCV with the reason
    (the faster warp on a CPU), never to ONNX on the CPU."""
    from studio.render import backend
    from studio.render.backend import choose
    from studio.runtime import providers
    monkeypatch.delenv("AVATAR_STUDIO_WARP", raising=False)
    monkeypatch.setenv("AVATAR_STUDIO_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setattr(backend, "_gpu_build_installed", lambda: True)
    monkeypatch.setattr(providers, "available_providers",
                        lambda: ["CUDAExecutionProvider", "CPUExecutionProvider"])
    got = choose(256, accelerator="auto")
    assert got.name == "opencv", got.reason
    assert "CUDAExecutionProvider" in got.reason
