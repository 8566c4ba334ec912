"""The translation bookkeeping: pairs, stale hashes, stamping."""

from pathlib import Path

from tools import translations


def make(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_missing_stale_and_untranslated(tmp_path):
    make(tmp_path, {
        "docs/a.md": "# A\n",
        "docs/a.zh.md": "# 甲\n",
        "docs/b.md": "# B\n",
        "docs/c.md": "# C\n",
        "docs/c.zh.md": "---\nuntranslated: true\n---\n",
        "docs/d.md": "# D\n",
        "docs/d.zh.md": "---\ntranslation_of: 000000000000\n---\n# 丁\n",
    })
    pages = translations.scan(tmp_path)
    problems = translations.problems(pages)
    assert len(problems) == 1 and "docs/b.zh.md does not exist" in problems[0][1]
    assert pages["docs/c"].state("zh") == "untranslated"
    assert pages["docs/d"].state("zh") == "stale"
    translations.stamp(tmp_path / "docs/d.zh.md")
    assert translations.scan(tmp_path)["docs/d"].state("zh") == "ok"
    (tmp_path / "docs/d.md").write_text("# D, changed\n", encoding="utf-8")
    assert translations.scan(tmp_path)["docs/d"].state("zh") == "stale"


def test_bad_front_matter_names_file_and_line(tmp_path):
    make(tmp_path, {"docs/a.md": "---\ntitle: [unclosed\n---\n# A\n"})
    try:
        translations.scan(tmp_path)
    except translations.FrontMatterError as error:
        assert str(error).startswith(f"{tmp_path / 'docs/a.md'}:")
        assert error.line >= 2
    else:
        raise AssertionError("malformed front matter was accepted")


def test_scan_cache_rereads_changed_files_only(tmp_path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache" / "front-matter.pickle"
    make(site, {"docs/a.md": "---\ntitle: one\n---\n# A\n", "docs/a.zh.md": "# 甲\n",
                "docs/sub/b.md": "# B\n", "docs/sub/b.zh.md": "# 乙\n"})
    first = translations.scan(site, cache)
    assert list(first) == list(translations.scan(site))  # same pages, same order as without it
    read = []
    original = translations.read_front_matter
    monkeypatch.setattr(translations, "read_front_matter", lambda path: read.append(path) or original(path))
    assert translations.scan(site, cache)["docs/a"].meta["en"] == {"title": "one"}
    assert read == []  # nothing changed: nothing read
    (site / "docs/a.md").write_text("---\ntitle: two, longer\n---\n# A\n", encoding="utf-8")
    assert translations.scan(site, cache)["docs/a"].meta["en"] == {"title": "two, longer"}
    assert read == [site / "docs/a.md"]
    (site / "docs/a.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    for _ in range(2):  # a bad file is reported on every build, not remembered
        try:
            translations.scan(site, cache)
        except translations.FrontMatterError as error:
            assert error.path == site / "docs/a.md"
        else:
            raise AssertionError("malformed front matter was accepted")
