"""Run every benchmark of the site (``make bench``): the build, then the meetings section.

Issue 27's goals, and where each figure comes from:

- 1, 2 (warm ``make test`` ≤ 4 min; one page's proof ≤ 15 s): ``bench.contributor``, run
  only when asked (``make bench BENCH_TESTS=1``): it runs the whole test suite;
- 3 (a recipe in one command): not a time;
- 4 (each shortcut of ``extensions/build_speed/`` earns its keep): ``python -m bench.shortcuts
  --counted 2``, run only when asked (``make bench BENCH_SHORTCUTS=1``: about half an hour, two
  rounds of a clean and a one-word build per shortcut and language at 1,000 pages);
- 5 (rjieba against the site's Chinese splitter): ``python -m bench.chinese_split`` (needs rjieba);
- 6 (1,000 pages within 6× the floor, time per page flat to 5,000 pages, a one-word
  edit ≤ 1.5 s, no stale page): ``bench.build``, always.
"""

import os
import sys

from bench import build, contributor, meetings, shortcuts


def main() -> int:
    code = build.main([]) or meetings.main([])
    if os.environ.get("BENCH_SHORTCUTS"):
        code = code or shortcuts.main(["--counted", "2"])
    else:
        print("goal 4 (each shortcut's gain): not measured; make bench BENCH_SHORTCUTS=1, "
              "or python -m bench.shortcuts --counted 2")
    if os.environ.get("BENCH_TESTS"):
        code = code or contributor.main([])
    else:
        print("goals 1 and 2 (make test, one page's proof): not timed; make bench BENCH_TESTS=1, "
              "or python -m bench.contributor")
    print("goal 5 (rjieba): python -m bench.chinese_split (after .venv/bin/pip install rjieba==0.2.2)")
    return code


if __name__ == "__main__":
    sys.exit(main())
