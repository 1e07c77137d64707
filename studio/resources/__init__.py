"""The program's own data files, shipped as package data beside the code (resources/README.md
says what lives where)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
# NanumSquareRound Bold (SIL Open Font License, fonts/OFL.txt): Hangul and Latin for captions,
# subtitles and the Korean UI where the system has no Korean font.
KOREAN_FONT = ROOT / "fonts" / "NanumSquareRoundB.ttf"
