"""The time a build spends in the functions each shortcut of ``extensions/build_speed/`` replaces.

``bench.shortcuts --counted`` starts its builds with this module armed in every
Python process (through a ``sitecustomize`` of its own on ``PYTHONPATH``).
When Sphinx has installed the shortcuts, each shortcut's functions are
wrapped in a timer: the replacement where the shortcut is on, the library's
own function where it is off.  A shortcut's gain is then the time its
functions took with it off, less the time they took with it on, and only that
time varies from one build to the next, not the whole build's.

Two kinds of time are counted, each where the shortcut's gain shows:

- processor time (``time.thread_time``) in every process of the build, for
  the shortcuts that do less work: the gain is a share of the build's
  processor time;
- wall-clock time in the main process, for the shortcuts that share pages out
  between processes differently: the main process waits on the read and write
  phases, so their time is the build's, and the gain is a share of its
  wall-clock time.

A timer counts only its outermost call (a wrapped function that calls another
of the same shortcut is not counted twice).
Each process appends its totals, one JSON line, to the file named by
``SITE_COST_METER``: the main process when it exits, a forked worker when its
task is done (``multiprocessing``'s exit handlers run there, ``atexit``'s do not).
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import sys
import time
from collections import defaultdict
from importlib.abc import MetaPathFinder
from importlib.machinery import PathFinder

# Shortcut -> (clock, where its time is counted). "builder.X": the attribute of
# the HTML builder; otherwise "module:owner.attribute".
CPU, WALL = "cpu", "wall"
COUNTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "templates": (CPU, ("jinja2.loaders:BaseLoader.load",)),
    "settings": (CPU, ("sphinx.util.docutils:_get_settings",)),
    "myst-document": (CPU, ("myst_parser.mdit_to_docutils.base:make_document",)),
    "titles": (CPU, ("builder.render_partial",)),
    "index-words": (CPU, ("sphinx.search:IndexBuilder.feed",)),
    "index-prune": (CPU, ("sphinx.search:IndexBuilder.prune",)),
    "pygments": (CPU, ("pygments.formatters.html:HtmlFormatter.__init__",)),
    "read-batches": (WALL, ("sphinx.builders:Builder.read",)),
    "serial-reads": (WALL, ("sphinx.builders:Builder.read",)),
    "parallel-writes": (WALL, ("builder.write_documents",)),
    "serial-writes": (WALL, ("builder.write_documents",)),
    "environment-pickle": (WALL, ("sphinx.builders:pickle.dump",)),
}

# Totals by key: the first shortcut that names a target counts it (a target two
# shortcuts name is timed once).
KEYS: dict[str, str] = {}
for _name, (_clock, _targets) in COUNTED.items():
    for _target in _targets:
        KEYS.setdefault(_target, _name)

_totals: dict[str, float] = defaultdict(float)
_depth: dict[str, int] = defaultdict(int)
_instrumented = False


def counted(name: str, totals: dict[str, float]) -> float:
    """The time of shortcut ``name``'s functions in one process's ``totals``."""
    return sum(totals.get(key, 0.0) for key in {KEYS[target] for target in COUNTED[name][1]})


def _timed(key: str, clock, function):
    def timed(*args, **kwargs):
        if _depth[key]:
            return function(*args, **kwargs)
        _depth[key] += 1
        started = clock()
        try:
            return function(*args, **kwargs)
        finally:
            _totals[key] += clock() - started
            _depth[key] -= 1

    timed.__wrapped__ = function
    return timed


class _TimedEnvironmentPickle:
    """``sphinx.builders.pickle`` (the module, or the shortcut's stand-in) with the environment's dump timed."""

    def __init__(self, pickler, key: str, clock):
        self.pickler, self.timed_dump = pickler, _timed(key, clock, pickler.dump)

    def __getattr__(self, name: str):
        return getattr(self.pickler, name)

    def dump(self, obj, file, *args, **kwargs):
        from sphinx.environment import BuildEnvironment

        if isinstance(obj, BuildEnvironment):
            return self.timed_dump(obj, file, *args, **kwargs)
        return self.pickler.dump(obj, file, *args, **kwargs)


def _wrap(target: str, app) -> None:
    key = KEYS[target]
    clock = {CPU: time.thread_time, WALL: time.perf_counter}[COUNTED[key][0]]
    if target == "sphinx.builders:pickle.dump":
        from sphinx import builders

        builders.pickle = _TimedEnvironmentPickle(builders.pickle, key, clock)
        return
    if target.startswith("builder."):
        owner, attribute = app.builder, target.removeprefix("builder.")
    else:
        module, _, path = target.partition(":")
        owner = importlib.import_module(module)
        *parents, attribute = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
    setattr(owner, attribute, _timed(key, clock, getattr(owner, attribute)))


def instrument(app) -> None:
    """Wrap every counted function as the shortcuts left it (called after ``build_speed.install``)."""
    global _instrumented
    for target in KEYS:
        _wrap(target, app)
    _instrumented = True


def _write(kind: str) -> None:
    if not _instrumented:  # tools.build, git: not a Sphinx process
        return
    with open(os.environ["SITE_COST_METER"], "a", encoding="utf-8") as out:
        out.write(json.dumps({"pid": os.getpid(), "process": kind, "totals": dict(_totals)}) + "\n")


class _ForkHook:
    """What ``multiprocessing.util.register_after_fork`` holds (by a weak reference) for ``_in_worker``."""


_FORK_HOOK = _ForkHook()


def _in_worker(_hook) -> None:
    import multiprocessing.util

    _totals.clear()  # what the worker spends, not what its parent had spent before the fork
    multiprocessing.util.Finalize(None, _write, args=("worker",), exitpriority=0)


class _AfterInstall(MetaPathFinder):
    """Loads ``build_speed`` with its ``install`` followed by ``instrument``."""

    def find_spec(self, name, path, target=None):
        if name != "build_speed":
            return None
        spec = PathFinder.find_spec(name, path)
        if spec is None:
            return None
        exec_module = spec.loader.exec_module

        def exec_then_wrap(module):
            exec_module(module)
            install = module.install

            def install_then_instrument(app):
                install(app)
                instrument(app)

            module.install = install_then_instrument

        spec.loader.exec_module = exec_then_wrap
        return spec


def arm() -> None:
    """Called by the ``sitecustomize`` of a measured build's processes."""
    if "SITE_COST_METER" not in os.environ:
        return
    import multiprocessing.util

    sys.meta_path.insert(0, _AfterInstall())
    atexit.register(_write, "main")
    multiprocessing.util.register_after_fork(_FORK_HOOK, _in_worker)
