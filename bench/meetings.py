"""How the meetings section scales: build time against the number of meetings.

    python -m bench.meetings                    # 250, 500, 1000, 2000 meetings, 500 people
    python -m bench.meetings --sizes 100 400    # other sizes

Each size gets a scratch site that holds only the home page and a generated
meetings section (records in both languages, 500 people), built in English
with the site's own configuration, extensions and theme.  The per-meeting
cost should stay flat as the section grows: generated pages must be linear.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus


def scaffold(target: Path, meetings: int, people: int) -> None:
    corpus.base_site(target)
    corpus.meetings_section(target, meetings, people)
    corpus.home(target, ["meetings/index"])


def build_seconds(site: Path) -> float:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "tools.build", "--lang", "en", "--builddir", str(site / "_build"),
                             "--", "-q"], cwd=site, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed at {site}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.meetings", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--people", type=int, default=500)
    args = parser.parse_args(argv)
    print(f"meetings section, English build, {args.people} people")
    print(f"{'meetings':>9} {'pages':>7} {'build s':>8} {'ms/meeting':>11}")
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-meetings-") as tmp:
            site = Path(tmp)
            scaffold(site, size, args.people)
            seconds = build_seconds(site)
            pages = sum(1 for _ in (site / "_build/html/en").rglob("*.html"))
        rows.append((size, seconds))
        print(f"{size:>9} {pages:>7} {seconds:>8.1f} {1000 * seconds / size:>11.1f}")
    if len(rows) > 1:
        (small, t_small), (large, t_large) = rows[0], rows[-1]
        ratio = (t_large / large) / (t_small / small)
        print(f"per-meeting cost at {large} vs {small}: {ratio:.2f}x (1.0 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
