"""Run every benchmark of the site (``make bench``)."""

import sys

from bench import meetings


def main() -> int:
    return meetings.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
