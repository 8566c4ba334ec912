"""python -m tools.new_meeting DATE."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools import meetings_records as mr
from tools import new_meeting

ROOT = Path(__file__).resolve().parents[2]


def test_creates_both_files_that_validate(tree, capsys):
    assert new_meeting.main(["2022-11-17", "--root", str(tree.root)]) == 0
    en = (tree.meetings / "2022-11-17.md").read_text(encoding="utf-8")
    zh = (tree.meetings / "2022-11-17.zh.md").read_text(encoding="utf-8")
    assert "date: 2022-11-17\n" in en and "date: 2022-11-17\n" in zh
    assert "# CloudWeGo Community Meeting, 17 Nov 2022\n" in en
    assert "# 2022 年 11 月 17 日社区会议\n" in zh
    assert "{{" not in en + zh
    records = mr.check(tree.root)
    assert records.dates() == ["2022-11-17", "2022-09-22"]
    assert "created meetings/2022-11-17.md" in capsys.readouterr().out


def test_refuses_a_date_that_has_minutes(tree, capsys):
    before = (tree.meetings / "2022-09-22.md").read_text(encoding="utf-8")
    assert new_meeting.main(["2022-09-22", "--root", str(tree.root)]) == 2
    err = capsys.readouterr().err
    assert "minutes for 2022-09-22 already exist" in err and "meetings/2022-09-22.md" in err
    assert (tree.meetings / "2022-09-22.md").read_text(encoding="utf-8") == before


def test_refuses_when_only_one_language_exists(tree, capsys):
    (tree.meetings / "2022-10-01.zh.md").write_text("x", encoding="utf-8")
    assert new_meeting.main(["2022-10-01", "--root", str(tree.root)]) == 2
    assert not (tree.meetings / "2022-10-01.md").exists()


@pytest.mark.parametrize("bad", ["2022-13-01", "2022-11-31", "22-11-17", "2022/11/17", "tomorrow", ""])
def test_refuses_a_malformed_date(tree, capsys, bad):
    assert new_meeting.main([bad, "--root", str(tree.root)]) == 2
    assert "is not a valid date" in capsys.readouterr().err
    assert sorted(p.name for p in tree.meetings.glob("*.md")) == ["2022-09-22.md", "2022-09-22.zh.md"]


def test_module_entry_point_exit_code(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "tools.new_meeting", "2022-02-30", "--root", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "new-meeting: error:" in proc.stderr
