"""A new avatar from a photo tells the user what the intake found in it (the same report the
command line's `new` prints), in the status bar."""
from __future__ import annotations


def test_new_avatar_shows_the_intake_report(studio):
    note = studio.status_note.text()
    assert note.startswith("photo: face "), note
    assert "px wide in 512×512" in note and "facing the camera" in note
    assert "smiling" in note                      # the astronaut smiles; kept as photographed
    assert "photo: face" in studio.status_note.toolTip()


def test_the_command_line_prints_the_same_report(astronaut_png, tmp_path, capsys):
    from studio.cli import main
    assert main(["new", "--photo", str(astronaut_png), "-o", str(tmp_path / "a.dhc")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("photo: face ") and "smiling" in out
