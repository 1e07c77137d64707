"""The batch's rows as Ray tasks (`avatar-studio batch --ray auto|ADDRESS`, docs/BATCH.md).

Ray is an optional extra (`pip install avatar-studio[ray]`), imported only here. Each input
file a row names (the avatar first) is put in Ray's object store once (`ray.put` of its
bytes) and handed to the tasks by reference, so an avatar travels to a node once, not per
row. A task writes its inputs into the worker's own temporary folder (once per file), renders
with the same `batch.render_job` the local pool runs — so the bytes are the same — and
returns the video (and subtitle files) as bytes; this process writes them atomically into
the output folder. The worker process keeps the avatar built (`batch._avatar`) for the next
row that names it.
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from pathlib import Path
from typing import Callable

from studio.errors import UserError


def _ray():
    try:
        import ray
    except ImportError:
        raise UserError("--ray needs Ray: pip install 'avatar-studio[ray]' (or pip install ray)") from None
    return ray


def _connect(ray, address: str, workers: int | None) -> bool:
    """Join the cluster at `address` ('auto': the one this machine belongs to, else a local
    instance); True when this call started Ray (and so shuts it down)."""
    if ray.is_initialized():
        return False
    kwargs = dict(include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    if address == "auto":
        try:
            ray.init(address="auto", **kwargs)
        except (ConnectionError, RuntimeError):
            ray.init(num_cpus=workers or None, **kwargs)
    else:
        try:
            ray.init(address=address, **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise UserError(f"cannot reach the Ray cluster at {address} ({exc})") from None
    return True


_INPUTS: dict[str, str] = {}          # on a worker: sha256 → local copy of an input file


def _materialise(name: str, digest: str, data: bytes) -> str:
    path = _INPUTS.get(digest)
    if path is None or not os.path.isfile(path):
        folder = Path(tempfile.gettempdir()) / "avatar-studio-ray" / digest[:32]
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        if not target.is_file():
            from studio.atomic import write_bytes_atomic
            write_bytes_atomic(target, data)
        path = _INPUTS[digest] = str(target)
    return path


def _task(job, speech, names: list[str], digests: list[str], *blobs) -> dict:
    """On a Ray worker: the job's inputs made local, the video rendered in a temporary
    folder, its files returned as bytes."""
    from studio.export.batch import _init_worker, render_job
    if not _INPUTS:
        _init_worker()
    local = {orig: _materialise(Path(orig).name, d, b) for orig, d, b in zip(names, digests, blobs)}
    req = job.request
    with tempfile.TemporaryDirectory(prefix="avatar-studio-batch-") as tmp:
        out = Path(tmp) / Path(job.output).name
        request = dataclasses.replace(
            req, output=str(out),
            audio=local.get(req.audio, req.audio), music=local.get(req.music, req.music),
            background=local.get(req.background, req.background))
        t0 = time.perf_counter()
        status, error = render_job(job, request, project=local.get(job.project),
                                   photo=local.get(job.photo), speech=speech)
        seconds = time.perf_counter() - t0
        files = {}
        if status == "done":
            for p in Path(tmp).iterdir():
                if p.stem == out.stem and not p.name.startswith("."):
                    files[p.name] = p.read_bytes()
    return {"line": job.line, "status": status, "error": error, "seconds": seconds, "files": files}


def run_on_ray(jobs, folder: Path, address: str, record: Callable, *, workers: int | None = None,
               cancel=None) -> None:
    """Run `jobs` as Ray tasks; `record(Result)` is called as each one finishes."""
    from studio.export.atomic import write_bytes_atomic
    from studio.export.batch import Result, _Feed, _Voices, file_sha256, order_of
    ray = _ray()
    started = _connect(ray, address or "auto", workers)
    try:
        refs: dict[str, tuple[str, object]] = {}
        for job in jobs:
            for path in job.files:
                if path not in refs:
                    refs[path] = (file_sha256(path), ray.put(Path(path).read_bytes()))
        task = ray.remote(num_cpus=1, max_retries=1)(_task)
        pending = {}

        def submit(job, speech) -> None:
            names = list(job.files)
            pending[task.remote(job, speech, names, [refs[n][0] for n in names],
                                *[refs[n][1] for n in names])] = job

        def failed(job, error: str) -> None:
            record(Result(job.line, job.output, "failed", error=error))

        # rows spoken here in one fixed order, just before they are handed out (batch._Voices)
        feed = _Feed(order_of(jobs), _Voices(), submit, failed)
        limit = 2 * max(1, int(ray.cluster_resources().get("CPU", 1)))
        feed.top_up(limit, pending)
        while pending:
            if cancel is not None and cancel.is_set():
                for ref in pending:
                    ray.cancel(ref)
                from studio.errors import Cancelled
                raise Cancelled()
            done, _ = ray.wait(list(pending), num_returns=1, timeout=0.5)
            if not done:
                continue
            job = pending.pop(done[0])
            feed.top_up(limit, pending)
            try:
                out = ray.get(done[0])
            except Exception as exc:       # the task or its worker died
                record(Result(job.line, job.output, "failed", error=f"Ray task failed: {exc}"[:300]))
                continue
            if out["status"] != "done":
                record(Result(job.line, job.output, "failed", out["seconds"], error=out["error"]))
                continue
            target = folder / job.output
            target.parent.mkdir(parents=True, exist_ok=True)
            main = Path(job.output).name
            try:        # sidecars first, the video last: a video on disk has its subtitles
                for name, data in sorted(out["files"].items(), key=lambda kv: kv[0] == main):
                    write_bytes_atomic(target.parent / name, data)
            except UserError as exc:
                record(Result(job.line, job.output, "failed", out["seconds"], error=str(exc)))
                continue
            record(Result(job.line, job.output, "done", out["seconds"], file_sha256(target)))
    finally:
        if started:
            ray.shutdown()
