"""The video export choices are defined once (`studio.export.choices`) and every caller offers
exactly those: the CLI's --fps / --format / --subtitles, the exporter's own checks."""
from __future__ import annotations

import argparse
import subprocess
import sys

from studio.cli import build_parser
from studio.export import choices


def _options(parser: argparse.ArgumentParser, command: str) -> dict[str, tuple]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {o: tuple(a.choices) for a in sub.choices[command]._actions if a.choices
            for o in a.option_strings}


def test_cli_offers_the_one_set_of_choices():
    parser = build_parser()
    for command in ("say", "drive", "chat"):
        assert _options(parser, command)["--fps"] == choices.FPS_CHOICES, command
    for command in ("say", "chat"):
        assert _options(parser, command)["--format"] == choices.VIDEO_FORMATS, command
    assert set(_options(parser, "say")["--subtitles"]) == set(choices.SUBTITLE_MODES) - {"none"}


def test_the_exporter_checks_against_the_same_choices():
    from studio.export import video
    assert video.FPS_CHOICES is choices.FPS_CHOICES
    assert video.VIDEO_FORMATS is choices.VIDEO_FORMATS
    assert video.SUBTITLE_MODES is choices.SUBTITLE_MODES


def test_choices_stay_light_to_import():
    """Command modules import them while the parser is built: no numpy, no PyAV, no Qt."""
    code = ("import sys, studio.export.choices; "
            "print(sorted(m for m in ('numpy', 'av', 'PySide6') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
