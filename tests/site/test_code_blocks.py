"""The record of rendered code and the not-run labels (``extensions/code_blocks.py``), on the real site."""

from __future__ import annotations

import json

from tools.codeproof.rendered import Rendered


def records(built_site) -> Rendered:
    return Rendered({lang: built_site.parent / "doctrees" / lang for lang in ("en", "zh")})


def test_every_page_has_a_record_of_its_code(built_site):
    rendered = records(built_site)
    for lang in ("en", "zh"):
        pages = {p.relative_to(built_site / lang).with_suffix("").as_posix()
                 for p in (built_site / lang).rglob("*.html") if "_static" not in p.parts}
        assert pages - {"search"} == set(rendered.docnames(lang))
    blocks = rendered.blocks("en", "cookbook/hertz/hello-server")
    assert blocks and all(b.source == "cookbook/hertz/hello-server.md" and b.line for b in blocks)
    assert any(b.file == "cookbook/hertz/hello-server/main.go" for b in blocks)


def test_readers_see_why_a_block_was_not_run(built_site):
    en = (built_site / "en" / "demos" / "traffic-lanes.html").read_text(encoding="utf-8")
    zh = (built_site / "zh" / "demos" / "traffic-lanes.html").read_text(encoding="utf-8")
    assert '<span class="caption-text">Not run: needs a Kubernetes cluster with Istio</span>' in en
    assert '<span class="caption-text">未运行：需要装有 Istio 的 Kubernetes 集群</span>' in zh
    record = json.loads((built_site.parent / "doctrees" / "en" / "code-blocks.json").read_text(encoding="utf-8"))
    marked = [b for b in record["demos/traffic-lanes"] if b.get("not_run")]
    assert [b["not_run"] for b in marked] == ["needs a Kubernetes cluster with Istio"]
