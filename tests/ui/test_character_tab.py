"""The Character tab (issue 15): thumbnail pickers per part, each pick one undoable edit."""
from __future__ import annotations

import pytest

from studio.profile.model import DigitalHuman


@pytest.fixture
def doc(qapp):
    from studio.ui.document import Document
    d = Document()
    d.load(DigitalHuman(), {}, None)
    return d


def test_every_part_has_an_editor_and_picks_are_undoable(doc):
    from studio.drawn import character as C
    from studio.ui.editors.character import AmountSlider, ColourPicker, PartPicker, character_page
    page = character_page(doc)
    editors = {w.objectName(): w for cls in (PartPicker, ColourPicker, AmountSlider)
               for w in page.findChildren(cls)}
    assert {f"character.{p.name}" for p in C.PARTS} <= set(editors)
    hair = editors["character.hair_style"]
    assert not hair.item(0).icon().isNull()                  # thumbnails drawn by the renderer
    hair.select("afro")
    assert doc.profile.static.character == {"hair_style": "afro"}
    editors["character.skin_tone"].set(C.SKIN_TONES[-1])
    editors["character.freckles"].setValue(60)
    assert doc.profile.static.character["freckles"] == pytest.approx(0.6)
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.profile.static.character == {"hair_style": "afro"}
    doc.undo_stack.undo()
    assert doc.profile.static.character == {} and not doc.dirty
    assert hair.currentItem().data(0x0100) == C.DEFAULTS["hair_style"]   # the picker follows undo


def test_the_avatar_kind_switches_to_the_drawn_character(doc):
    from studio.ui.editors.character import character_page
    page = character_page(doc)
    doc.set_field("static", "avatar_kind", "drawn")
    assert doc.profile.static.avatar_kind == "drawn"
    from studio.avatar import engine_for_project
    from studio.drawn.engine import DrawnEngine
    assert isinstance(engine_for_project(doc.as_project()), DrawnEngine)
    del page


def test_the_timeline_shows_the_speech_gestures(qapp):
    import numpy as np

    from studio.motion.performance import build_performance
    from studio.speech.types import Speech, WordEvent
    from studio.ui.timeline import Timeline
    words = (WordEvent(0.2, 0.6, "hello", "hello"), WordEvent(1.2, 1.5, "you", "you"))
    perf = build_performance(DigitalHuman(), speech=Speech(np.zeros(48000 * 2, np.float32), 48000, words=words))
    timeline = Timeline()
    timeline.set_performance(perf)
    assert [e.kind for e in timeline.gesture_strip.events] == ["wave", "other"]
    timeline.resize(800, 200)
    timeline.show()
    qapp.processEvents()
    timeline.grab()                                   # paints the strip without errors


@pytest.mark.parametrize("width", [300, 420, 900])
def test_pickers_show_every_choice_whatever_the_panel_width(qapp, doc, width):
    """A narrow Customize panel (1366×768, Korean labels) must not hide choices behind a
    scroll bar: the pickers grow to as many rows as their width needs."""
    from studio.drawn import character as C
    from studio.ui.editors.character import ColourPicker, PartPicker
    part = next(p for p in C.PARTS if p.name == "hair_style")
    colours = next(p for p in C.PARTS if p.name == "skin_tone")
    for widget, inner in ((PartPicker(doc, part), None), (ColourPicker(doc, colours), "swatches")):
        widget.resize(width, 50)
        widget.show()
        qapp.processEvents()
        view = getattr(widget, inner) if inner else widget
        area = view.viewport().rect()
        hidden = [i for i in range(view.count()) if not area.contains(view.visualItemRect(view.item(i)))]
        assert not hidden, f"{view.objectName() or widget.objectName()}: {len(hidden)} of {view.count()} hidden"
        widget.close()
