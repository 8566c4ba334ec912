"""How fast the site builds, against the Markdown floor, for growing corpora.

    python -m bench.build                      # N = 200, 1000, 5000 pages per language
    python -m bench.build --sizes 200 1000     # other sizes
    python -m bench.build --repeat 1           # one clean build per size (default: 5 up to 1,000 pages, then 3)
    python -m bench.build --profile 1000       # where the time of one build goes

For each N a synthetic corpus (``bench/corpus.py``) is built with the site's
own configuration, extensions and theme, one language at a time, through
``python -m tools.build``.  In the same run the floor is measured: the same
Markdown rendered by markdown-it-py with MyST's parser settings plus
Pygments, written as HTML, without Sphinx; before and after each clean build,
so that each build is compared with floors of the same minutes.  Reported per
N: clean build time per language, peak memory, the ratio to the floor (the
median of the builds' ratios; and the fastest build against the fastest
floor), time per page,
incremental rebuilds (one-word edit, title change, added page — and whether
they give the same HTML as a clean build), first-visit CSS + JS bytes, the
mean and largest page size, and the size of the site's navigation file; and
whether page size and time per page stay flat from the smallest N to the
largest.  A table is printed and a plot saved to ``_build/bench/build.png``.

    python -m bench.build --sizes 100 400 --repeat 1 --clean-only   # a quick look at flatness
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus
from tools.build import LANGUAGES

ROOT = corpus.ROOT
OUT = ROOT / "_build" / "bench"
WRAPPER = (  # runs a command and prints the peak RSS (KiB) of it and everything it waited for
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def timed_build(site: Path, lang: str, builddir: Path) -> tuple[float, int]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "-m", "tools.build", "--lang", lang,
         "--builddir", str(builddir), "--", "-q"],
        cwd=site, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        log = (builddir / f"html-{lang}.log")
        raise SystemExit(f"build of {site} ({lang}) failed:\n{log.read_text()[-3000:] if log.exists() else result.stderr}")
    return elapsed, int(result.stdout.strip().splitlines()[-1])


def floor(site: Path, lang: str, out: Path) -> float:
    """Markdown → HTML with MyST's parser and Pygments, no Sphinx: the least any build must do."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name

    formatter = HtmlFormatter()

    def highlight_code(code, language, _attrs):
        try:
            return highlight(code, get_lexer_by_name(language or "text"), formatter)
        except Exception:
            return ""

    started = time.monotonic()
    config = MdParserConfig(enable_extensions={"colon_fence", "deflist", "fieldlist", "attrs_block",
                                               "attrs_inline", "substitution", "tasklist"})
    parser = create_md_parser(config, RendererHTML)
    parser.options["highlight"] = highlight_code
    pattern = "*.zh.md" if lang == "zh" else "*.md"
    for path in sorted((site / "docs").rglob(pattern)):
        if lang == "en" and path.name.endswith(".zh.md"):
            continue
        target = out / path.relative_to(site).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(parser.render(path.read_text(encoding="utf-8")), encoding="utf-8")
    return time.monotonic() - started


def fresh_floor(site: Path, lang: str, out: Path) -> float:
    """The floor into a folder that does not exist yet, as a clean build creates its files."""
    seconds = floor(site, lang, out)
    shutil.rmtree(out)
    return seconds


def differing(a: Path, b: Path) -> list[str]:
    found = []

    def walk(x: Path, y: Path):
        cmp = filecmp.dircmp(x, y, ignore=[".buildinfo", "_static"])
        found.extend(str(x / n) for n in cmp.left_only + cmp.right_only)
        _, diff, errors = filecmp.cmpfiles(x, y, [n for n in cmp.common_files if n.endswith(".html")],
                                           shallow=False)
        found.extend(str((x / n).relative_to(a)) for n in diff + errors)
        for sub in cmp.common_dirs:
            walk(x / sub, y / sub)

    walk(a, b)
    return found


def incremental(site: Path, builddir: Path, lang: str, repeat: int = 1) -> dict:
    """Rebuild after three kinds of edit; compare each with a clean build of the same sources.

    The one-word edit is made ``repeat`` times (a new word each time) and the fastest
    rebuild counts, as for clean builds.
    """
    suffix = ".zh.md" if lang == "zh" else ".md"
    results = {}
    folder = site / "docs/000"
    page0, page1 = folder / f"page-0{suffix}", folder / f"page-{1}{suffix}"

    def add_page():
        for sfx in (".md", ".zh.md"):  # both languages, so that each build stays complete
            (folder / f"page-new-{lang}{sfx}").write_text("# A new page\n\nText.\n", encoding="utf-8")
            index = folder / f"index{sfx}"
            index.write_text(index.read_text(encoding="utf-8").replace("page-0\n", f"page-0\npage-new-{lang}\n"),
                             encoding="utf-8")

    def one_word(attempt: int) -> None:
        text = page0.read_text(encoding="utf-8").replace("\n## ", f"\nedited{attempt}\n\n## ", 1)
        page0.write_text(text, encoding="utf-8")

    edits = {
        "one word": (one_word, repeat),
        "title": (lambda _: page1.write_text(re.sub(r"^# .*$", "# Renamed page", page1.read_text(encoding="utf-8"),
                                                    count=1, flags=re.M), encoding="utf-8"), 1),
        "added page": (lambda _: add_page(), 1),
    }
    for name, (edit, times) in edits.items():
        seconds = []
        for attempt in range(times):
            edit(attempt)
            seconds.append(timed_build(site, lang, builddir)[0])
        with tempfile.TemporaryDirectory(prefix="bench-clean-") as clean:
            timed_build(site, lang, Path(clean))
            stale = differing(builddir / "html" / lang, Path(clean) / "html" / lang)
        results[name] = {"seconds": round(min(seconds), 2), "pages_differing_from_clean": len(stale)}
    return results


LIVE = (  # the builds of `make livehtml`: Sphinx preloaded, each build in a fork (tools/live.py)
    "import sys, time\n"
    "from pathlib import Path\n"
    "from tools import live\n"
    "lang, builddir = sys.argv[1], Path(sys.argv[2])\n"
    "live.preload(lang)\n"
    "args = live.sphinx_args(lang, builddir, ['-q'])\n"
    "for _ in sys.stdin:\n"
    "    started = time.monotonic()\n"
    "    code = live.build_in_fork(args)\n"
    "    print('RESULT', code, time.monotonic() - started, flush=True)\n"
)


def live_one_word(site: Path, builddir: Path, lang: str, repeat: int = 1) -> dict:
    """A one-word edit rebuilt the way `make livehtml` rebuilds it; compared with a clean build.

    Made ``repeat`` times, a new word each time; the fastest rebuild counts."""
    page = site / "docs/000" / ("page-2.zh.md" if lang == "zh" else "page-2.md")
    proc = subprocess.Popen([sys.executable, "-c", LIVE, lang, str(builddir)], cwd=site, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def build() -> float:
        proc.stdin.write("build\n")
        proc.stdin.flush()
        for line in proc.stdout:  # ends when the process does
            if line.startswith("RESULT "):
                _, code, seconds = line.split()
                if code != "0":
                    raise SystemExit(f"live build of {site} ({lang}) failed with code {code}")
                return float(seconds)
        raise SystemExit(f"live build of {site} ({lang}) stopped without a result")

    try:
        build()  # the first build of the live folder, as when `make livehtml` starts
        times = []
        for attempt in range(repeat):
            text = page.read_text(encoding="utf-8").replace("\n## ", f"\nlive{attempt}\n\n## ", 1)
            page.write_text(text, encoding="utf-8")
            times.append(build())
        seconds = min(times)
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    with tempfile.TemporaryDirectory(prefix="bench-clean-") as clean:
        timed_build(site, lang, Path(clean))
        stale = differing(builddir / "live" / lang, Path(clean) / "html" / lang)
    return {"seconds": round(seconds, 2), "pages_differing_from_clean": len(stale)}


def weight(html_dir: Path) -> dict:
    page = html_dir / "docs/000/page-0.html"
    text = page.read_text(encoding="utf-8")
    assets = re.findall(r'<(?:link rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)"', text)
    raw = gz = 0
    for href in assets:
        data = (page.parent / href.split("?")[0]).read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, 9))
    sizes = [p.stat().st_size for p in (html_dir / "docs").rglob("page-*.html")]
    # The whole site's tree, fetched once per language (extensions/site_navigation.py): the one
    # file that grows with the site, in place of a tree in every page.
    navigation = (html_dir / "_static/navigation.json").read_bytes()
    return {"css_js_raw": raw, "css_js_gzip": gz, "page_html_mean": int(sum(sizes) / len(sizes)),
            "page_html_max": max(sizes), "navigation_bytes": len(navigation),
            "navigation_gzip": len(gzip.compress(navigation, 9))}


def default_repeat(size: int) -> int:
    # The builds' ratios to their floors spread widely on a shared machine (4.5 to 7.4
    # in one run of three): five builds give a steadier median where builds are short.
    return 5 if size <= 1000 else 3


def run(size: int, repeat: int, incremental_builds: bool = True) -> dict:
    row = {"pages": size, "repeat": repeat, "load": [round(os.getloadavg()[0], 1)]}
    with tempfile.TemporaryDirectory(prefix=f"bench-build-{size}-") as tmp:
        site = corpus.synthetic_site(Path(tmp) / "site", size)
        for lang in ("en", "zh"):
            # `repeat` clean builds, each between two floors.  A busy or throttled
            # machine only ever makes a run slower, so the fastest build and floor are
            # reported.  This machine's speed also drifts, up to twofold, over minutes:
            # the ratio compares each build with the floors measured just before and
            # just after it, and the median of these ratios is reported.
            builds, floors, ratios = [], [fresh_floor(site, lang, Path(tmp) / "floor")], []
            for attempt in range(repeat):
                builddir = Path(tmp) / f"build-{lang}-{attempt}"
                builds.append(timed_build(site, lang, builddir))
                floors.append(fresh_floor(site, lang, Path(tmp) / "floor"))
                ratios.append(builds[-1][0] / ((floors[-2] + floors[-1]) / 2))
                if attempt:
                    shutil.rmtree(builddir)  # the first one stays for the incremental builds
            builddir = Path(tmp) / f"build-{lang}-0"
            seconds, rss = min(b[0] for b in builds), max(b[1] for b in builds)
            floor_seconds = min(floors)
            row[lang] = {
                "clean_seconds": round(seconds, 2),
                "peak_rss_mb": round(rss / 1024),
                "floor_seconds": round(floor_seconds, 2),
                "ratio_to_floor": round(statistics.median(ratios), 1),
                "ratio_of_fastest": round(seconds / floor_seconds, 1),
                "ratios": [round(r, 2) for r in ratios],
                "ms_per_page": round(1000 * seconds / size, 1),
                **weight(builddir / "html" / lang),
            }
            if incremental_builds:
                row[lang]["incremental"] = incremental(site, builddir, lang, repeat)
                row[lang]["incremental"]["one word, live"] = live_one_word(site, builddir, lang, repeat)
    row["load"].append(round(os.getloadavg()[0], 1))  # on 2 cores, a load above 2 slows every figure
    return row


def report(rows: list[dict]) -> None:
    print(f"{'N':>6} {'lang':>4} {'clean s':>8} {'floor s':>8} {'ratio':>6} {'fastest':>8} {'ms/page':>8} {'peak MB':>8} "
          f"{'1 word s':>9} {'live s':>7} {'title s':>8} {'add s':>6} {'stale':>6} {'CSS+JS gz':>10} {'page KB':>8} "
          f"{'max KB':>7} {'nav B/page':>10}")
    for row in rows:
        for lang in ("en", "zh"):
            r = row[lang]
            inc = r.get("incremental")
            if inc:
                stale = sum(v["pages_differing_from_clean"] for v in inc.values())
                edits = (f"{inc['one word']['seconds']:>9.2f} {inc['one word, live']['seconds']:>7.2f} "
                         f"{inc['title']['seconds']:>8.2f} {inc['added page']['seconds']:>6.2f} {stale:>6}")
            else:
                edits = f"{'-':>9} {'-':>7} {'-':>8} {'-':>6} {'-':>6}"
            print(f"{row['pages']:>6} {lang:>4} {r['clean_seconds']:>8.1f} {r['floor_seconds']:>8.2f} "
                  f"{r['ratio_to_floor']:>6.1f} {r['ratio_of_fastest']:>8.1f} {r['ms_per_page']:>8.1f} {r['peak_rss_mb']:>8} "
                  f"{edits} {r['css_js_gzip']:>10} {r['page_html_mean'] / 1024:>8.1f} {r['page_html_max'] / 1024:>7.1f} "
                  f"{r['navigation_bytes'] / row['pages']:>10.0f}")


TARGETS = {  # issue "Build speed": ratios, so that a noisy machine does not matter
    "ratio_to_floor": 6.0,  # clean build of 1,000 pages per language
    "per_page_growth": 0.10,  # time per page at 5,000 against 1,000
    "one_word_seconds": 1.5,  # at 1,000 pages
    "page_size_growth": 0.02,  # page HTML (mean and largest) at the largest N against the smallest
}


def targets(rows: list[dict]) -> list[str]:
    """One line per target and language: the measured figure and whether it is met."""
    by_size = {row["pages"]: row for row in rows}
    lines = []
    for lang in ("en", "zh"):
        if 1000 in by_size:
            r = by_size[1000][lang]
            lines.append(f"{lang}: clean build at 1,000 pages is {r['ratio_to_floor']}× the floor "
                         f"(target ≤ {TARGETS['ratio_to_floor']}×): "
                         f"{'met' if r['ratio_to_floor'] <= TARGETS['ratio_to_floor'] else 'NOT met'}")
            for kind, how in (("one word, live", "by make livehtml"), ("one word", "by make html")):
                if "incremental" not in r:
                    continue
                seconds = r["incremental"][kind]["seconds"]
                lines.append(f"{lang}: one-word edit at 1,000 pages rebuilt {how} in {seconds} s "
                             f"(target ≤ {TARGETS['one_word_seconds']} s): "
                             f"{'met' if seconds <= TARGETS['one_word_seconds'] else 'NOT met'}")
        if 1000 in by_size and 5000 in by_size:
            small, large = by_size[1000][lang], by_size[5000][lang]
            # The sizes are built minutes apart; the floor's time per page does not
            # depend on N, so the ratios compare the two at the same machine speed.
            for growth, how in ((large["ms_per_page"] / small["ms_per_page"] - 1, "in seconds"),
                                (large["ratio_to_floor"] / small["ratio_to_floor"] - 1, "against the floor")):
                lines.append(f"{lang}: time per page at 5,000 is {growth:+.0%} against 1,000, {how} "
                             f"(target ≤ +{TARGETS['per_page_growth']:.0%}): "
                             f"{'met' if growth <= TARGETS['per_page_growth'] else 'NOT met'}")
        lines.extend(flatness(rows, lang))
        if all("incremental" in row[lang] for row in rows):
            stale = sum(v["pages_differing_from_clean"] for row in rows for v in row[lang]["incremental"].values())
            lines.append(f"{lang}: pages of incremental builds that differ from a clean build: {stale} "
                         f"(target 0): {'met' if stale == 0 else 'NOT met'}")
    return lines


def flatness(rows: list[dict], lang: str) -> list[str]:
    """Page size and time per page from the smallest to the largest corpus of the run.

    The whole site's tree is one file per language, not part of each page: a page's HTML must
    not grow with the number of pages (furo's grew from 52 KB to 154 KB for 5x the pages; see
    /work/shared/notes/build-performance.md), nor the time to write it.  Time per page is also
    given against the floor, whose time per page does not depend on N.
    """
    if len(rows) < 2:
        return []
    small, large = rows[0][lang], rows[-1][lang]
    n_small, n_large = rows[0]["pages"], rows[-1]["pages"]
    limit = TARGETS["page_size_growth"]
    lines = []
    for key, what in (("page_html_mean", "mean page"), ("page_html_max", "largest page")):
        growth = large[key] / small[key] - 1
        lines.append(f"{lang}: {what} HTML at {n_large:,} pages is {growth:+.1%} against {n_small:,} "
                     f"({small[key]:,} -> {large[key]:,} bytes; target <= +{limit:.0%}): "
                     f"{'met' if growth <= limit else 'NOT met'}")
    per_page = large["ms_per_page"] / small["ms_per_page"] - 1
    against_floor = large["ratio_to_floor"] / small["ratio_to_floor"] - 1
    lines.append(f"{lang}: time per page at {n_large:,} pages is {per_page:+.0%} against {n_small:,} in seconds, "
                 f"{against_floor:+.0%} against the floor (start-up, spread over more pages, makes it fall)")
    nav_small, nav_large = small["navigation_bytes"] / n_small, large["navigation_bytes"] / n_large
    lines.append(f"{lang}: navigation.json holds {nav_small:.0f} -> {nav_large:.0f} bytes per page "
                 f"({large['navigation_gzip']:,} bytes gzip at {n_large:,} pages), fetched once per language")
    return lines


def profile(size: int, lang: str) -> Path:
    """Profile one clean build in one process; save the statistics and print where time goes."""
    import pstats

    OUT.mkdir(parents=True, exist_ok=True)
    stats_path = OUT / f"profile-{lang}-{size}.pstats"
    with tempfile.TemporaryDirectory(prefix=f"bench-profile-{size}-") as tmp:
        site = corpus.synthetic_site(Path(tmp) / "site", size)
        command = ["-m", "sphinx", "-b", "html", "-q", "-j", "1", "-D", f"language={LANGUAGES[lang]}",
                   "-d", f"{tmp}/doctrees", ".", f"{tmp}/html"]
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats_path), *command],
                       cwd=site, check=True)
    pstats.Stats(str(stats_path)).sort_stats("cumulative").print_stats(r"site-packages|extensions", 40)
    return stats_path


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["pages"] for r in rows]
    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=120)
    for lang, style in (("en", "o-"), ("zh", "s-")):
        ax.plot(sizes, [r[lang]["clean_seconds"] for r in rows], style, label=f"Sphinx build ({lang})")
        ax.plot(sizes, [r[lang]["floor_seconds"] for r in rows], style.replace("-", ":"), label=f"floor ({lang})")
    ax.set_xlabel("pages per language")
    ax.set_ylabel("clean build time (s)")
    ax.set_title("Build time against corpus size")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--profile", type=int, metavar="N",
                        help="instead: profile a clean build of N pages in one process (with --lang)")
    parser.add_argument("--lang", choices=["en", "zh"], default="en")
    parser.add_argument("--repeat", type=int,
                        help="clean builds, floors and one-word edits per size and language "
                             "(default: 5 up to 1,000 pages, 3 above)")
    parser.add_argument("--clean-only", action="store_true",
                        help="clean builds only: page size and time per page, no incremental builds")
    args = parser.parse_args(argv)
    if args.profile:
        print(f"saved {profile(args.profile, args.lang)} (open with python -m pstats)")
        return 0
    rows = []
    for size in args.sizes:
        print(f"building N={size} …", flush=True)
        rows.append(run(size, args.repeat or default_repeat(size), not args.clean_only))
    report(rows)
    for row in rows:
        print(f"N={row['pages']:,}: load average {row['load'][0]} at the start, {row['load'][1]} at the end")
    print("\n".join(targets(rows)))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "build.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    plot(rows, OUT / "build.png")
    print(f"saved {OUT / 'build.json'} and {OUT / 'build.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
