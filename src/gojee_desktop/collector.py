"""Python's cycle collector around start-up: off while the window is built, then the start's
objects set aside so later collections do not walk them.

A start creates several hundred thousand objects that live as long as the app: modules,
classes, SQLAlchemy mappers, the Qt wrappers of every widget. Left with everything else, each
full collection walks them all (115-140 ms once the window and a Contacts page exist), a pause
the user sees in the middle of typing a search, and the collector would walk them again and
again while the window is built (about 4 % of a start) finding nothing. `gc.freeze()` moves them
to the permanent generation: they are still freed by reference counting, but collections only
walk what was made after the start."""

from __future__ import annotations

import gc


def pause() -> bool:
    """Stop collecting while the window is built; whether it was collecting before."""
    collecting = gc.isenabled()
    gc.disable()
    return collecting


def keep_start_objects(collecting: bool = True) -> None:
    """Set everything made so far aside (see the module's docstring), then collect again
    as before the start."""
    gc.freeze()
    if collecting:
        gc.enable()


def resume(collecting: bool) -> None:
    """After the app: everything back under the collector as before `pause` (tests run the
    app many times in one process)."""
    gc.unfreeze()
    if collecting:
        gc.enable()
