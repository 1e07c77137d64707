"""The core (`studio` minus `studio.ui`) imports and works with no Qt module loaded.

Runs in a fresh interpreter, so that nothing another test imported can hide a leak. Modules
are discovered with pkgutil (iter_modules, recursively), so every new module is covered without editing this test.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import importlib, json, pkgutil, sys, traceback
    import studio

    failures, imported, culprits = [], [], []

    def has_qt():
        return any(m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6") for m in sys.modules)

    def note_failure(name):
        failures.append(f"{name}: {traceback.format_exc(limit=3)}")

    def is_ui(name):
        return name == "studio.ui" or name.startswith("studio.ui.")

    def walk(package):
        # Like pkgutil.walk_packages, but it never imports studio.ui (walk_packages imports
        # every package it descends into, which would load Qt before we could look).
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            name = info.name
            # studio.__main__ would start the app; studio.ui is the one place Qt may live.
            if is_ui(name) or name.rsplit(".", 1)[-1] == "__main__":
                continue
            clean = not has_qt()
            try:
                module = importlib.import_module(name)
                imported.append(name)
            except Exception:
                note_failure(name)
                continue
            if clean and has_qt():
                culprits.append(name)     # the first module whose import loaded Qt
            if info.ispkg:
                walk(module)

    walk(studio)

    from studio.profile import codec
    from studio.profile.model import DigitalHuman, replace_in
    from studio.profile.project import Project, load_project, save_project
    import tempfile, pathlib
    profile = replace_in(DigitalHuman(), "static", eye_size=1.3)
    project = Project(profile=profile)
    path = pathlib.Path(tempfile.mkdtemp()) / "boundary.dhc"
    save_project(project, path)
    assert load_project(path).profile == profile
    assert codec.from_dict(json.loads(json.dumps(codec.to_dict(profile)))) == profile

    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
    print(json.dumps({"imported": imported, "failures": failures, "qt": qt, "culprits": culprits}))
""")


def test_core_imports_without_qt():
    import json

    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert not result["failures"], "core modules that fail to import:\n" + "\n".join(result["failures"])
    assert not result["qt"], f"the core pulled in Qt via {result['culprits']}: {result['qt'][:5]}"
    expected = {"studio.cli", "studio.settings", "studio.profile.project", "studio.profile.migrate",
                "studio.sample", "studio.commands.doctor"}
    assert expected <= set(result["imported"])
