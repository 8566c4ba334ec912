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
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("conf.py", "redirects.yaml", "extensions", "theme", "tools")
WORDS = ("routing middleware netpoll codec retry timeout registry tracing benchmark "
         "release issue review gateway serializer generator").split()


def scaffold(target: Path, meetings: int, people: int, seed: int = 7) -> None:
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    (target / "cookbook").mkdir()
    shutil.copy2(ROOT / "cookbook/go.mod", target / "cookbook/go.mod")
    for lang, suffix in (("en", ".md"), ("zh", ".zh.md")):
        (target / f"index{suffix}").write_text(
            ("# Home\n" if lang == "en" else "# 首页\n") + "\n```{toctree}\nmeetings/index\n```\n",
            encoding="utf-8")
    section = target / "meetings"
    section.mkdir()
    shutil.copy2(ROOT / "meetings/projects.yaml", section / "projects.yaml")
    handles = [f"member{i:03d}" for i in range(people)]
    (section / "people.yaml").write_text(
        "".join(f"- {{id: {h}, name: {h}, handles: [{h}]}}\n" for h in handles), encoding="utf-8")
    rng = random.Random(seed)
    projects = ["kitex", "hertz", "netpoll", "volo", "community"]
    start = dt.date(2000, 1, 7)
    for n in range(meetings):
        date = start + dt.timedelta(days=7 * n)
        attendees = rng.sample(handles, 12)
        items = [(rng.choice(WORDS), rng.sample(attendees, 1), rng.sample(projects, 2)) for _ in range(3)]
        for lang, suffix in (("en", ".md"), ("zh", ".zh.md")):
            agenda = "".join(
                f"  - topic: {'Topic' if lang == 'en' else '议题'} {i + 1} {word}\n"
                f"    presenters: [{who[0]}]\n    projects: [{', '.join(proj)}]\n    links: []\n"
                for i, (word, who, proj) in enumerate(items))
            body = "".join(
                f"## {'Topic' if lang == 'en' else '议题'} {i + 1} {word}\n\n"
                + (f"The group discussed {word} and agreed on next steps for {proj[0]}.\n\n" if lang == "en"
                   else f"大家讨论了 {word}，并商定了 {proj[0]} 的后续工作。\n\n")
                for i, (word, who, proj) in enumerate(items))
            title = f"Meeting {date}" if lang == "en" else f"社区会议 {date}"
            (section / f"{date}{suffix}").write_text(
                f"---\ndate: {date}\ntitle: \"{title}\"\nattendees: [{', '.join(attendees)}]\n"
                f"new_members: []\nagenda:\n{agenda}---\n\n# {title}\n\n{body}", encoding="utf-8")


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
