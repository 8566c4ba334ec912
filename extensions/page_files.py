"""Write each HTML page into a new file, never into one the published site shares.

``python -m tools.build`` builds into Sphinx's own work folder and publishes
what changed into ``_build/html``.  It publishes an HTML page by giving the
work folder's file a second name there (a hard link) rather than a copy:
creating a file is by far the dearest part of a copy (about 0.9 ms on the
2-core benchmark machine, against 0.02 ms for a link; see
``bench/README.md``), and a clean build publishes one file per page.

The two names are then one file.  Sphinx writes a page by opening its old
file and replacing the text, so the published page would change while a
build runs, before anyone knows whether the build succeeds.  Here every page
the HTML builder writes, and every redirect page, first loses its old name
in the work folder when that file is shared: Sphinx creates a new file, and
the published page keeps the old one until ``tools.build`` publishes the new.
Only ``.html`` files are published by link (``tools/build.py``); the other
files of the output are copied.

Sphinx never removes the page of a source that is gone: it stayed in the
work folder, and so on the published site and in ``sitemap.xml``, until a
clean build.  When a build finishes, every HTML file of the output that is
neither a page of the environment, nor a page written by this build (the
search page), nor kept by another extension (``keep_page``: redirects) is
removed.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx


def unshare(path: Path | str) -> None:
    """Remove ``path`` if another name (the published page) shares its file."""
    try:
        if os.stat(path).st_nlink > 1:
            os.unlink(path)
    except FileNotFoundError:
        pass


def write_pages_into_new_files(app: Sphinx) -> None:
    builder = app.builder
    handle_page = getattr(builder, "handle_page", None)
    output_path = getattr(builder, "get_output_path", None)
    if handle_page is None or output_path is None:
        return  # not an HTML builder

    app.site_pages_kept = set()

    def handle_page_unshared(pagename, addctx, templatename="page.html", *, outfilename=None, **kwargs):
        unshare(outfilename if outfilename else output_path(pagename))
        app.site_pages_kept.add(pagename)
        return handle_page(pagename, addctx, templatename, outfilename=outfilename, **kwargs)

    builder.handle_page = handle_page_unshared


def keep_page(app: Sphinx, pagename: str) -> None:
    """Tell the clean-up that ``pagename.html`` in the output is a page of this build."""
    getattr(app, "site_pages_kept", set()).add(pagename)


def remove_pages_of_removed_sources(app: Sphinx, exception: Exception | None) -> None:
    kept = getattr(app, "site_pages_kept", None)
    if exception is not None or kept is None:
        return
    outdir = Path(app.outdir)
    pages = app.env.all_docs.keys() | kept
    for folder, subfolders, files in os.walk(outdir):
        relative = Path(folder).relative_to(outdir).as_posix()
        # _static, _images: assets, not pages.
        subfolders[:] = [name for name in subfolders if not (relative == "." and name.startswith("_"))]
        for name in files:
            if not name.endswith(".html"):
                continue
            pagename = name[: -len(".html")] if relative == "." else f"{relative}/{name[: -len('.html')]}"
            if pagename not in pages:
                os.unlink(os.path.join(folder, name))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", write_pages_into_new_files)
    app.connect("build-finished", remove_pages_of_removed_sources, priority=900)  # after every writer
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
