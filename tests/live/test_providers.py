"""Execution-provider choice, tuned sessions and the session cache."""
from __future__ import annotations

import numpy as np
import pytest

from studio.runtime import providers as P


def _add_model(path):
    import onnx
    from onnx import TensorProto, helper
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 3])
    one = helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0])
    graph = helper.make_graph([helper.make_node("Add", ["x", "one"], ["y"])], "add1", [x], [y], [one])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


@pytest.mark.parametrize("available, expected", [
    (["CPUExecutionProvider"], ["CPUExecutionProvider"]),
    (["CUDAExecutionProvider", "CPUExecutionProvider"], ["CUDAExecutionProvider", "CPUExecutionProvider"]),
    (["CoreMLExecutionProvider", "CPUExecutionProvider"], ["CoreMLExecutionProvider", "CPUExecutionProvider"]),
    (["CUDAExecutionProvider", "DmlExecutionProvider", "CPUExecutionProvider"],
     ["DmlExecutionProvider", "CPUExecutionProvider"]),
])
def test_automatic_choice_prefers_accelerators_in_order(available, expected):
    chosen, reason = P._decide(None, available)
    assert chosen == expected
    assert reason


def test_unavailable_preference_falls_back_with_reason():
    chosen, reason = P._decide("cuda", ["CPUExecutionProvider"])
    assert chosen == ["CPUExecutionProvider"]
    assert "CUDAExecutionProvider was requested but is not available" in reason
    chosen, reason = P._decide("cpu", ["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert chosen == ["CPUExecutionProvider"] and "requested" in reason


def test_report_on_this_machine_names_a_real_provider():
    report = P.provider_report()
    assert "CPUExecutionProvider" in report["available"]
    assert report["chosen"][-1] == "CPUExecutionProvider"
    assert set(report["chosen"]) <= set(report["available"])
    assert report["onnxruntime"]


def test_sessions_are_cached_per_model_and_run(tmp_path):
    runtime = P.InferenceRuntime(preferred="cpu")
    a = _add_model(tmp_path / "a.onnx")
    b = _add_model(tmp_path / "b.onnx")
    s1 = runtime.session(a)
    assert runtime.session(a) is s1
    assert runtime.session(b) is not s1
    assert len(runtime) == 2
    out = s1.run(None, {"x": np.zeros((2, 3), np.float32)})[0]
    np.testing.assert_array_equal(out, np.ones((2, 3), np.float32))
    runtime.clear()
    assert len(runtime) == 0


def test_session_options_are_tuned():
    opts = P.session_options(P.SessionConfig(intra_op_threads=2, graph_optimization="basic"))
    assert opts.intra_op_num_threads == 2
    assert opts.inter_op_num_threads == 1
