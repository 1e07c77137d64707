"""Batch videos: one row of a jobs file (CSV or JSON Lines) → one talking video (docs/BATCH.md).

    plan(jobs_file, folder)     read and validate every row first: Jobs to run, Invalid rows
                                (with their line numbers); nothing is rendered yet
    run_batch(...)              skip what the manifest says is finished, render the rest in a
                                process pool (or on Ray, `batch_ray`), record each finished
                                output in the manifest at once, write the summary CSV

Every video goes through `studio.export.talk.export_talk`, the path `avatar-studio say` takes,
so a row gives the same file as the same `say` command. A worker builds each avatar once
(`_avatar`, keyed by the avatar file's hash) and reuses it for every row that names it.

Resuming: `FOLDER/.batch-manifest.json` maps each output to the hash of its row (the row's
settings plus the content of every file it names) and the sha256 of the file written. A rerun
skips a row whose output still exists with that sha256 and whose row hash is unchanged; an
edited row (or an edited photo, audio, music file) renders again. Outputs are atomic
(`export.atomic`), and the manifest is rewritten (atomically) after every finished row, so a
batch killed mid-way loses at most the rows in flight; one row's failure never touches another.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import logging
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from studio.errors import Cancelled, UserError
from studio.export.talk import SUBTITLES, TalkRequest, check_request

MANIFEST = ".batch-manifest.json"
SUMMARY = "batch-summary.csv"
COLUMNS = ("project", "photo", "text", "audio", "lang", "expression", "size", "fps",
           "background", "subtitles", "music", "output")
PATH_COLUMNS = ("project", "photo", "audio", "music")
MAX_ROWS = 100_000
# characters a file name may not hold on some system (Windows' reserved ones, controls)
_UNSAFE = re.compile(r'[<>:"|?*\x00-\x1f\\/]')

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One valid row. `output` is relative to the batch folder (POSIX separators); the paths
    in `request` and `project`/`photo` are absolute; `files` are the input files the row
    names (avatar first) — shipped to Ray workers — and `row_hash` identifies the row's
    content (settings and files) for resuming."""
    line: int
    output: str
    project: str | None
    photo: str | None
    request: TalkRequest
    row_hash: str
    files: tuple[str, ...] = ()

    @property
    def avatar(self) -> str:
        return self.project or self.photo or ""


@dataclass(frozen=True)
class Invalid:
    line: int
    message: str
    output: str = ""


@dataclass(frozen=True)
class Result:
    """What became of one row: status done | skipped | failed | invalid."""
    line: int
    output: str
    status: str
    seconds: float = 0.0
    sha256: str = ""
    error: str = ""


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0
    summary: Path | None = None

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def ok(self) -> bool:
        return all(r.status in ("done", "skipped") for r in self.results)


# --- reading and validating -------------------------------------------------------------------
def read_rows(path: str | os.PathLike) -> list[tuple[int, dict | str]]:
    """(line number, row) for every row of a CSV (header line first) or JSON Lines file; a row
    that cannot be read at all is its error message instead of a dict."""
    path = Path(path)
    if not os.path.isfile(path):
        raise UserError(f"jobs file {path} not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path.name} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    rows: list[tuple[int, dict | str]] = []
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                rows.append((n, f"not valid JSON ({exc.msg})"))
                continue
            rows.append((n, row if isinstance(row, dict) else "a JSON object {…} is needed"))
    elif path.suffix.lower() in (".csv", ".tsv", ".txt"):
        reader = csv.reader(io.StringIO(text, newline=""),
                            delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        header = None
        for cells in reader:
            if header is None:
                if not any(c.strip() for c in cells):
                    continue
                header = [c.strip().lower() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            n = reader.line_num
            if len(cells) > len(header):
                rows.append((n, f"{len(cells)} cells but the header has {len(header)} columns"))
                continue
            rows.append((n, dict(zip(header, cells))))
        if header is None:
            raise UserError(f"{path.name} is empty; the first line names the columns "
                            "(project or photo, text or audio, lang, …)")
    else:
        raise UserError(f"cannot tell what {path.name} holds; name it .csv or .jsonl")
    if len(rows) > MAX_ROWS:
        raise UserError(f"{path.name} has {len(rows):,} rows; the limit is {MAX_ROWS:,} — split it")
    return rows


class _Fields(dict):
    def __missing__(self, key):
        raise KeyError(key)


def _cell(row: dict, name: str) -> str | None:
    v = row.get(name)
    if v is None:
        return None
    v = str(v).strip() if not isinstance(v, str) else v.strip()
    return v or None


def _output_name(row: dict, line: int) -> str:
    template = _cell(row, "output") or "video-{line:04d}.mp4"
    values = _Fields({str(k).strip().lower(): _UNSAFE.sub("_", str(v).strip())
                      for k, v in row.items() if k is not None})
    values["line"] = line
    try:
        name = template.format_map(values)
    except KeyError as exc:
        raise UserError(f"output {template!r} names the column {{{exc.args[0]}}}, "
                        "which the row does not have") from None
    except (ValueError, IndexError, AttributeError) as exc:
        raise UserError(f"output {template!r} is not a valid name pattern ({exc})") from None
    parts = Path(name.replace("\\", "/")).parts
    if not parts or Path(name).is_absolute() or ".." in parts or name.startswith("/"):
        raise UserError(f"output {name!r} must be a file name inside the output folder")
    name = "/".join(parts)
    if Path(name).suffix.lower() not in (".mp4", ".webm", ".mov"):
        name += ".mp4"
    return name


def _resolve(base: Path, value: str | None) -> str | None:
    if value is None:
        return None
    p = Path(os.path.expanduser(value))
    return str(p if p.is_absolute() else (base / p).resolve())


class _Hashes:
    """sha256 of input files, each read once per plan."""

    def __init__(self):
        self.known: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        if path not in self.known:
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
            self.known[path] = h.hexdigest()
        return self.known[path]


def _job(line: int, row: dict, base: Path, folder: Path, hashes: _Hashes) -> Job:
    row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    c = {name: _cell(row, name) for name in COLUMNS}
    if bool(c["project"]) == bool(c["photo"]):
        raise UserError("give either a project or a photo (one of the two columns)")
    if bool(c["text"]) == bool(c["audio"]):
        raise UserError("give either a text or an audio file (one of the two columns)")
    for name in PATH_COLUMNS:
        c[name] = _resolve(base, c[name])
    avatar = c["project"] or c["photo"]
    if not os.path.isfile(avatar):
        raise UserError(f"{'project' if c['project'] else 'photo'} {avatar} not found")
    background = c["background"]
    if background and not background.startswith("#") and \
            background.lower() not in ("transparent", "blur", "original"):
        background = _resolve(base, background)
    fps = 30
    if c["fps"]:
        try:
            fps = int(float(c["fps"]))
        except ValueError:
            raise UserError(f"fps must be a number (got {c['fps']!r})") from None
    subtitles = tuple(s.strip().lower() for s in re.split(r"[;,+ ]+", c["subtitles"] or "") if s.strip())
    output = _output_name(row, line)
    request = TalkRequest(output=str(folder / output), text=c["text"], audio=c["audio"],
                          lang=c["lang"], expression=c["expression"], size=c["size"] or "512",
                          fps=fps, background=background, music=c["music"], subtitles=subtitles)
    check_request(request)
    files = [avatar] + [p for p in (c["audio"], c["music"], background)
                        if p and os.path.isfile(p)]
    from studio import __version__
    content = {k: v for k, v in dataclasses.asdict(request).items() if k != "output"}
    for name in ("audio", "music", "background"):
        if content.get(name) and os.path.isfile(content[name]):
            content[name] = "sha256:" + hashes(content[name])
    content.update(avatar="sha256:" + hashes(avatar), kind="project" if c["project"] else "photo",
                   output=output, version=__version__)
    row_hash = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return Job(line, output, c["project"], c["photo"], request, row_hash, tuple(files))


def plan(jobs_file: str | os.PathLike, folder: str | os.PathLike) -> tuple[list[Job], list[Invalid]]:
    """Validate every row of `jobs_file`; paths in rows are relative to its folder."""
    jobs_file = Path(jobs_file)
    folder = Path(folder).resolve()
    base = jobs_file.resolve().parent
    hashes = _Hashes()
    jobs, invalid, taken = [], [], {}
    for line, row in read_rows(jobs_file):
        if isinstance(row, str):
            invalid.append(Invalid(line, row))
            continue
        try:
            job = _job(line, row, base, folder, hashes)
        except UserError as exc:
            invalid.append(Invalid(line, str(exc)))
            continue
        except OSError as exc:
            invalid.append(Invalid(line, f"cannot read an input file: {exc.strerror or exc}"))
            continue
        if job.output in taken:
            invalid.append(Invalid(line, f"output {job.output} is also the output of line "
                                         f"{taken[job.output]}", job.output))
            continue
        taken[job.output] = line
        jobs.append(job)
    return jobs, invalid


# --- the manifest -------------------------------------------------------------------------------
def file_sha256(path: str | os.PathLike) -> str:
    return _Hashes()(str(path))


def load_manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return data.get("outputs", {}) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_manifest(folder: Path, outputs: dict) -> None:
    from studio.atomic import write_bytes_atomic
    data = {"version": 1, "outputs": outputs}
    write_bytes_atomic(folder / MANIFEST, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))


def finished(job: Job, folder: Path, manifest: dict) -> str | None:
    """The sha256 of the job's output when it is finished and unchanged, else None."""
    entry = manifest.get(job.output)
    target = folder / job.output
    if not entry or entry.get("row_hash") != job.row_hash or not target.is_file():
        return None
    sha = file_sha256(target)
    return sha if sha == entry.get("sha256") else None


# --- the worker side (a process of the pool, or a Ray worker) ----------------------------------
_AVATARS: dict[str, tuple] = {}


def _avatar(project: str | None, photo: str | None):
    """(profile, engine), built once per worker and avatar (named by its file's bytes)."""
    source = project or photo
    key = f"{source}@{file_sha256(source)}"
    if key not in _AVATARS:
        from studio.export.source import load_avatar
        _AVATARS.clear()              # one avatar at a time: engines hold large textures
        _AVATARS[key] = load_avatar(project, photo)
    return _AVATARS[key]


def render_job(job: Job, request: TalkRequest | None = None,
               project: str | None = None, photo: str | None = None,
               speech=None) -> tuple[str, str]:
    """Render one job (its own request, or `request` with other paths, as on a Ray worker)
    with its `speech` (spoken beforehand, see `_spoken`); returns (status, error): ('done', '')
    or ('failed', one line)."""
    request = request or job.request
    project = project if (project or photo) else job.project
    photo = photo if (project or photo) else job.photo
    try:
        Path(request.output).parent.mkdir(parents=True, exist_ok=True)
        profile, engine = _avatar(project, photo)
        from studio.export.talk import export_talk
        export_talk(profile, engine, request, speech=speech)
        return "done", ""
    except UserError as exc:
        return "failed", str(exc)
    except Exception as exc:   # a bug: keep the traceback in the log, report one line
        log.exception("batch row %d failed", job.line)
        return "failed", f"internal error: {type(exc).__name__}: {exc}"


def _init_worker() -> None:
    """A pool process: its share of the cores is one; its log goes to the user log file."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from studio.render.process_setup import set_up
    set_up()
    from studio.logs import setup_logging
    setup_logging()


def _warm_worker(project: str | None, photo: str | None, size: str) -> None:
    """Build an avatar and draw one frame of it at a row's size (its texture and caches), so
    the worker's first row runs at full speed; a failure here is the row's to report."""
    try:
        _, engine = _avatar(project, photo)
        from studio.export.talk import parse_size
        framing, side = parse_size(size)
        engine.render({}, size=side if framing == "square" else 512)
    except Exception:
        log.debug("batch worker warm-up failed", exc_info=True)


def _pool_task(job: Job, speech=None) -> tuple[int, str, str, float]:
    t0 = time.perf_counter()
    status, error = render_job(job, speech=speech)
    return job.line, status, error, time.perf_counter() - t0


# --- running ------------------------------------------------------------------------------------
def default_workers() -> int:
    from studio.render.helper_process import cores
    return cores()


class Progress:
    """One line per finished row on stderr: count, status, rate and the time left."""

    def __init__(self, total: int, stream=None):
        self.total, self.done, self.t0 = total, 0, time.perf_counter()
        self.stream = stream if stream is not None else sys.stderr

    def __call__(self, result: Result) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.t0
        left = self.total - self.done
        eta = elapsed / self.done * left if self.done else 0.0
        rate = self.done / elapsed * 60 if elapsed > 0 else 0.0
        what = result.status if not result.error else f"{result.status}: {result.error}"
        try:      # a closed terminal or pipe must not stop the batch
            print(f"batch: [{self.done}/{self.total}] line {result.line} {result.output} {what} "
                  f"({result.seconds:.1f} s) · {rate:.1f} videos/min · ETA {_clock(eta)}",
                  file=self.stream, flush=True)
        except (OSError, ValueError):
            pass


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def run_batch(jobs_file: str | os.PathLike, folder: str | os.PathLike, *, workers: int | None = None,
              ray: str | None = None, on_result: Callable[[Result], None] | None = None,
              stream=None, cancel=None) -> Report:
    """Validate, skip finished rows, render the others, write the manifest and the summary.
    `cancel` (a threading.Event) stops the batch between rows (Cancelled): the rows finished
    so far stay recorded, a rerun goes on from there."""
    t0 = time.perf_counter()
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file; give a folder for the videos")
    jobs, invalid = plan(jobs_file, folder)
    folder.mkdir(parents=True, exist_ok=True)
    stream = stream if stream is not None else sys.stderr
    report = Report()
    for bad in invalid:
        print(f"batch: line {bad.line}: {bad.message}", file=stream, flush=True)
        report.results.append(Result(bad.line, bad.output, "invalid", error=bad.message))
    manifest = load_manifest(folder)
    todo = []
    for job in jobs:
        sha = finished(job, folder, manifest)
        if sha:
            report.results.append(Result(job.line, job.output, "skipped", sha256=sha))
        else:
            todo.append(job)
    skipped = len(jobs) - len(todo)
    if on_result:                       # rows settled before rendering: invalid, skipped
        for r in report.results:
            on_result(r)
    print(f"batch: {len(jobs) + len(invalid)} rows: {len(todo)} to render, {skipped} already "
          f"done, {len(invalid)} invalid", file=stream, flush=True)
    progress = Progress(len(todo), stream)

    def record(result: Result) -> None:
        if result.status == "done":
            manifest[result.output] = {"row_hash": by_line[result.line].row_hash,
                                       "sha256": result.sha256, "line": result.line}
            save_manifest(folder, manifest)
        report.results.append(result)
        progress(result)
        if on_result:
            on_result(result)

    by_line = {j.line: j for j in todo}
    if todo:
        if ray is not None:
            from studio.export.batch_ray import run_on_ray
            run_on_ray(todo, folder, ray, record, workers=workers, cancel=cancel)
        else:
            _run_local(todo, folder, workers or default_workers(), record, cancel)
    report.results.sort(key=lambda r: r.line)
    report.seconds = time.perf_counter() - t0
    report.summary = write_summary(folder, report.results)
    return report


class _Voices:
    """Speaks the text rows here, in the order they are handed out.

    eSpeak NG carries state from one utterance to the next (its voice's flutter and noise), so
    the same text spoken after different texts gives slightly different samples. Spoken here,
    in one fixed order (rows by avatar, then line), a row's speech does not depend on which
    worker (process or Ray task) renders it, or what that worker rendered before: the local
    pool, one process and Ray write the same bytes."""

    def __init__(self):
        self.profiles: dict[str, object] = {}

    def _profile(self, job: Job):
        key = job.project or ""
        if key not in self.profiles:
            from studio.profile.model import DigitalHuman
            if job.project:
                from studio.profile.project import load_project
                self.profiles[key] = load_project(job.project).profile
            else:
                self.profiles[key] = DigitalHuman()
        return self.profiles[key]

    def __call__(self, job: Job):
        """(speech or None for a recording, error or '')."""
        if job.request.text is None:
            return None, ""
        try:
            from studio.export.talk import speak_request
            return speak_request(self._profile(job), job.request), ""
        except UserError as exc:
            return None, str(exc)
        except Exception as exc:
            log.exception("batch row %d: speech failed", job.line)
            return None, f"internal error: {type(exc).__name__}: {exc}"


def order_of(jobs: list[Job]) -> list[Job]:
    """The order rows are spoken and handed out: grouped by avatar (a worker meets few)."""
    return sorted(jobs, key=lambda j: (j.avatar, j.line))


def _result(job: Job, folder: Path, status: str, error: str, seconds: float) -> Result:
    sha = file_sha256(folder / job.output) if status == "done" else ""
    return Result(job.line, job.output, status, seconds, sha, error)


def _run_local(jobs: list[Job], folder: Path, workers: int,
               record: Callable[[Result], None], cancel=None) -> None:
    """A process pool (spawned, so it works the same on every system) of `workers` processes;
    one worker renders in this process."""
    order = order_of(jobs)
    voices = _Voices()
    if workers <= 1 or len(order) == 1:
        for job in order:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            speech, error = voices(job)
            if error:
                record(_result(job, folder, "failed", error, 0.0))
                continue
            _, status, error, seconds = _pool_task(job, speech)
            record(_result(job, folder, status, error, seconds))
        return
    import concurrent.futures as cf
    import multiprocessing
    # spawned, not forked from a fork server that imported NumPy first: a worker must set up
    # its maths libraries itself (one BLAS thread), or its frames differ from the Ray path's
    # by a few grey levels and the bytes no longer match
    ctx = multiprocessing.get_context("spawn")
    by_line = {j.line: j for j in order}
    with cf.ProcessPoolExecutor(max_workers=min(workers, len(order)), mp_context=ctx,
                                initializer=_init_worker) as pool:
        futures: dict = {}

        def submit(job: Job, speech) -> None:
            futures[pool.submit(_pool_task, job, speech)] = job

        def failed(job: Job, error: str) -> None:
            record(_result(job, folder, "failed", error, 0.0))

        # the workers start and build the first avatar while the first rows are spoken here
        first = order[0]
        for _ in range(min(workers, len(order))):
            pool.submit(_warm_worker, first.project, first.photo, first.request.size)
        try:
            # a few rows per worker in flight: spoken just before they are handed out
            feed = _Feed(order, voices, submit, failed)
            feed.top_up(2 * workers, futures)
            while futures:
                done, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    job = futures.pop(fut)
                    try:
                        line, status, error, seconds = fut.result()
                    except Exception as exc:      # the worker process died (memory, a crash)
                        log.error("batch worker for line %d died: %r", job.line, exc)
                        line, status, error, seconds = job.line, "failed", f"the worker stopped ({exc})", 0.0
                    record(_result(by_line[line], folder, status, error, seconds))
                    if cancel is not None and cancel.is_set():
                        raise Cancelled()
                feed.top_up(2 * workers, futures)
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise


class _Feed:
    """Hands rows out in order, each spoken just before (`_Voices`), keeping `limit` in flight."""

    def __init__(self, order: list[Job], voices: _Voices, submit, failed):
        self.rows, self.voices, self.submit, self.failed = iter(order), voices, submit, failed

    def top_up(self, limit: int, in_flight) -> None:
        while len(in_flight) < limit:
            job = next(self.rows, None)
            if job is None:
                return
            speech, error = self.voices(job)
            if error:
                self.failed(job, error)
            else:
                self.submit(job, speech)


def write_summary(folder: Path, results: Iterable[Result]) -> Path:
    from studio.atomic import write_bytes_atomic
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["line", "output", "status", "seconds", "sha256", "error"])
    for r in results:
        w.writerow([r.line, r.output, r.status, f"{r.seconds:.2f}", r.sha256, r.error])
    path = folder / SUMMARY
    write_bytes_atomic(path, buf.getvalue().encode("utf-8"))
    return path
