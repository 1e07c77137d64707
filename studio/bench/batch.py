"""Batch benchmark: 20 short personalized rows, one worker against two
(budget: two workers finish at ≥ 1.6× the speed of one on a 2-core machine).

Real parts: the sample photo, a jobs file of 20 text rows (about 1.5 s of speech each,
256×256 at 25 frames/s), the same `run_batch` as `avatar-studio batch`. One worker renders in
this process; two or more are a process pool, so their start-up (interpreter, imports, the
avatar) is inside the figure. `size` and `seconds` are not used: the rows are the budget's.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterator

BUDGET_SPEEDUP = 1.6
NAMES = ("Anna", "Bob", "Carl", "Dana", "Eve", "Finn", "Gus", "Hana", "Ivan", "Jun",
         "Kim", "Lea", "Mia", "Nils", "Olga", "Paul", "Quinn", "Rosa", "Sam", "Tara")


def _jobs_file(folder: Path) -> Path:
    from studio.sample import sample_photo_path
    shutil.copy(sample_photo_path(), folder / "face.png")
    rows = ["photo,text,lang,name,size,fps,output"]
    rows += [f"face.png,Hello {name}! See you soon.,en,{name},256,25,hello-{name}.mp4"
             for name in NAMES]
    path = folder / "jobs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _run(jobs: Path, folder: Path, workers: int) -> float:
    import io
    from studio.export.batch import run_batch
    report = run_batch(jobs, folder, workers=workers, stream=io.StringIO())   # no progress lines
    failed = [r for r in report.results if r.status != "done"]
    if failed:
        raise RuntimeError(f"batch bench: line {failed[0].line} {failed[0].status}: {failed[0].error}")
    return report.seconds


def figures(size: int, seconds: float) -> Iterator[str]:
    from studio.export.batch import default_workers
    workers = max(2, default_workers())
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        jobs = _jobs_file(base)
        one = _run(jobs, base / "one", 1)
        many = _run(jobs, base / "many", workers)
    n = len(NAMES)
    speedup = one / many
    yield (f"batch {n} rows 256x256@25: 1 worker {one:.1f} s ({60 * n / one:.0f} videos/min), "
           f"{workers} workers {many:.1f} s ({60 * n / many:.0f} videos/min) — "
           f"speed-up {speedup:.2f}x, budget >= {BUDGET_SPEEDUP:g}x: {speedup / BUDGET_SPEEDUP:.2f}x")
