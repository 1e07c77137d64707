"""`avatar-studio bench --only say` times the whole command in a fresh process and reads the
video's length back from the file it made (the figure is a ratio; no time is asserted)."""
from __future__ import annotations

import re

from studio.bench import say


def test_the_say_figure_is_measured_on_a_real_video():
    lines = list(say.figures(512, 1.0))
    assert len(lines) == 1
    m = re.match(r"say whole command, ([\d.]+) s of speech at 512x512@30: ([\d.]+) s wall "
                 r".*budget >= 3x: [\d.]+x$", lines[0])
    assert m, lines[0]
    assert 5.0 < float(m.group(1)) < 12.0 and float(m.group(2)) > 0
