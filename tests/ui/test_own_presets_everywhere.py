"""Issue 12: the user's own named presets wherever a built-in preset can be chosen — hotkeys
(saved in the project, edited in Preview ▸ Hotkeys…, undoable) and the chat's faces (the
rule-based and the language-model chat), and nothing left naming a deleted one."""
from __future__ import annotations

import dataclasses

import pytest

from studio.errors import UserError
from studio.profile.model import DigitalHuman
from studio.runtime.hotkeys import (ASSET, Binding, ExpressionMixer, Hotkeys, load_hotkeys,
                                    store_hotkeys)
from tests.ui.conftest import wait_until

GRIN = {"mouthSmileLeft": 1.0, "mouthSmileRight": 0.2, "cheekPuff": 0.8}


def _with(profile: DigitalHuman, **dynamic) -> DigitalHuman:
    return dataclasses.replace(profile, dynamic=dataclasses.replace(profile.dynamic, **dynamic))


class _Timer:
    t = 50.0

    def __call__(self):
        return self.t


# ---- hotkeys, Qt-free ------------------------------------------------------------------------------
def test_a_key_plays_an_own_preset_saved_in_the_project(tmp_path):
    from studio.profile.project import Project, load_project, save_project
    project = Project(profile=_with(DigitalHuman(), user_presets={"My Grin": GRIN}))
    keys = Hotkeys((Binding("4", "preset", " My Grin ", "toggle", 0.5, 0.0),
                    Binding("5", "preset", "Wink")), {"My Grin": GRIN})
    assert keys.find("4").preset == "My Grin" and keys.find("5").preset == "wink"
    store_hotkeys(project, keys)
    save_project(project, tmp_path / "own.dhc")
    loaded = load_hotkeys(load_project(tmp_path / "own.dhc"))
    assert loaded == keys
    timer = _Timer()
    mixer = ExpressionMixer(loaded, timer=timer)
    assert mixer.trigger("4") == "My Grin on"
    pose = mixer({}, 0.0)
    assert pose["cheekPuff"] == pytest.approx(0.4) and pose["mouthSmileRight"] == pytest.approx(0.1)
    # an own preset's name is exact; one the project does not have is refused, naming the known
    with pytest.raises(UserError, match="My Grin"):
        Hotkeys((Binding("4", "preset", "my grin"),), {"My Grin": GRIN})
    with pytest.raises(UserError, match="unknown expression"):
        load_hotkeys(Project(assets=dict(project.assets)))        # a project without the preset


def test_default_keys_follow_the_projects_own_presets():
    from studio.profile.project import Project
    keys = load_hotkeys(Project(profile=_with(DigitalHuman(), user_presets={"mine": GRIN})))
    assert keys.bindings == Hotkeys.default().bindings and keys.own == {"mine": GRIN}
    assert keys.without_preset("mine").own == {}


# ---- the chat's faces ------------------------------------------------------------------------------
def test_every_face_the_chat_can_pick_can_be_replaced():
    from studio.persona.emotion_state import _PRESET, CHAT_FACES
    from studio.persona.session import EMOTIONS
    picked = set(_PRESET.values()) | {p for p, _, _ in EMOTIONS.values()} | {"thinking"}
    assert picked - {"neutral"} == set(CHAT_FACES)


def _happy_profile(**faces) -> DigitalHuman:
    p = DigitalHuman()
    p = dataclasses.replace(p, internal=dataclasses.replace(p.internal, valence=0.8, arousal=0.0))
    return _with(p, user_presets={"big grin": GRIN}, chat_faces=faces)


def test_the_chat_shows_the_users_own_face_and_the_performance_plays_it():
    from studio.motion.performance import build_performance
    from studio.persona.dialogue import Conversation
    assert Conversation(_happy_profile()).greeting().expression == "happy"
    turn = Conversation(_happy_profile(happy="big grin")).greeting()
    assert turn.expression == "big grin" and turn.intensity > 0
    perf = build_performance(_happy_profile(happy="big grin"), expression=turn.expression,
                             intensity=turn.intensity)
    assert perf.expression["cheekPuff"] == pytest.approx(0.8 * turn.intensity)
    # another built-in face works too; a face naming a preset that is gone is the chat's own
    assert Conversation(_happy_profile(happy="love")).greeting().expression == "love"
    gone = _with(_happy_profile(happy="big grin"), user_presets={})
    assert Conversation(gone).greeting().expression == "happy"


def test_the_language_model_chat_shows_the_users_face_too():
    from studio.persona.llm import LLMConfig
    from studio.persona.session import ChatSession
    from tests.persona.llm_server import ScriptedServer
    server = ScriptedServer()
    try:
        server.script = ["[emotion=sad intensity=0.9] I am sorry. I am here."]
        profile = _with(_happy_profile(), chat_faces={"sad": "big grin"})
        sentences = []
        reply = ChatSession(profile, llm=LLMConfig(server.url, "tiny")).reply(
            "My cat is sick.", on_sentence=sentences.append)
    finally:
        server.stop()
    assert reply.source == "llm" and reply.emotion == "sad"
    assert [s.expression for s in sentences] == ["big grin", "big grin"]
    assert reply.turn.expression == "big grin"


def test_chat_faces_are_saved_and_checked(tmp_path):
    from studio.profile.codec import validate
    from studio.profile.project import Project, load_project, save_project
    profile = _happy_profile(happy="big grin", sad="love")
    save_project(Project(profile=profile), tmp_path / "faces.dhc")
    assert load_project(tmp_path / "faces.dhc").profile.dynamic.chat_faces == {
        "happy": "big grin", "sad": "love"}
    assert not validate(profile)
    # shape only: the profile sits below the rig, so a face name the chat never picks is
    # stored (and never looked up), as an unknown expression name is
    for bad in ({"": "happy"}, {"happy": ""}, {"happy": "x" * 41}, {"happy": 3}, [1]):
        assert any("chat face" in p for p in validate(_with(profile, chat_faces=bad))), bad


# ---- the studio: Preview ▸ Hotkeys…, the chat faces, deleting an own preset ------------------------
def _own_preset(studio, name="big grin"):
    from studio.ui.editors.pose import PoseEditor
    editor = studio.findChild(PoseEditor)
    editor.set_param("cheekPuff", 0.9)
    editor.save_preset(name)                       # saving chooses it: back to neutral
    studio.doc.set_field("dynamic", "expression", "neutral")


def test_hotkeys_dialog_binds_an_own_preset_undoably_and_the_key_plays_it(qapp, studio):
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from studio.ui.hotkeys_dialog import HotkeysDialog
    doc, start = studio.doc, studio.doc.undo_stack.index()
    _own_preset(studio)
    try:
        dialog = HotkeysDialog(doc, studio)
        preset, mode, intensity = dialog.rows["3"]
        assert preset.findData("big grin") > 0 and preset.findData("happy") > 0
        assert preset.currentData() == Hotkeys.default().find("3").preset
        preset.setCurrentIndex(preset.findData("big grin"))
        mode.setCurrentIndex(mode.findData("hold"))
        intensity.setValue(50)
        dialog.rows["9"][0].setCurrentIndex(0)              # (none): key 9 unbound
        steps = doc.undo_stack.index()
        dialog.accept()
        assert doc.undo_stack.index() == steps + 1 and ASSET in doc.assets
        keys = load_hotkeys(doc)
        assert keys.find("3") == Binding("3", "preset", "big grin", "hold", 0.5, 0.25)
        assert keys.find("9") is None and keys.find("t").action == "talking" and keys.find("m")
        # the key plays the own preset in the preview while held
        press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_3, Qt.KeyboardModifier.NoModifier, "3")
        studio.keyPressEvent(press)

        def puff():
            frame = studio.session.newest
            return 0.0 if frame is None else frame.pose.get("cheekPuff", 0.0)
        wait_until(qapp, lambda: puff() > 0.4, 20, "the own preset on key 3")
        studio.keyReleaseEvent(QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_3,
                                         Qt.KeyboardModifier.NoModifier, "3"))
        wait_until(qapp, lambda: puff() < 0.3, 20, "key 3 released")
        # the dialog shows what is saved; undo brings the defaults back
        again = HotkeysDialog(doc, studio)
        assert again.rows["3"][0].currentData() == "big grin" and again.rows["3"][2].value() == 50
        again.reject()
        studio.act_undo.trigger()
        assert ASSET not in doc.assets and load_hotkeys(doc).find("3").preset == "angry"
        studio.act_redo.trigger()
        assert load_hotkeys(doc).find("3").preset == "big grin"
        # deleting the preset unbinds its key in the same step; undo binds it again
        from studio.ui.editors.pose import delete_own_preset
        delete_own_preset(doc, "big grin")
        assert load_hotkeys(doc).find("3") is None and "big grin" not in doc.profile.dynamic.user_presets
        studio.act_undo.trigger()
        assert load_hotkeys(doc).find("3").preset == "big grin"
    finally:
        while doc.undo_stack.index() > start:
            studio.act_undo.trigger()
    assert ASSET not in doc.assets and doc.profile.dynamic.user_presets == {}


def test_hotkeys_are_in_the_preview_menu(studio):
    from PySide6.QtGui import QAction
    act = studio.findChild(QAction, "action.hotkeys")
    assert act is not None and act.toolTip()
    assert act in studio.menuBar().actions()[2].menu().actions()


def test_chat_faces_offer_own_presets_and_are_undoable(qapp, studio):
    from PySide6.QtWidgets import QComboBox
    from studio.ui.editors.personality import ChatFaces
    doc, start = studio.doc, studio.doc.undo_stack.index()
    faces = studio.findChild(ChatFaces)
    assert faces is not None and set(faces.combos) >= {"happy", "sad", "thinking"}
    _own_preset(studio)
    try:
        combo = studio.findChild(QComboBox, "chat_faces.happy")
        assert combo.findData("big grin") > 0 and combo.currentData() == ""
        combo.setCurrentIndex(combo.findData("big grin"))
        combo.activated.emit(combo.currentIndex())
        assert doc.profile.dynamic.chat_faces == {"happy": "big grin"}
        from studio.persona.emotion_state import chat_face
        assert chat_face(doc.profile, "happy") == "big grin"
        from studio.ui.editors.pose import delete_own_preset
        delete_own_preset(doc, "big grin")           # the chat shows its own face again
        assert doc.profile.dynamic.chat_faces == {} and combo.currentData() == ""
        studio.act_undo.trigger()
        assert combo.currentData() == "big grin"
        studio.act_undo.trigger()
        assert doc.profile.dynamic.chat_faces == {} and combo.currentData() == ""
    finally:
        while doc.undo_stack.index() > start:
            studio.act_undo.trigger()
    assert doc.profile.dynamic.user_presets == {}
