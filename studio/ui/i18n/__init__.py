"""UI translations: `tr(text)` for every user-visible string, `install(app, language)`.

Strings live in one translation context ("studio"); `studio_ko.ts` holds the Korean text and is
compiled to `studio_ko.qm` with `pyside6-lrelease`. When the compiled file is missing (a source
checkout without the Qt tools), the .ts XML is read directly by `TsTranslator`.
"""
from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger("studio.ui")

CONTEXT = "studio"
HERE = Path(__file__).resolve().parent
LANGUAGES = {"en": "English", "ko": "한국어"}
_installed: list[QTranslator] = []
_current = "en"


def current() -> str:
    """The UI language now installed ('en' or 'ko')."""
    return _current


def tr(text: str) -> str:
    """The user-visible `text` in the UI language."""
    return QCoreApplication.translate(CONTEXT, text)


class TsTranslator(QTranslator):
    """A translator read straight from a Qt Linguist .ts file (no compiled .qm needed)."""

    def __init__(self, ts_path: Path):
        super().__init__()
        self._table: dict[tuple[str, str], str] = {}
        root = ET.parse(ts_path).getroot()
        for ctx in root.iter("context"):
            name = ctx.findtext("name", "")
            for msg in ctx.iter("message"):
                src, dst = msg.findtext("source"), msg.findtext("translation")
                if src and dst:
                    self._table[(name, src)] = dst

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401 (Qt API)
        return self._table.get((context, source), "")

    def isEmpty(self) -> bool:
        return not self._table


def install(app, language: str) -> bool:
    """Switch the UI strings to `language` ('en' or 'ko'). Returns True when a translation
    was loaded. Widgets built afterwards pick it up (the main window rebuilds its texts)."""
    global _current
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _current = "en"
    if language == "en" or language not in LANGUAGES:
        return False
    translator = QTranslator()
    qm = HERE / f"studio_{language}.qm"
    if not (qm.exists() and translator.load(str(qm))):
        ts = HERE / f"studio_{language}.ts"
        if not ts.exists():
            log.warning("no translation for %s", language)
            return False
        translator = TsTranslator(ts)
    app.installTranslator(translator)
    _installed.append(translator)
    _current = language
    # Qt's own strings (OK, Cancel, the colour and file dialogs) from the Qt translations
    from PySide6.QtCore import QLibraryInfo
    qt = QTranslator()
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return True
