"""The GUI process's garbage collector, kept off the preview's frame clock.

Python's full (oldest-generation) collection walks every container object the process has.
Once the window is built that is ~100k objects — modules, widgets, pyqtgraph items, none of
them ever garbage — and a full collection took 25–35 ms, holding the GIL on whichever thread
triggered it: a hitch in the live preview, now and then, while the avatar speaks. `settle()`
moves everything alive at that moment into the collector's permanent generation
(`gc.freeze`), so later collections walk only what was made since; cycles made later are
still collected as before.
"""
from __future__ import annotations

import gc

_settled = False


def settle() -> None:
    """Once per process, when the first window is built: exempt the objects alive then from
    future collections. Only once: an object frozen while alive is never collected if it
    later becomes garbage in a cycle, so freezing again (a second window, an avatar
    replaced) would keep what was let go."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()                 # what is garbage now is freed, not frozen
    gc.freeze()
