"""The voice language: one setting (`dynamic.voice_language` in the profile), shown by name.

Every place that offers it (the line under the preview, the Voice group, the video export)
uses `VoiceLanguageCombo`, a view of that one field: picking a language in any of them edits
the document (undoable), and all of them follow the document.
"""
from __future__ import annotations

from PySide6.QtCore import QLocale, QSignalBlocker
from PySide6.QtWidgets import QComboBox

from studio.ui.document import Document
from studio.ui.i18n import tr

# the languages offered before the voice engine has listed its own
COMMON = ("en", "ko", "es", "ja", "cmn", "fr", "de")
# codes QLocale does not name (ISO 639-3 'cmn', eSpeak's own) and the common ones, by their own name
NAMES = {"en": "English", "ko": "한국어", "es": "Español", "ja": "日本語", "cmn": "中文 (普通话)",
         "zh": "中文", "yue": "粵語", "fr": "Français", "de": "Deutsch"}


def language_name(code: str) -> str:
    """A language code ('en', 'ko', 'en-gb', 'cmn') as people know it ('English',
    '한국어', 'English (United Kingdom)', '中文 (普通话)'); the code itself when unknown."""
    code = (code or "").strip()
    if not code:
        return ""
    if code in NAMES:
        return NAMES[code]
    base, _, region = code.replace("_", "-").partition("-")
    locale = QLocale(code.replace("-", "_"))
    if locale.language() == QLocale.Language.C:
        return NAMES.get(base, code) + (f" ({region})" if region and base in NAMES else "")
    name = NAMES.get(base) or locale.nativeLanguageName() or code
    name = name[:1].upper() + name[1:]
    if region:
        territory = locale.nativeTerritoryName() if hasattr(locale, "nativeTerritoryName") else ""
        name += f" ({territory or region.upper()})"
    return name


class VoiceLanguageCombo(QComboBox):
    """The profile's voice language as a combo box of language names (the code is the item
    data and the tooltip)."""

    def __init__(self, doc: Document, codes=COMMON, parent=None):
        super().__init__(parent)
        self.doc = doc
        self._codes = list(codes)
        self.setObjectName("dynamic.voice_language")
        self.setToolTip(tr("The language the avatar speaks in (the voice language)"))
        self.currentIndexChanged.connect(self._picked)
        doc.changed.connect(self._model_changed)       # bound: disconnects when deleted
        self.refresh()

    def set_codes(self, codes) -> None:
        """Offer `codes` (e.g. the languages the voice engine has), plus the current one."""
        self._codes = list(dict.fromkeys(codes)) or list(COMMON)
        self.refresh()

    def code(self) -> str:
        return self.currentData() or self.doc.profile.dynamic.voice_language

    def _picked(self, index: int) -> None:
        if index >= 0 and self.itemData(index):
            self.doc.set_field("dynamic", "voice_language", self.itemData(index),
                               text="change voice language")

    def _model_changed(self, group: str, field: str) -> None:
        if not field or field == "voice_language":
            self.refresh()

    def refresh(self) -> None:
        current = self.doc.profile.dynamic.voice_language
        codes = self._codes if current in self._codes else [current] + self._codes
        with QSignalBlocker(self):
            if [self.itemData(i) for i in range(self.count())] != codes:
                self.clear()
                for code in codes:
                    self.addItem(language_name(code), code)
                    self.setItemData(self.count() - 1, code, 3)     # Qt.ToolTipRole: the code
            self.setCurrentIndex(max(0, self.findData(current)))
