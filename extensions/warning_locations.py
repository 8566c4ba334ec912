"""Every warning names the file and line a writer has to open.

Some of Sphinx's own warnings are located by a (file path, line) pair where
Sphinx expects a (docname, line) pair: a ``:lines:`` or ``:emphasize-lines:``
range past the end of a file was reported at ``page.md.md``, Sphinx adding
the source suffix to a path that had it already.  And a message that quotes
a path may show Sphinx's path object as ``_StrPath('…')``.  Each warning is
put right before Sphinx formats it: a located pair whose first item is the
absolute path of a file becomes ``path:line``; a path object in the message
is shown as its text.
"""

from __future__ import annotations

import logging
import os
import re

from sphinx.application import Sphinx
from sphinx.util.logging import NAMESPACE

_PATH_OBJECT = re.compile(r"_StrPath\(('[^']*')\)")


class FileLocations(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if isinstance(location, tuple) and len(location) == 2:
            path, line = location
            if isinstance(path, str) and os.path.isabs(path) and os.path.isfile(path):
                record.location = f"{path}:{line}" if line else path
        if isinstance(record.msg, str) and "_StrPath(" in record.msg:
            record.msg = _PATH_OBJECT.sub(r"\1", record.msg)
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(_PATH_OBJECT.sub(r"\1", a) if isinstance(a, str) else
                                (str(a) if type(a).__name__ == "_StrPath" else a) for a in record.args)
        return True


def setup(app: Sphinx) -> dict:
    # Sphinx set up its handlers before loading extensions; this filter goes first, before
    # the one that turns a (docname, line) pair into "path:line".
    for handler in logging.getLogger(NAMESPACE).handlers:
        if not any(isinstance(f, FileLocations) for f in handler.filters):
            handler.filters.insert(0, FileLocations())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
