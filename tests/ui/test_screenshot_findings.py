"""What the screenshot matrix (docs/screenshots/README.md) showed, kept from coming back."""
from __future__ import annotations

import dataclasses


def test_a_long_text_field_shows_its_beginning(qapp):
    """Seen in the screenshots: a long consent or role text showed its last words only."""
    from PySide6.QtWidgets import QLineEdit
    from studio.profile.model import Internal
    from studio.ui.editors.fields import make_field
    spec = next(dict(f.metadata) for f in dataclasses.fields(Internal) if f.name == "role")
    field = make_field(spec, lambda value, token: None)
    box = field.findChild(QLineEdit)
    box.resize(120, 24)
    field.show_value("The sample avatar: a public-domain portrait, shipped with the studio")
    assert box.cursorPosition() == 0
