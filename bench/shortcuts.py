"""What each shortcut of ``extensions/build_speed/`` gains: the build with it against the build without it.

    python -m bench.shortcuts                         # every shortcut, 1,000 pages, both languages
    python -m bench.shortcuts --size 400 --names titles smartquotes --clean-pairs 3

For each shortcut and language, on one synthetic corpus (``bench/corpus.py``):
clean builds with every shortcut on and with that one off
(``-D site_build_speed_off=NAME``), back to back, in alternating order; then,
in each of the two build folders, one-word edits rebuilt the same way.  A
shared machine's speed drifts over minutes, so only builds made next to each
other are compared: the gain is the median of the pairs' relative differences
(positive: the shortcut makes the build faster).  ``all`` is every shortcut
off at once (``-D site_build_caches=0``, which also turns off the caches of
``extensions/chinese_search.py`` and ``extensions/bilingual.py``).  Each result
is printed as it comes and appended to ``_build/bench/shortcuts.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus, cost_meter

OUT = corpus.ROOT / "_build" / "bench"


def names() -> list[str]:
    sys.path.insert(0, str(corpus.ROOT / "extensions"))
    import build_speed

    return build_speed.names()


def build(site: Path, lang: str, builddir: Path, off: str | None, env: dict | None = None) -> tuple[float, float]:
    """Wall-clock and processor seconds (of every process the build waited for) of one build."""
    if off == "all":
        extra = ["-D", "site_build_caches=0"]
    else:
        extra = ["-D", f"site_build_speed_off={off}"] if off else []
    started, cpu = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "tools.build", "--lang", lang, "--builddir", str(builddir),
                             "--", "-q", *extra], cwd=site, capture_output=True, text=True, env=env)
    elapsed, after = time.monotonic() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build ({lang}, off={off}) failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return elapsed, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


def metered_build(site: Path, lang: str, builddir: Path, off: str | None, meter: Path) -> dict:
    """One build with ``bench/cost_meter.py`` armed: its times, and each shortcut's counted time."""
    log = meter / "totals.jsonl"
    log.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(meter), os.environ.get("PYTHONPATH")])),
           "SITE_COST_METER": str(log)}
    wall, cpu = build(site, lang, builddir, off, env)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    if not any(line["process"] == "main" for line in lines):
        raise SystemExit(f"the cost meter wrote nothing for the main process ({lang}, off={off}): {lines}")
    counted = {}
    for name, (clock, _) in cost_meter.COUNTED.items():
        kept = [line for line in lines if clock == cost_meter.CPU or line["process"] == "main"]
        counted[name] = sum(cost_meter.counted(name, line["totals"]) for line in kept)
    return {"wall": wall, "cpu": cpu, "counted": counted}


def counted_gains(site: Path, tmp: Path, lang: str, chosen: list[str], rounds: int, edits: list[int]) -> list[dict]:
    """Each shortcut's gain, from the time of its own functions with it on and with it off.

    Per round: a clean build with each chosen shortcut off and one with every
    shortcut on, then the same after a one-word edit each.  A shortcut's gain
    is the median over rounds of (its functions' time with it off) less the
    median of (their time with every shortcut on), as a share of the median
    build without it: of processor time or of wall-clock time, as
    ``cost_meter.COUNTED`` counts it.
    """
    meter = tmp / "meter"
    meter.mkdir(exist_ok=True)
    (meter / "sitecustomize.py").write_text(
        f"import sys\nsys.path.append({str(corpus.ROOT)!r})\nfrom bench import cost_meter\ncost_meter.arm()\n",
        encoding="utf-8")
    builddir = tmp / "metered"
    page = site / "docs/000" / ("page-0.zh.md" if lang == "zh" else "page-0.md")
    runs: dict[tuple[str, str | None], list[dict]] = {}
    for _ in range(rounds):
        # Every shortcut on comes last: the one-word rebuilds start from what a normal build
        # leaves (the compiled templates of `templates` among it).
        for off in [*chosen, None]:
            shutil.rmtree(builddir, ignore_errors=True)
            runs.setdefault(("clean", off), []).append(metered_build(site, lang, builddir, off, meter))
        for off in [None, *chosen]:
            edits[0] += 1
            page.write_text(page.read_text(encoding="utf-8").replace("\n## ", f"\nedited{edits[0]}\n\n## ", 1),
                            encoding="utf-8")
            runs.setdefault(("word", off), []).append(metered_build(site, lang, builddir, off, meter))
    rows = []
    for name in chosen:
        row = {"name": name, "lang": lang, "clock": cost_meter.COUNTED[name][0], "rounds": rounds}
        for kind in ("clean", "word"):
            total = "cpu" if row["clock"] == cost_meter.CPU else "wall"
            on = statistics.median(run["counted"][name] for run in runs[(kind, None)])
            off = statistics.median(run["counted"][name] for run in runs[(kind, name)])
            build_off = statistics.median(run[total] for run in runs[(kind, name)])
            row[kind] = {"on_s": round(on, 4), "off_s": round(off, 4), "build_off_s": round(build_off, 3),
                         "gain_pct": round(100 * (off - on) / build_off, 2)}
        rows.append(row)
    return rows


def load() -> float:
    return os.getloadavg()[0]


def measure(site: Path, tmp: Path, lang: str, name: str, clean_pairs: int, word_pairs: int,
            edits: list[int]) -> dict:
    on_dir, off_dir = tmp / "on", tmp / "off"
    clean, word = [], []
    loads = [load()]
    for attempt in range(clean_pairs):
        order = [(on_dir, None), (off_dir, name)]
        if attempt % 2:
            order.reverse()
        times = {}
        for builddir, off in order:
            shutil.rmtree(builddir, ignore_errors=True)
            times[off] = build(site, lang, builddir, off)
        clean.append((times[None], times[name]))
    page = site / "docs/000" / ("page-0.zh.md" if lang == "zh" else "page-0.md")
    for attempt in range(word_pairs):
        edits[0] += 1
        page.write_text(page.read_text(encoding="utf-8").replace("\n## ", f"\nedited{edits[0]}\n\n## ", 1),
                        encoding="utf-8")
        order = [(on_dir, None), (off_dir, name)]
        if attempt % 2:
            order.reverse()
        times = {}
        for builddir, off in order:
            times[off] = build(site, lang, builddir, off)
        word.append((times[None], times[name]))
    loads.append(load())

    def gain(pairs, kind):  # the time the shortcut saves, as a share of the build without it
        return round(100 * statistics.median((off[kind] - on[kind]) / off[kind] for on, off in pairs), 1)

    def seconds(pairs, side, kind):
        return [round(pair[side][kind], 2) for pair in pairs]

    return {"name": name, "lang": lang,
            "clean_gain_pct": gain(clean, 0), "word_gain_pct": gain(word, 0),
            "clean_cpu_gain_pct": gain(clean, 1), "word_cpu_gain_pct": gain(word, 1),
            "clean_on_s": seconds(clean, 0, 0), "clean_off_s": seconds(clean, 1, 0),
            "word_on_s": seconds(word, 0, 0), "word_off_s": seconds(word, 1, 0),
            "clean_on_cpu_s": seconds(clean, 0, 1), "clean_off_cpu_s": seconds(clean, 1, 1),
            "word_on_cpu_s": seconds(word, 0, 1), "word_off_cpu_s": seconds(word, 1, 1),
            "load": [round(x, 2) for x in loads]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.shortcuts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="pages per language (default 1000)")
    parser.add_argument("--names", nargs="+", help="shortcuts to measure (default: all of them, then 'all')")
    parser.add_argument("--langs", nargs="+", default=["en", "zh"], choices=["en", "zh"])
    parser.add_argument("--clean-pairs", type=int, default=2)
    parser.add_argument("--word-pairs", type=int, default=3)
    parser.add_argument("--counted", type=int, metavar="ROUNDS",
                        help="instead: time each shortcut's own functions (bench/cost_meter.py), in ROUNDS rounds")
    args = parser.parse_args(argv)
    if args.counted:
        return main_counted(args)
    chosen = args.names or [*names(), "all"]
    OUT.mkdir(parents=True, exist_ok=True)
    results = OUT / "shortcuts.jsonl"
    edits = [0]
    with tempfile.TemporaryDirectory(prefix="bench-shortcuts-") as tmp:
        site = corpus.synthetic_site(Path(tmp) / "site", args.size)
        for lang in args.langs:  # the first build writes what later builds find ready (the Chinese table)
            build(site, lang, Path(tmp) / "first", None)
        for name in chosen:
            for lang in args.langs:
                row = {"size": args.size, **measure(site, Path(tmp), lang, name, args.clean_pairs,
                                                    args.word_pairs, edits)}
                print(f"{name:>20} {lang}  clean {row['clean_gain_pct']:+5.1f} % (cpu {row['clean_cpu_gain_pct']:+5.1f} %)"
                      f"  one word {row['word_gain_pct']:+5.1f} % (cpu {row['word_cpu_gain_pct']:+5.1f} %)"
                      f"  clean on/off {row['clean_on_s']} / {row['clean_off_s']} s,"
                      f" one word on/off {row['word_on_s']} / {row['word_off_s']} s, load {row['load']}", flush=True)
                with results.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(row) + "\n")
    return 0


def main_counted(args) -> int:
    chosen = args.names or names()
    untimed = [name for name in chosen if name not in cost_meter.COUNTED]
    if untimed:  # measured as gaining nothing, it would pass the goal unseen
        raise SystemExit(f"bench/cost_meter.py times no function of {', '.join(untimed)}: add it to COUNTED")
    OUT.mkdir(parents=True, exist_ok=True)
    results = OUT / "shortcuts-counted.jsonl"
    edits = [0]
    best: dict[str, float] = {}  # each shortcut's largest gain, over languages and builds
    with tempfile.TemporaryDirectory(prefix="bench-shortcuts-") as tmp:
        site = corpus.synthetic_site(Path(tmp) / "site", args.size)
        for lang in args.langs:
            build(site, lang, Path(tmp) / "first", None)
            started = load()
            for row in counted_gains(site, Path(tmp), lang, chosen, args.counted, edits):
                best[row["name"]] = max(best.get(row["name"], -100.0), row["clean"]["gain_pct"],
                                        row["word"]["gain_pct"])
                row = {"size": args.size, "load": [round(started, 2), round(load(), 2)], **row}
                print(f"{row['name']:>20} {lang}  clean {row['clean']['gain_pct']:+6.2f} %"
                      f" ({row['clean']['off_s']:.3f} → {row['clean']['on_s']:.3f} s of {row['clean']['build_off_s']} s)"
                      f"  one word {row['word']['gain_pct']:+6.2f} %"
                      f" ({row['word']['off_s']:.3f} → {row['word']['on_s']:.3f} s of {row['word']['build_off_s']} s)"
                      f"  [{row['clock']}]", flush=True)
                with results.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(row) + "\n")
    under = sorted(name for name, gain in best.items() if gain < 2.0)
    print(f"goal 4: every shortcut gains at least 2 % of a clean or a one-word build ({', '.join(args.langs)}): "
          + ("met" if not under else f"NOT met: {', '.join(f'{name} {best[name]:+.2f} %' for name in under)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
