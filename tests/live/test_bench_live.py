"""The live benchmark runs end to end and reports every figure (no wall-time assertions)."""
from __future__ import annotations

import math
import re


def test_live_benchmark_reports_its_figures():
    from studio.bench.live import figures
    lines = list(figures(128, 0.6))
    heads = [l.split(" ")[0:2] for l in lines if not l.startswith("live memory")]
    assert heads == [["live", "webcam→frame"], ["live", "camera→served"], ["live", "tracking+render"],
                     ["live", "performance"], ["warp", "128x128:"]]
    median = float(re.search(r"median ([\d.na]+) ms", lines[0]).group(1))
    assert math.isfinite(median) and median > 0          # camera frames were tracked and rendered
    served = float(re.search(r"([\d.]+) frames/s served", lines[1]).group(1))
    assert served > 0                                     # frames reached the loopback viewer
    tracked = float(re.search(r"([\d.]+) camera frames/s tracked", lines[2]).group(1))
    assert tracked > 0
    assert any("dropped" in l and "clock:" in l for l in lines)
