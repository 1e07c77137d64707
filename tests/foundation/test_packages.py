"""The installed-version lookup agrees with importlib.metadata, without importing it."""
from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest

from studio.packages import installed_version


@pytest.mark.parametrize("dist", ["numpy", "mediapipe", "espeakng-loader", "pillow",
                                  "onnxruntime", "avatar-studio"])
def test_the_version_is_the_one_importlib_metadata_reads(dist):
    try:
        expected = version(dist)
    except Exception:
        pytest.skip(f"{dist} is not installed here")
    assert installed_version(dist) == expected
    assert installed_version(dist.upper().replace("-", "_")) == expected   # names normalise


def test_a_missing_distribution_is_none():
    assert installed_version("no-such-distribution-anywhere") is None


def test_looking_up_does_not_import_importlib_metadata():
    code = ("import sys; from studio.packages import installed_version; "
            "installed_version('numpy'); installed_version('onnxruntime-gpu'); "
            "print('importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
