"""The chat panel against a streaming language-model server (cases in `chat_llm_cases.py`),
run in a pytest process of their own.

Why a separate process: these cases stream from a loopback server on worker threads while
the GUI thread waits; in one long process with the whole suite, a crash there (seen twice,
not reproduced under a debugger) would take every later test down with it. In their own
process a failure is one failing test with its output, and the rest of the suite still runs.
A likely cause is fixed: the worker emitted on a bridge object that was a Qt child of the
controller, which a closed window deletes (`test_a_reply_outlives_its_controller_…`); the
separate process stays as insurance.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_chat_panel_with_a_streaming_model_server():
    cases = Path(__file__).with_name("chat_llm_cases.py")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    done = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "pytest", "-q",
                           "-p", "no:cacheprovider", str(cases)],
                          cwd=Path(__file__).parents[2], env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, (done.stdout[-4000:] + done.stderr[-4000:])
    assert " passed" in done.stdout and " failed" not in done.stdout
