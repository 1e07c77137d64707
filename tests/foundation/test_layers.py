"""The layers keep the order of the data flow (docs/ARCHITECTURE.md), checked on the source:
every import statement in `studio/`, including those inside functions (which an import-time
check never runs), is read with `ast`.

- Qt (PySide6, shiboken6, PyQt, pyqtgraph) is imported only in `studio/ui`.
- `studio.ui` is imported only by the entry points that open or measure the window.
- The photo pipeline's lower layers (parameters, profile, face, rig, render) import nothing
  from the layers built on them (speech, motion, persona, export, runtime workers, commands,
  bench, ui): a change up the flow never reaches down into the renderer.
"""
from __future__ import annotations

import ast
from pathlib import Path

import studio

ROOT = Path(studio.__file__).resolve().parent
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "pyqtgraph")
# who may import studio.ui: the command line (it opens the studio) and the studio benchmarks
UI_ENTRY_POINTS = {"cli", "bench.studio", "bench.startup"}
# layer → the layers above it, which it must never import
BELOW = {
    "params": {"profile", "face", "rig", "render", "speech", "motion", "persona", "export",
               "commands", "bench", "ui", "cli"},
    "profile": {"face", "rig", "render", "speech", "motion", "persona", "export", "commands",
                "bench", "ui", "cli"},
    "face": {"render", "speech", "motion", "persona", "export", "commands", "bench", "ui", "cli"},
    "rig": {"render", "speech", "motion", "persona", "export", "commands", "bench", "ui", "cli"},
    "render": {"speech", "motion", "persona", "export", "commands", "bench", "ui", "cli"},
}
# tools that live beside a layer but are run by hand (they may reach further up)
TOOLS = {"render.contact_sheet"}


def _imports(path: Path):
    """(imported module name, line) for every absolute import in a file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(p for p in rel.parts if p != "__init__")
        yield name, path


def _layer(module: str) -> str:
    return module.split(".")[0]


def test_qt_is_imported_only_in_the_ui():
    found = [f"{path.relative_to(ROOT.parent)}:{line} imports {mod}"
             for name, path in _modules() if _layer(name) != "ui"
             for mod, line in _imports(path) if mod.split(".")[0] in QT]
    assert found == []


def test_the_ui_is_imported_only_by_the_entry_points():
    found = [f"{path.relative_to(ROOT.parent)}:{line} imports {mod}"
             for name, path in _modules()
             if _layer(name) != "ui" and name not in UI_ENTRY_POINTS
             for mod, line in _imports(path)
             if mod == "studio.ui" or mod.startswith("studio.ui.")]
    assert found == []


def test_lower_layers_never_import_the_layers_built_on_them():
    found = []
    for name, path in _modules():
        above = BELOW.get(_layer(name))
        if not above or name in TOOLS:
            continue
        for mod, line in _imports(path):
            parts = mod.split(".")
            if parts[0] == "studio" and len(parts) > 1 and parts[1] in above:
                found.append(f"{path.relative_to(ROOT.parent)}:{line} ({_layer(name)}) "
                             f"imports {mod}")
    assert found == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    """The reader is not fooled by a lazy import (the kind an import-time check misses)."""
    sample = tmp_path / "lazy.py"
    sample.write_text("def f():\n    from PySide6 import QtCore\n    import studio.ui.app\n")
    assert [m for m, _ in _imports(sample)] == ["PySide6", "studio.ui.app"]
