"""The render benchmark runs and reports what the budget sheet needs (no timing asserted)."""
from __future__ import annotations

import re


def test_render_benchmark_reports_fps_latency_and_stages(monkeypatch, engine):
    import studio.bench.render as bench
    monkeypatch.setattr(bench, "_engine", lambda: engine)
    lines = list(bench.figures(256, 0.6))
    text = "\n".join(lines)
    for size in (256, 512, 1024):
        assert re.search(rf"render {size}x{size}: [\d.]+ frames/s \(p50 [\d.]+ ms, p99 [\d.]+ ms\)",
                         text), text
    assert "budget ≥60" in text and "budget ≥30" in text
    for stage in ("geometry", "warp", "mouth", "composite"):
        assert stage in text
