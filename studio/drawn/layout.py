"""The drawn character's layout in its 1000-unit square (shared by the renderer and the
gesture track; no drawing library here)."""
from __future__ import annotations

UNIT = 1000.0
HX, HY = 500.0, 380.0          # head centre
RX, RY, RZ = 165.0, 205.0, 170.0
NECK_Y = HY + 190.0            # roll pivot
BUILD_SHOULDER = {"slim": 270.0, "average": 310.0, "broad": 355.0}
