"""Run every benchmark of the site (``make bench``): the build, then the meetings section."""

import sys

from bench import build, meetings


def main() -> int:
    return build.main([]) or meetings.main([])


if __name__ == "__main__":
    sys.exit(main())
