"""`avatar-studio chat`: one turn per --message, stdin loop, --save round trip, --say video,
and bad input answered with one line on stderr."""
from __future__ import annotations

import io
import sys

import av
import numpy as np
import pytest

from studio.cli import main
from studio.profile.model import replace_in
from studio.profile.project import load_project, save_project

from .test_memory_knowledge import NOTES


@pytest.fixture
def project_path(tmp_path):
    from studio.sample import sample_project
    project = sample_project()
    project.profile = replace_in(project.profile, "internal", name="Sora", memory_enabled=True,
                                 knowledge_notes=NOTES, emoji_use=0.0, verbosity=0.5)
    path = tmp_path / "me.dhc"
    save_project(project, path)
    return path


def _run(capsys, *argv):
    rc = main(["chat", *map(str, argv)])
    out, err = capsys.readouterr()
    return rc, out.splitlines(), err


def test_one_turn_per_message(project_path, capsys):
    rc, out, err = _run(capsys, project_path, "--message", "When does the museum open?",
                        "-m", "입장료가 얼마예요?")
    assert rc == 0, err
    assert out == ["Sora: The museum opens at 9 am and closes at 6 pm.",
                   "Sora: 입장료는 성인 5000원이고 어린이는 무료예요."]


def test_save_writes_memories_back_and_they_are_recalled(project_path, capsys):
    before = project_path.read_bytes()
    rc, out, _ = _run(capsys, project_path, "-m", "My name is Minji", "-m", "I love hiking")
    assert rc == 0 and project_path.read_bytes() == before           # no --save: untouched
    rc, out, err = _run(capsys, project_path, "-m", "My name is Minji", "-m", "저는 등산을 좋아해요", "--save")
    assert rc == 0 and "saved 2 memories" in err
    assert load_project(project_path).profile.internal.memories == ("name: Minji", "likes: 등산")
    rc, out, _ = _run(capsys, project_path, "-m", "What's my name?", "-m", "뭘 좋아한다고 했지?")
    assert out == ["Sora: Your name is Minji.", "Sora: 등산을 좋아한다고 했어요."]


def test_save_with_memory_off_keeps_the_file(project_path, capsys):
    project = load_project(project_path)
    project.profile = replace_in(project.profile, "internal", memory_enabled=False)
    save_project(project, project_path)
    before = project_path.read_bytes()
    rc, out, err = _run(capsys, project_path, "-m", "My name is Minji", "--save")
    assert rc == 0 and "memory is turned off" in out[0] and "unchanged" in err
    assert project_path.read_bytes() == before


def test_interactive_loop_reads_stdin_until_end(project_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Hello\n\nWho are you?\nBye\n"))
    rc, out, err = _run(capsys, project_path)
    assert rc == 0, err
    assert len(out) == 3 and out[0].startswith("Sora: Hello") and "Sora" in out[1][6:]
    assert out[2].startswith("Sora: Thank you for talking")


@pytest.mark.parametrize("argv, message", [
    (["-m", "   "], "empty"),
    (["--photo", "missing.png", "-m", "hi"], "not found"),
    (["-m", "hi", "--say"], "-o"),
    (["-m", "hi", "-o", "x.mp4"], "--say"),
    (["-m", "hi", "--say", "-o", "x.avi"], "format"),
])
def test_bad_input_is_one_line_on_stderr(project_path, capsys, argv, message):
    project = [] if "--photo" in argv else [project_path]
    rc, out, err = _run(capsys, *project, *argv)
    assert rc != 0 and err.count("\n") == 1 and message in err and err.startswith("avatar-studio chat:")


def test_save_needs_a_project(astronaut_png, capsys):
    rc, _, err = _run(capsys, "--photo", astronaut_png, "-m", "hi", "--save")
    assert rc != 0 and "needs a project" in err and err.count("\n") == 1


def test_performance_follows_the_emotion_of_the_reply(project_path):
    """The spoken reply carries the turn's expression and its emotion (face and voice)."""
    from studio.motion.perform import from_turn
    from studio.persona.dialogue import Conversation
    profile = load_project(project_path).profile
    results = {}
    for mood, message in (("happy", "I won the prize, I'm so happy!"), ("sad", "My cat died. I am so sad.")):
        c = Conversation(profile)
        turn = c.reply(message)
        results[mood] = (turn, *from_turn(profile, turn, c.internal_now()))
    (hturn, happy, hspeech), (sturn, sad, sspeech) = results["happy"], results["sad"]
    assert hturn.expression in ("happy", "laugh") and sturn.expression == "sad"
    smile = lambda p: p.expression.get("mouthSmileLeft", 0) + p.emotion.get("mouthSmileLeft", 0)  # noqa: E731
    frown = lambda p: p.expression.get("mouthFrownLeft", 0) + p.emotion.get("mouthFrownLeft", 0)  # noqa: E731
    assert smile(happy) > smile(sad) + 0.3 and frown(sad) > frown(happy) + 0.3
    assert happy.duration > 0.5 and len(happy.audio) > 0 and hspeech.language.startswith("en")


def test_say_speaks_the_last_reply_into_a_video(project_path, tmp_path, capsys):
    out = tmp_path / "reply.mp4"
    rc, lines, err = _run(capsys, project_path, "-m", "Hello", "-m", "Thank you so much!",
                          "--say", "-o", out, "--size", "128")
    assert rc == 0, err
    assert lines[-1] == str(out) and lines[-2].startswith("Sora: You are welcome")
    with av.open(str(out)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(v)]
    with av.open(str(out)) as c:
        audio = np.concatenate([f.to_ndarray().reshape(-1) for f in c.decode(audio=0)])
    assert frames[0].shape == (128, 128, 3) and len(frames) > 30          # > 1 s of speech
    assert np.abs(audio).max() > 0.05                                    # the voice is there
    assert np.abs(frames[len(frames) // 2].astype(int) - frames[0].astype(int)).mean() > 0.5   # it moves
