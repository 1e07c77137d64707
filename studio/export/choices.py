"""The video export choices, defined once: formats, frame rates, subtitle modes.

The CLI (`say`, `drive`, `chat --say`), the GUI's video dialog and `video.export_video`'s own
checks all read these tuples. Standard library only, on purpose: command modules import it while
the argument parser is built, before anything heavy loads (`--help` and the studio start fast).
"""
from __future__ import annotations

VIDEO_FORMATS = ("mp4", "webm", "mov")
FPS_CHOICES = (24, 25, 30, 60)
SUBTITLE_MODES = ("none", "srt", "vtt", "burn")
