"""`avatar-studio still` and `avatar-studio new`, run as a user runs them (subprocess)."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
from PIL import Image


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "studio.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=cwd)


def test_still_from_photo_with_expression_and_set(tmp_path, astronaut_png):
    out = tmp_path / "frame.png"
    r = _cli("still", "--photo", astronaut_png, "--expression", "surprised", "--intensity", "0.8",
             "--set", "jawOpen=0.7", "--set", "eyeBlinkLeft=1", "--size", "256", "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""                                  # no library noise
    img = Image.open(out)
    assert img.size == (256, 256) and img.mode == "RGBA"
    neutral = tmp_path / "neutral.png"
    assert _cli("still", "--photo", astronaut_png, "--size", "256", "-o", neutral).returncode == 0
    a = np.asarray(img).astype(int)
    b = np.asarray(Image.open(neutral)).astype(int)
    assert (np.abs(a - b).max(-1) > 30).sum() > 300          # the expression is visible
    assert not list(tmp_path.glob(".*.tmp"))                # no temp files left


def test_still_refuses_a_blank_photo_in_one_line(tmp_path, blank_png):
    out = tmp_path / "frame.png"
    r = _cli("still", "--photo", blank_png, "-o", out)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "no face found" in lines[0] and "Traceback" not in r.stderr
    assert not out.exists() and not list(tmp_path.iterdir())


def test_still_bad_parameters_are_one_line_errors(tmp_path, astronaut_png):
    for args, expect in ((["--set", "jawOpen=3"], "between 0 and 1"),
                         (["--set", "smile=1"], "unknown expression parameter"),
                         (["--expression", "grumpy"], "unknown expression"),
                         (["-o", tmp_path / "x.gif"], "must end in")):
        full = ["still", "--photo", astronaut_png, "-o", tmp_path / "x.png", *args]
        if "-o" in args:
            full = ["still", "--photo", astronaut_png, *args]
        r = _cli(*full)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert expect in r.stderr
    assert not list(tmp_path.iterdir())


def test_new_makes_a_project_that_still_renders(tmp_path, astronaut_png):
    project = tmp_path / "me.dhc"
    r = _cli("new", "--photo", astronaut_png, "-o", project)
    assert r.returncode == 0, r.stderr
    from studio.profile.project import load_project
    proj = load_project(project)
    assert proj.profile.static.photo in proj.assets
    assert proj.assets[proj.profile.static.photo] == astronaut_png.read_bytes()
    out = tmp_path / "wink.jpg"
    r = _cli("still", project, "--expression", "wink", "--size", "128", "-o", out)
    assert r.returncode == 0, r.stderr
    assert Image.open(out).size == (128, 128)
    again = _cli("new", "--photo", astronaut_png, "-o", project)   # never overwrite silently
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_refuses_a_photo_without_a_face(tmp_path, blank_png):
    project = tmp_path / "nobody.dhc"
    r = _cli("new", "--photo", blank_png, "-o", project)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert not project.exists()
