"""A long-running studio emits millions of signals: the Qt binding must not leak or drop
references to Python's singletons (PySide6 6.12.0 on Python 3.11 aborted the process)."""
import subprocess
import sys

PROBE = r"""
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
class Emitter(QObject):
    ping = Signal(int)
app = QCoreApplication([])
e = Emitter(); e.ping.connect(lambda x: None)
before = sys.getrefcount(True), sys.getrefcount(None)
for i in range(20000):
    e.ping.emit(i)
    e.blockSignals(False)
after = sys.getrefcount(True), sys.getrefcount(None)
print(before, after)
assert after[0] >= before[0] - 100 and after[1] >= before[1] - 100, (before, after)
"""


def test_signal_emission_keeps_singleton_refcounts():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
