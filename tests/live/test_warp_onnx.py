"""The ONNX warp: built from torch on first use, cached, and in agreement with OpenCV."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from studio.render import warp_onnx as W
from studio.render.warp import warp_image


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def onnx_warp(model_dir):
    from studio.runtime.providers import InferenceRuntime
    return W.OnnxWarp(InferenceRuntime("cpu"), model_dir)


def test_graph_is_exported_once_and_cached(model_dir, onnx_warp):
    path = W.graph_path(model_dir)
    assert path.name == "warp_grid_sample.onnx" and path.is_file()
    stamp = path.stat().st_mtime_ns
    assert W.graph_path(model_dir).stat().st_mtime_ns == stamp         # reused, not rebuilt
    path.write_bytes(b"truncated")                                       # damaged cache
    W.graph_path(model_dir)
    assert W._graph_version(path) == W.GRAPH_VERSION
    from studio.runtime.models import ModelRegistry
    assert ModelRegistry(model_dir).status("warp-grid-sample").state == "ok"


@pytest.mark.parametrize("seed, shape, amplitude", [(0, (512, 512, 3), 8.0), (1, (300, 240, 4), 20.0)])
def test_agrees_with_the_opencv_backend(astronaut_rgb, onnx_warp, seed, shape, amplitude):
    h, w, c = shape
    image = np.ascontiguousarray(np.dstack([astronaut_rgb, astronaut_rgb[..., :1]])[:h, :w, :c])
    flow = W.test_flow(max(h, w), seed=seed, amplitude=amplitude)
    ours, theirs = onnx_warp(image, flow), warp_image(image, flow)
    assert ours.shape == image.shape and ours.dtype == np.uint8
    diff = np.abs(ours.astype(int) - theirs)
    assert diff.mean() <= 1.0 and diff.max() <= 8
    assert np.abs(ours.astype(int) - image).mean() > 5 * diff.mean()    # it really warped
    still = onnx_warp(image, np.zeros((5, 5, 2), np.float32))
    np.testing.assert_array_equal(still, image)                          # zero flow: identity
    out = image.copy()
    assert onnx_warp.warp_into(image, flow, out) is not None             # the engine's form
    np.testing.assert_array_equal(out, ours)


def test_chooser_times_both_and_picks_the_faster(model_dir):
    choice = W.choose_warp_backend(128, model_dir=model_dir, repeats=3)
    assert set(choice.timings_ms) == {"opencv", "onnx"}
    assert choice.name == min(choice.timings_ms, key=choice.timings_ms.get)
    img = np.zeros((128, 128, 3), np.uint8)
    assert choice.warp(img, np.zeros((3, 3, 2), np.float32)).shape == img.shape


def test_torch_is_not_imported_by_the_module():
    code = "import sys, studio.render.warp_onnx; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
