"""Start a new cookbook recipe from the templates.

    python -m tools.new_recipe hertz/request-id          # or: make new-recipe NAME=hertz/request-id

Writes cookbook/hertz/cors.md and cookbook/hertz/cors.zh.md (tools/templates/recipe.md and
recipe.zh.md: the recipe's sections), the program cookbook/hertz/cors/main.go, a console
block that runs it, a card in both languages of the cookbook's home page and the toctree
entry in cookbook/hertz/index.md and index.zh.md.  Every part the author must write says
``FILL IN``; the proof fails on each of them, naming its file and line (and, under a
command, what the command printed), and passes once they are all written.

Refuses (exit code 2), with one line, a NAME that is not PROJECT/NAME in lower case with
hyphens, a project the cookbook has no section for, or a recipe that exists.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tools import translations
from tools.new_meeting import fill

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "templates"
NAME = re.compile(r"^([a-z]+)/([a-z0-9]+(?:-[a-z0-9]+)*)$")
CARD = {
    "en": ":::{{grid-item-card}} FILL IN: the title of the recipe\n:link: {name}\n:link-type: doc\n\n"
          "FILL IN: one line on what the recipe shows.\n\n{{bdg-primary}}`{project}`\n:::\n",
    "zh": ":::{{grid-item-card}} FILL IN：食谱的标题\n:link: {name}\n:link-type: doc\n\n"
          "FILL IN：用一句话说明这篇食谱展示什么。\n\n{{bdg-primary}}`{project}`\n:::\n",
}
SUFFIX = {"en": ".md", "zh": ".zh.md"}


def _add_to_toctree(path: Path, entry: str) -> str:
    """The text of ``path`` with ``entry`` as the last line of its (first) toctree."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^```\{toctree\}\n(?:.*\n)*?(?=```\s*$)", text, re.M)
    if match is None:
        raise ValueError(f"{path.relative_to(path.parents[2]).as_posix()}: no toctree to add {entry} to")
    return text[:match.end()] + f"{entry}\n" + text[match.end():]


def _add_card(path: Path, project: str, card: str, root: Path) -> str:
    """The text of the cookbook's home page with ``card`` last in the grid of ``project``'s section."""
    text = path.read_text(encoding="utf-8")
    heading = re.search(rf"^## {re.escape(project)}\s*$", text, re.M | re.I)
    if heading is None:
        raise ValueError(f"{path.relative_to(root).as_posix()}: no '## {project}' section to add the card to")
    end = re.compile(r"^::::\s*$", re.M).search(text, heading.end())
    start = re.compile(r"^::::\{grid\}", re.M).search(text, heading.end())
    if end is None or start is None or start.start() > end.start():
        raise ValueError(f"{path.relative_to(root).as_posix()}: the '## {project}' section has no grid of cards")
    return text[:end.start()] + "\n" + card + text[end.start():]


def create(name: str, root: Path = ROOT) -> list[Path]:
    """Write the recipe; raise ValueError with a one-line message when refused."""
    match = NAME.match(name)
    if match is None:
        raise ValueError(f"NAME={name!r} is not PROJECT/NAME in lower case with hyphens, e.g. hertz/cors")
    project, slug = match.groups()
    cookbook = root / "cookbook"
    index = {"en": cookbook / project / "index.md", "zh": cookbook / project / "index.zh.md"}
    if not index["en"].is_file():
        known = sorted(p.parent.name for p in cookbook.glob("*/index.md"))
        raise ValueError(f"NAME={name!r}: the cookbook has no {project}/ section (it has {', '.join(known)})")
    pages = {lang: cookbook / f"{name}{suffix}" for lang, suffix in SUFFIX.items()}
    program = cookbook / name / "main.go"
    existing = [p for p in [*pages.values(), program.parent] if p.exists()]
    if existing:
        raise ValueError(f"NAME={name!r}: {existing[0].relative_to(root).as_posix()} exists already; "
                         f"edit it, or pick another name")
    values = {"name": name, "project": project, "slug": slug}
    home = {"en": cookbook / "index.md", "zh": cookbook / "index.zh.md"}
    # The Chinese indexes are stamped afterwards, unless one was stale already.
    scanned = translations.scan(root)
    up_to_date = [scanned[d].paths["zh"] for d in (f"cookbook/{project}/index", "cookbook/index")
                  if d in scanned and "zh" in scanned[d].paths and scanned[d].state("zh") == "ok"]
    # Everything is read and checked before the first file is written.
    updates = {}
    for lang in SUFFIX:
        updates[index[lang]] = _add_to_toctree(index[lang], slug)
        updates[home[lang]] = _add_card(home[lang], project, CARD[lang].format(name=name, project=project), root)
    program.parent.mkdir(parents=True)
    program.write_text(fill((TEMPLATES / "recipe.go").read_text(encoding="utf-8"), values), encoding="utf-8")
    for lang, page in pages.items():
        template = TEMPLATES / f"recipe{SUFFIX[lang]}"
        page.write_text(fill(template.read_text(encoding="utf-8"), values), encoding="utf-8")
    for path, text in updates.items():
        path.write_text(text, encoding="utf-8")
    for path in [pages["zh"], *up_to_date]:  # they say what the English pages say
        translations.stamp(path)
    return [pages["en"], pages["zh"], program, index["en"], index["zh"], home["en"], home["zh"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.new_recipe", description="Start a new cookbook recipe.")
    parser.add_argument("name", help="PROJECT/NAME, e.g. hertz/cors")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        paths = create(args.name, args.root)
    except ValueError as error:
        print(f"new-recipe: error: {error}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"{'updated' if path.name.startswith('index.') else 'created'} {path.relative_to(args.root).as_posix()}")
    print(f"next: write the program and every FILL IN; `make proof PAGE=cookbook/{args.name}` "
          f"shows what is left (contributing/code-blocks.md)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
