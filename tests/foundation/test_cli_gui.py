"""`avatar-studio` with no screen must say so in one line, not let Qt abort the process."""
import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland display check is Linux-only")
def test_gui_without_a_display_fails_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "studio.cli"], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0], done.stderr


# A child process in which the dynamic loader "cannot find" libxcb-cursor.so.0 (Qt ≥ 6.5 needs it
# for its X11 plugin; fresh desktops often lack it) and finds every other X11 library.
MISSING_CURSOR = """
import ctypes, sys
def cdll(name, *args, **kwargs):
    if name == "libxcb-cursor.so.0":
        raise OSError(name + ": cannot open shared object file: No such file or directory")
    return object()
ctypes.CDLL = cdll
from studio.cli import main
sys.exit(main([]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 libraries are a Linux matter")
def test_gui_without_qts_x11_libraries_fails_in_one_line_naming_the_package(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")}
    env["DISPLAY"] = ":9999"                 # an X11 session (no server is needed: Qt never starts)
    done = subprocess.run([sys.executable, "-c", MISSING_CURSOR], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "libxcb-cursor.so.0 is missing" in lines[0] and "sudo apt install libxcb-cursor0" in lines[0]
    assert "xcb-util-cursor" in lines[0] and "Qt platform plugin" not in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 libraries are a Linux matter")
@pytest.mark.parametrize("env, checked", [
    ({"DISPLAY": ":0"}, True),                                           # X11 session
    ({"QT_QPA_PLATFORM": "xcb"}, True),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "wayland;xcb"}, False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland;xcb"}, True),         # no Wayland: falls to xcb
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
    ({"QT_QPA_PLATFORM": "offscreen"}, False),
])
def test_x11_libraries_are_checked_only_when_qt_will_use_x11(monkeypatch, env, checked):
    from studio import cli
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    asked = []
    monkeypatch.setattr(cli, "missing_xcb_libraries", lambda: asked.append(1) or [])
    cli._check_display()                     # nothing missing: no error either way
    assert bool(asked) == checked
