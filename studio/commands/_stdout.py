"""Commands whose output is read by another program: `avatar-studio doctor | head -3`.

When the reader stops early, writing raises BrokenPipeError. Like `cat` and `git`, the
command then stops quietly with status 141 (128 + SIGPIPE) instead of reporting an internal
error; stdout is pointed at the null device so Python's final flush stays silent too.
"""
from __future__ import annotations

import functools
import os
import sys
from typing import Callable

PIPE_CLOSED = 141


def stops_quietly_on_closed_pipe(run: Callable[..., int]) -> Callable[..., int]:
    @functools.wraps(run)
    def wrapper(args) -> int:
        try:
            return run(args)
        except BrokenPipeError:
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                os.close(devnull)
            except (OSError, ValueError, AttributeError):   # stdout not a real file (tests)
                pass
            return PIPE_CLOSED
    return wrapper
