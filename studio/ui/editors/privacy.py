"""Privacy tab: the consent record behind the face and voice, what each group discloses on
export, and the AI-generated labels."""
from __future__ import annotations

import datetime

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.profile.model import replace_in
from studio.ui.document import Document
from studio.ui.editors.form import FieldForm, scroll_page
from studio.ui.i18n import tr


class ConsentRecord(QGroupBox):
    def __init__(self, doc: Document):
        super().__init__(tr("Consent record"))
        self.doc = doc
        lay = QVBoxLayout(self)
        note = QLabel(tr("Use only a face and a voice you have permission to use. "
                         "The record is saved in the project."))
        note.setWordWrap(True)
        lay.addWidget(note)
        form = FieldForm(doc, "privacy", "", ["consent_face", "consent_voice", "consent_by", "consent_date"])
        form.setFlat(True)
        lay.addWidget(form)
        button = QPushButton(tr("Record consent today"))
        button.setObjectName("privacy.record_consent")
        button.clicked.connect(self.record_today)
        lay.addWidget(button)

    def record_today(self) -> None:
        """Set the consent date to today (one undo step)."""
        today = datetime.date.today().isoformat()
        self.doc.set_profile(replace_in(self.doc.profile, "privacy", consent_date=today),
                             "record consent")


def privacy_page(doc: Document) -> QWidget:
    return scroll_page(
        ConsentRecord(doc),
        FieldForm(doc, "privacy", "Disclosure on export", ["disclose_static", "disclose_dynamic",
                                                           "disclose_internal"]),
        FieldForm(doc, "privacy", "AI-generated label", ["ai_label_metadata", "ai_badge_visible"]),
    )
