"""Batch benchmark: 20 short personalized rows (budget: the batch on two cores finishes at
≥ 1.6× the speed of making the videos one by one).

Real parts: the sample photo, a jobs file of 20 text rows (about 1.5 s of speech each,
256×256 at 25 frames/s), the same `run_batch` as `avatar-studio batch`. Three figures:

- one by one as a user without the batch would: a `say` command per row, one after another;
- `--workers 1`: the rows in this process, one at a time;
- `--workers N` (the cores): a process pool, its start-up (interpreter, imports, the avatar)
  inside the figure.

Where the system says how busy its cores were (Linux), each batch figure carries the cores
it kept busy on average: one worker already uses more than one core (H.264 on its own thread,
OpenCV's threads), which bounds what a pool can add on a 2-core machine.
`size` is not used (the rows are the budget's); `seconds` below 5 makes one quick run.
"""
from __future__ import annotations

import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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


def busy_seconds() -> float | None:
    """CPU-seconds the whole machine has spent busy so far (Linux), else None."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            ticks = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")   # minus idle, iowait


def _timed(action) -> tuple[float, float | None]:
    """(wall seconds, cores kept busy on average or None) of action()."""
    b0, t0 = busy_seconds(), time.perf_counter()
    action()
    wall = time.perf_counter() - t0
    b1 = busy_seconds()
    return wall, (None if b0 is None or b1 is None else (b1 - b0) / wall)


def _run(jobs: Path, folder: Path, workers: int) -> tuple[float, float | None]:
    import io
    from studio.export import batch
    from studio.export.batch import run_batch
    batch._AVATARS.clear()                # one worker here builds its avatar each run, as pools do

    def go():
        report = run_batch(jobs, folder, workers=workers, stream=io.StringIO())
        failed = [r for r in report.results if r.status != "done"]
        if failed:
            raise RuntimeError(f"batch bench: line {failed[0].line} {failed[0].status}: "
                               f"{failed[0].error}")
    return _timed(go)


def _one_by_one(jobs: Path, folder: Path) -> float:
    """Seconds to make every row with its own `say` command, one after another."""
    folder.mkdir()
    with open(jobs, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    env = dict(os.environ, AVATAR_STUDIO_LOG_DIR=str(folder / "logs"))
    t0 = time.perf_counter()
    for row in rows:
        subprocess.run([sys.executable, "-m", "studio.cli", "say", "--photo",
                        str(jobs.parent / row["photo"]), "--text", row["text"], "--lang", row["lang"],
                        "--size", row["size"], "--fps", row["fps"],
                        "-o", str(folder / row["output"].format(**row))],
                       env=env, capture_output=True, check=True)
    return time.perf_counter() - t0


def _cores(values) -> str:
    known = [v for v in values if v is not None]
    return f", {statistics.median(known):.2f} cores busy" if known else ""


def figures(size: int, seconds: float) -> Iterator[str]:
    from studio.export.batch import default_workers
    workers = max(2, default_workers())
    runs = 3 if seconds >= 5 else 1               # alternated, so a busy moment hits both
    ones, manys = [], []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        jobs = _jobs_file(base)
        for k in range(runs):
            ones.append(_run(jobs, base / f"one{k}", 1))
            manys.append(_run(jobs, base / f"many{k}", workers))
        separate = _one_by_one(jobs, base / "separate")
    n = len(NAMES)
    one = statistics.median(w for w, _ in ones)
    many = statistics.median(w for w, _ in manys)
    yield (f"batch {n} rows 256x256@25 (median of {runs}): {n} say commands one by one "
           f"{separate:.1f} s, --workers 1 {one:.1f} s{_cores(c for _, c in ones)}, "
           f"--workers {workers} {many:.1f} s{_cores(c for _, c in manys)} "
           f"({60 * n / many:.0f} videos/min)")
    for label, base_s in (("one by one", separate), ("--workers 1", one)):
        speedup = base_s / many
        yield (f"batch speed-up over {label}: {speedup:.2f}x — budget >= {BUDGET_SPEEDUP:g}x: "
               f"{speedup / BUDGET_SPEEDUP:.2f}x")
