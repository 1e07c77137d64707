"""MediaPipe is imported without matplotlib (a second of start-up), and its drawing helpers
still reach the real pyplot when something uses them."""
from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from studio.face.mediapipe_import import import_mediapipe
mp = import_mediapipe()
assert mp.solutions.face_mesh.FaceMesh
print("matplotlib loaded:", "matplotlib" in sys.modules)
from mediapipe.python.solutions import drawing_utils
import matplotlib.pyplot as plt
print("same pyplot:", drawing_utils.plt.figure is plt.figure)
print("real module:", type(sys.modules["matplotlib.pyplot"]).__name__)
"""


def test_mediapipe_imports_without_matplotlib_and_pyplot_still_works():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "matplotlib loaded: False" in lines
    assert "same pyplot: True" in lines
    assert "real module: module" in lines
