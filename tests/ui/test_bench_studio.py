"""The studio benchmark reports what the budget sheet needs: frames/s painted and the longest
event-loop gap while idling and speaking. The figures are reported, never asserted: a timing
budget in a test flakes on a busy machine; `avatar-studio bench --only studio` is where they
are read."""
from __future__ import annotations

import re


def test_studio_benchmark_reports_frames_and_the_longest_event_loop_gap():
    from studio.bench.studio import figures
    lines = list(figures(96, 3.0))
    text = "\n".join(lines)
    assert re.search(r"studio preview 96x96 \(rendered in a helper process\): [\d.]+ frames/s "
                     r"painted, event-loop gap max \d+ ms "
                     r"\(p99 \d+ ms; \d+ ms without time the OS gave other processes\)", text), text
    assert "budget ≥60 frames/s" in text and "stall ≤50 ms" in text
