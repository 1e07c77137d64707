"""The evented document and the generated editors, without an engine: undo merging, nested
groups, no feedback loops, autosave and recovery, translations, the crash dialog, start-up."""
from __future__ import annotations

import dataclasses
import logging
import sys

import pytest

from studio.profile.model import DigitalHuman


@pytest.fixture
def doc(qapp):
    from studio.ui.document import Document
    d = Document()
    d.load(DigitalHuman(), {}, None)
    return d


def test_slider_drag_is_one_undo_step_and_clicks_are_separate(doc):
    from studio.profile.model import ExternalStatic
    from studio.ui.editors.form import FieldForm
    form = FieldForm(doc, "static", "Face shape", ["eye_size", "jaw_width"])
    eye = form.widgets["eye_size"]
    eye.slider.sliderPressed.emit()
    for step in range(500, 1001, 50):
        eye.slider.setValue(step)
    eye.slider.sliderReleased.emit()
    assert doc.undo_stack.count() == 1
    assert doc.profile.static.eye_size == pytest.approx(1.5)
    eye.slider.setValue(600)                      # a keyboard step: its own undo step
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.profile.static == ExternalStatic()
    assert eye.slider.value() == 500 and eye.spin.value() == pytest.approx(1.0)
    assert not doc.dirty


def test_model_updates_do_not_echo_back_as_edits(doc):
    from studio.ui.editors.form import FieldForm
    forms = [FieldForm(doc, "dynamic", "Voice"), FieldForm(doc, "internal.personality", "Big Five"),
             FieldForm(doc, "privacy", "Privacy")]
    seen = []
    doc.changed.connect(lambda g, f: seen.append((g, f)))
    profile = dataclasses.replace(DigitalHuman(), privacy=dataclasses.replace(
        DigitalHuman().privacy, consent_by="Ada", disclose_internal="full"))
    doc.load(profile, {}, None)
    assert seen == [("", "")]                     # one refresh, and no edits pushed back
    assert doc.undo_stack.count() == 0
    assert forms[2].widgets["consent_by"].box.text() == "Ada"
    assert forms[2].widgets["disclose_internal"].combo.currentData() == "full"


def test_nested_group_edit_and_undo(doc):
    from studio.ui.editors.form import FieldForm
    form = FieldForm(doc, "internal.personality", "Big Five")
    form.widgets["openness"].spin.setValue(0.9)
    assert doc.profile.internal.personality.openness == pytest.approx(0.9)
    assert doc.profile.internal.name == "My Avatar"        # the rest of the group is kept
    doc.undo_stack.undo()
    assert doc.profile.internal.personality.openness == 0.5
    assert form.widgets["openness"].spin.value() == pytest.approx(0.5)


def test_optional_colour_and_choice_widgets(doc):
    from studio.ui.editors.form import FieldForm
    form = FieldForm(doc, "static", "Colours", ["lip_colour", "glasses"])
    lip = form.widgets["lip_colour"]
    assert lip.none_box.isChecked()                  # '' = as in the photo
    lip.none_box.setChecked(False)
    assert doc.profile.static.lip_colour.startswith("#")
    lip.none_box.setChecked(True)
    assert doc.profile.static.lip_colour == ""
    form.widgets["glasses"].combo.setCurrentIndex(form.widgets["glasses"].combo.findData("round"))
    assert doc.profile.static.glasses == "round"


def test_typing_merges_into_one_undo_step(doc):
    from PySide6.QtTest import QTest
    from studio.ui.editors.form import FieldForm
    form = FieldForm(doc, "internal", "Identity", ["name"])
    box = form.widgets["name"].box
    box.clear()
    QTest.keyClicks(box, "Nova")
    assert doc.profile.internal.name == "Nova"
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert box.text() == "My Avatar"


def test_autosave_and_recovery(doc, tmp_path):
    from studio.profile.project import find_autosaves
    from studio.ui.document import Document
    assert doc.autosave() is None                     # nothing unsaved, nothing written
    doc.set_field("internal", "name", "Unsaved work")
    path = doc.autosave()
    assert path is not None and path.exists()
    found = [a for a in find_autosaves() if a.path == path]
    assert found and found[0].newer_than_original
    recovered = Document()
    recovered.open(path)
    assert recovered.profile.internal.name == "Unsaved work"
    doc.save(tmp_path / "saved.dhc")                  # saving removes the recovery copy
    assert not path.exists()


def test_korean_translation_switches_the_window(qapp, monkeypatch):
    from studio.ui import i18n
    from studio.ui.main_window import MainWindow
    assert i18n.install(qapp, "ko")
    try:
        window = MainWindow(preview_size=128)
        assert window.act_speak.text() == "말하기"
        assert window.tabs.tabText(0) == "외모"
        from studio.ui.editors.fields import NumberField
        label = window.tabs.widget(0).findChild(NumberField, "static.eye_size")
        assert label is not None
        window.session.shutdown()
        window.deleteLater()
    finally:
        i18n.install(qapp, "en")
    assert i18n.tr("Speak") == "Speak"


def test_ts_loader_reads_the_source_file(qapp):
    from studio.ui.i18n import HERE, TsTranslator
    t = TsTranslator(HERE / "studio_ko.ts")
    assert t.translate("studio", "Appearance") == "외모"
    assert t.translate("studio", "not a UI string") == ""


def test_user_error_shows_its_message_and_bugs_are_logged(qapp, caplog):
    from studio.errors import UserError
    from studio.ui import crash
    crash.install(auto_close_ms=30)
    crash.reporter().shown.clear()
    crash.show_error(UserError("no face found in photo.png: use a photo with one clear face"))
    qapp.processEvents()
    assert crash.reporter().shown == ["No face found in photo.png: use a photo with one clear face"]
    with caplog.at_level(logging.ERROR, logger="studio.ui"):
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
    qapp.processEvents()
    assert "ZeroDivisionError" in caplog.text and "Traceback" in caplog.text
    assert "boom" in crash.reporter().shown[-1] and "log" in crash.reporter().shown[-1]
    crash.reporter().shown.clear()
    crash.uninstall()


def test_startup_probe_reports_a_visible_window(tmp_path):
    """The benchmark's probe really starts the app and sees its window (time not asserted)."""
    from studio.bench.startup import time_to_visible
    seconds = time_to_visible({"AVATAR_STUDIO_CONFIG_DIR": str(tmp_path / "c"),
                               "AVATAR_STUDIO_DATA_DIR": str(tmp_path / "d"),
                               "AVATAR_STUDIO_LOG_DIR": str(tmp_path / "l")})
    assert seconds > 0


def test_language_picker_stores_the_code(doc):
    from studio.ui.editors.fields import LanguageField
    from studio.ui.editors.form import FieldForm
    form = FieldForm(doc, "internal", "Identity", ["language"], widgets={"language": LanguageField})
    combo = form.widgets["language"].combo
    combo.setCurrentIndex(combo.findData("ko"))
    assert doc.profile.internal.language == "ko"
    doc.undo_stack.undo()
    assert combo.currentData() == "en"
