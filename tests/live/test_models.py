"""Model registry: install from a file or a loopback URL, verify, reject wrong files."""
from __future__ import annotations

import hashlib
import http.server
import threading
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from studio.cli import main
from studio.errors import Cancelled, UserError
from studio.runtime.models import ModelEntry, ModelRegistry, load_manifest
from studio.runtime.providers import InferenceRuntime


def _tiny_model(path):
    """A real ONNX model with the signature y = 2·x (x: 1×4 float32)."""
    import onnx
    from onnx import TensorProto, helper
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])
    two = helper.make_tensor("two", TensorProto.FLOAT, [1], [2.0])
    g = helper.make_graph([helper.make_node("Mul", ["x", "two"], ["y"])], "double", [x], [y], [two])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    onnx.save(m, str(path))
    return path


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A loopback HTTP server serving a model file; yields (base URL, path, sha256, size)."""
    root = tmp_path_factory.mktemp("www")
    model = _tiny_model(root / "double.onnx")
    data = model.read_bytes()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", model, hashlib.sha256(data).hexdigest(), len(data)
    finally:
        server.shutdown()


def _registry(tmp_path, sha, size, kind="download"):
    entry = ModelEntry(name="double", file="sub/double.onnx", kind=kind, sha256=sha, size=size,
                       inputs={"x": "1×4 float32"}, outputs={"y": "1×4 float32"},
                       licence="CC0", source_url="")
    return ModelRegistry(tmp_path / "models", [entry])


def test_shipped_manifest_is_complete():
    entries = load_manifest()
    names = {e.name for e in entries}
    assert "warp-grid-sample" in names
    for e in entries:
        assert e.file and e.licence and e.description and e.inputs and e.outputs


def test_manifest_and_every_data_file_are_package_data():
    """A non-editable install (`pip install .`, a wheel) carries what the program reads at run
    time: the manifest lives inside the package, and every non-Python file under `studio/` is
    matched by a `[tool.setuptools.package-data]` pattern of pyproject.toml."""
    tomllib = pytest.importorskip("tomllib")
    import studio
    from studio.runtime.models import manifest_path
    package = Path(studio.__file__).resolve().parent
    root = package.parent
    path = manifest_path()
    assert path.is_file() and path.is_relative_to(package)
    assert path.relative_to(package).as_posix() == "resources/models/manifest.json"
    patterns = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    shipped: set[Path] = set()
    for folder in [package, *(p.parent for p in package.rglob("__init__.py"))]:
        name = folder.relative_to(root).as_posix().replace("/", ".")
        for pattern in patterns.get("*", []) + patterns.get(name, []):
            shipped.update(folder.glob(pattern))
    data = {p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and p.suffix not in (".py", ".pyc")}
    assert data and not data - shipped, sorted(str(p.relative_to(root)) for p in data - shipped)


def test_url_install_verifies_and_the_model_runs(tmp_path, served):
    url, _, sha, size = served
    reg = _registry(tmp_path, sha, size)
    assert reg.status("double").state == "missing"
    seen = []
    path = reg.install_from_url("double", f"{url}/double.onnx", progress=seen.append)
    assert seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)
    assert reg.status("double").state == "ok"
    session = InferenceRuntime("cpu").session(path)
    out = session.run(None, {"x": np.arange(4, dtype=np.float32)[None]})[0]
    np.testing.assert_array_equal(out, [[0, 2, 4, 6]])
    path.write_bytes(path.read_bytes()[:-1] + b"\0")                 # bit rot
    assert reg.status("double").state == "corrupt"


def test_wrong_hash_or_missing_file_leaves_nothing(tmp_path, served):
    url, _, sha, size = served
    reg = _registry(tmp_path, "0" * 64, size)
    with pytest.raises(UserError, match="not the expected"):
        reg.install_from_url("double", f"{url}/double.onnx")
    with pytest.raises(UserError, match="could not download"):
        reg.install_from_url("double", f"{url}/nothing-here.onnx")
    folder = tmp_path / "models" / "sub"
    assert not any(folder.iterdir())                      # no model, no temp file
    assert reg.status("double").state == "missing"


def test_cancelled_install_leaves_nothing(tmp_path, served):
    _, model, sha, size = served
    reg = _registry(tmp_path, sha, size)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        reg.install_from_file("double", model, cancel=cancel)
    assert not any((tmp_path / "models" / "sub").iterdir())


def test_plugins_need_a_hash_from_the_user(tmp_path, served):
    _, model, sha, _ = served
    reg = _registry(tmp_path, "", 0, kind="plugin")
    with pytest.raises(UserError, match="--sha256"):
        reg.install_from_file("double", model)
    reg.install_from_file("double", model, sha256=sha)
    assert reg.status("double").state == "unverified"
    with pytest.raises(UserError, match="unknown model"):
        reg.status("nope")


def test_models_command(tmp_path, served, capsys):
    _, model, sha, _ = served
    d = str(tmp_path / "m")
    assert main(["models", "--model-dir", d, "list"]) == 0
    out = capsys.readouterr().out
    assert "warp-grid-sample" in out and "liveportrait-warping" in out and "missing" in out
    assert main(["models", "--model-dir", d, "install", "liveportrait-warping", "--file", str(model)]) == 2
    assert "--sha256" in capsys.readouterr().err
    assert main(["models", "--model-dir", d, "install", "liveportrait-warping",
                 "--file", str(model), "--sha256", sha]) == 0
    assert main(["models", "--model-dir", d, "verify"]) == 0
    assert "unverified" in capsys.readouterr().out


def test_damaged_generated_model_is_reported_not_ok(tmp_path):
    reg = _registry(tmp_path, "", 0, kind="generated")
    path = reg.path("double")
    path.parent.mkdir(parents=True)
    for content in (b"", b"garbage\n"):
        path.write_bytes(content)
        status = reg.status("double")
        assert status.state == "corrupt" and "rebuilt on first use" in status.detail
    _tiny_model(path)
    assert reg.status("double").state == "ok"


def test_malformed_hash_is_refused_before_any_download(tmp_path, served, capsys):
    url, _, _, _ = served
    reg = _registry(tmp_path, "", 0, kind="plugin")
    with pytest.raises(UserError, match="64 hexadecimal digits"):
        reg.install_from_url("double", url + "/double.onnx", sha256="abc")
    assert not (tmp_path / "models").exists() or not any((tmp_path / "models").rglob("*"))
