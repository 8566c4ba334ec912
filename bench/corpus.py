"""Synthetic sites for the benchmarks, built with the site's own configuration.

``base_site`` copies what a build needs (configuration, extensions, theme,
tools); ``meetings_section`` adds generated meeting records; ``pages`` adds
N pages per language of English and Chinese technical prose with code
blocks, synced tab sets, cross-references and toctree sections of 50 pages.
Everything is seeded, so a size always gives the same corpus.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ("conf.py", "redirects.yaml", "extensions", "theme", "tools")
SECTION_SIZE = 50

EN_WORDS = ("the server client request response handler middleware router codec transport "
            "timeout retry registry balancer connection pool context value service method "
            "framework protocol header body stream buffer latency throughput benchmark "
            "configure register return call pass read write close start stop each every "
            "when while because so that with without into from over under a an of to in").split()
ZH_WORDS = ("服务 客户端 请求 响应 处理函数 中间件 路由 编解码 传输层 超时 重试 注册中心 负载均衡 "
            "连接池 上下文 方法 框架 协议 请求头 消息体 流式 缓冲区 延迟 吞吐量 基准测试 配置 注册 "
            "返回 调用 传递 读取 写入 关闭 启动 停止 每个 当 因为 所以 使用 通过 进入 来自 之后 并且").split()
CODE = {
    "go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n'
          '\t\tfmt.Println("request", i)\n\t}\n}\n',
    "python": "import httpx\n\nresponse = httpx.get('http://127.0.0.1:8888/ping')\nprint(response.json())\n",
    "yaml": "server:\n  address: 127.0.0.1:8888\n  timeout: 3s\nretry:\n  max_attempts: 2\n",
    "console": "$ go run ./server -addr 127.0.0.1:8888 &\n$ curl -s http://127.0.0.1:8888/ping\n"
               '{"message":"pong"}\n',
}


def base_site(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    (target / "cookbook").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "cookbook/go.mod", target / "cookbook/go.mod")


def home(target: Path, entries: list[str]) -> None:
    toc = "\n".join(entries)
    for title, suffix in (("Home", ".md"), ("首页", ".zh.md")):
        (target / f"index{suffix}").write_text(
            f"# {title}\n\n```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n", encoding="utf-8")


def meetings_section(target: Path, meetings: int, people: int, seed: int = 7) -> None:
    section = target / "meetings"
    section.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "meetings/projects.yaml", section / "projects.yaml")
    handles = [f"member{i:03d}" for i in range(people)]
    (section / "people.yaml").write_text(
        "".join(f"- {{id: {h}, name: {h}, handles: [{h}]}}\n" for h in handles), encoding="utf-8")
    rng = random.Random(seed)
    projects = ["kitex", "hertz", "netpoll", "volo", "community"]
    start = dt.date(2000, 1, 7)
    for n in range(meetings):
        date = start + dt.timedelta(days=7 * n)
        attendees = rng.sample(handles, min(12, people))
        items = [(rng.choice(EN_WORDS[:30]), rng.sample(attendees, 1), rng.sample(projects, 2)) for _ in range(3)]
        for lang, suffix in (("en", ".md"), ("zh", ".zh.md")):
            label = "Topic" if lang == "en" else "议题"
            decided = "The group agreed on it." if lang == "en" else "会上就此达成一致。"
            todo = "Write it up." if lang == "en" else "整理成文档。"
            agenda = "".join(
                f"  - topic: {label} {i + 1} {word}\n"
                f"    presenters: [{who[0]}]\n    projects: [{', '.join(proj)}]\n    links: []\n"
                # A decision and an action item with its issue per meeting: the actions and issue pages grow too.
                + (f"    decisions:\n      - what: {decided}\n" if i == 0 else "")
                + (f"    actions:\n      - what: {todo}\n        owners: [{who[0]}]\n"
                   f"        link: https://github.com/cloudwego/kitex/issues/{n + 1}\n        status: open\n"
                   if i == 1 else "")
                for i, (word, who, proj) in enumerate(items))
            body = "".join(
                f"## {label} {i + 1} {word}\n\n"
                + (f"The group discussed {word} and agreed on next steps for {proj[0]}.\n\n" if lang == "en"
                   else f"大家讨论了 {word}，并商定了 {proj[0]} 的后续工作。\n\n")
                for i, (word, who, proj) in enumerate(items))
            title = f"Meeting {date}" if lang == "en" else f"社区会议 {date}"
            (section / f"{date}{suffix}").write_text(
                f"---\ndate: {date}\ntitle: \"{title}\"\nattendees: [{', '.join(attendees)}]\n"
                f"new_members: []\nagenda:\n{agenda}---\n\n# {title}\n\n{body}", encoding="utf-8")


def _prose(rng: random.Random, words: list[str], zh: bool, count: int) -> str:
    picked = [rng.choice(words) for _ in range(count)]
    if zh:
        text = "".join(w if i % 9 else w + "，" for i, w in enumerate(picked))
        return text.rstrip("，") + "。"
    return (" ".join(picked)).capitalize() + "."


def page_text(n: int, total: int, lang: str, rng: random.Random) -> str:
    zh = lang == "zh"
    words = ZH_WORDS if zh else EN_WORDS
    suffix = ".zh.md" if zh else ".md"
    title = (f"主题 {n}：" if zh else f"Topic {n}: ") + _prose(rng, words, zh, 4).rstrip("。.")
    parts = [f"(page-{n})=\n\n# {title}\n"]
    for section in range(3):
        heading = _prose(rng, words, zh, 3).rstrip("。.")
        parts.append(f"## {heading}\n")
        for _ in range(rng.randint(2, 4)):
            parts.append(_prose(rng, words, zh, rng.randint(60 if not zh else 90, 120)) + "\n")
        links = rng.sample(range(total), min(total, rng.randint(1, 2)))
        parts.append(" ".join(
            f"[{'见' if zh else 'See'} {target}](../{target // SECTION_SIZE:03d}/page-{target}{suffix})"
            for target in links) + "\n")
        language = rng.choice(list(CODE))
        parts.append(f"```{language}\n{CODE[language]}```\n")
        if section == 1:
            parts.append("::::{tab-set}\n:sync-group: lang\n\n:::{tab-item} Go\n:sync: go\n\n"
                         f"```go\n{CODE['go']}```\n:::\n\n:::{{tab-item}} Python\n:sync: python\n\n"
                         f"```python\n{CODE['python']}```\n:::\n::::\n")
    return "\n".join(parts)


def pages(target: Path, total: int, seed: int = 11) -> list[str]:
    """Write ``total`` pages per language; return the section index docnames."""
    sections = []
    for start in range(0, total, SECTION_SIZE):
        folder = f"docs/{start // SECTION_SIZE:03d}"
        (target / folder).mkdir(parents=True, exist_ok=True)
        names = [f"page-{n}" for n in range(start, min(total, start + SECTION_SIZE))]
        for lang, suffix, title in (("en", ".md", "Section"), ("zh", ".zh.md", "章节")):
            (target / folder / f"index{suffix}").write_text(
                f"# {title} {start // SECTION_SIZE}\n\n```{{toctree}}\n:maxdepth: 1\n\n" + "\n".join(names)
                + "\n```\n", encoding="utf-8")
            for n in range(start, min(total, start + SECTION_SIZE)):
                rng = random.Random(seed * 100003 + n * 2 + (lang == "zh"))
                (target / folder / f"page-{n}{suffix}").write_text(page_text(n, total, lang, rng), encoding="utf-8")
        sections.append(f"{folder}/index")
    return sections


def synthetic_site(target: Path, total: int) -> Path:
    base_site(target)
    meetings_section(target, meetings=2, people=5)
    home(target, pages(target, total) + ["meetings/index"])
    return target
