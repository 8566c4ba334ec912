"""The accounting of the proof at the end of a run: a pytest plugin, registered once.

``tests/conftest.py`` registers it for every run, because pytest loads
``tests/proof/conftest.py`` only where tests are collected: under pytest-xdist
the controller collects nothing, and it is the controller that receives the page
reports of all workers (``user_properties``) and adds them up, once, at the end.
A worker keeps no tally.  After a full run ``_build/code-proof.json`` is written,
and code on pages no test ran, or committed generated code that no page
regenerated, fails the run.
"""

from __future__ import annotations

from tests.conftest import BUILD  # the test run's site build (built_site)
from tools.codeproof import accounting, generated
from tools.codeproof.pages import ROOT, site_pages
from tools.codeproof.rendered import records

REPORT = BUILD / "code-proof.json"
PAGE_REPORT = "code-proof"  # the user_properties key of a page's report


class ProofState:
    """The session's proof: the site's pages, the build, and the page reports as they come in."""

    def __init__(self):
        self.pages = site_pages()
        self.expected = {p.docname for p in self.pages if "en" in p.paths}
        self.reports: dict[str, dict] = {}
        self.rendered = None
        self.report = None

    def pytest_runtest_logreport(self, report):
        for key, value in getattr(report, "user_properties", ()):
            if key == PAGE_REPORT and report.when == "call":
                self.reports[value["docname"]] = value

    def pytest_sessionfinish(self, session, exitstatus):
        if hasattr(session.config, "workerinput"):
            return  # an xdist worker: the controller adds up the reports of all workers
        state = self
        if not state.reports:
            return
        pages = list(state.reports.values())
        complete = state.expected <= set(state.reports)
        roots = None
        if complete and state.rendered is None:
            # Under xdist the workers built the site: every page's test ran after that build.
            state.rendered = records(BUILD)
        if complete:
            shown = {p["docname"] for p in pages}
            for docname in sorted(set(state.rendered.docnames("en")) | set(state.rendered.docnames("zh"))):
                if docname not in shown:
                    extra = accounting.account_unrun(docname, state.rendered)
                    if extra["languages"]:
                        pages.append(extra)
            if not any(p["skipped"] for p in pages):
                roots = list(generated.roots(ROOT / "cookbook"))
        state.report = accounting.site_report(pages, roots)
        state.report["complete"] = complete
        if complete:
            accounting.write(state.report, REPORT)
        if (state.report["summary"]["unaccounted"] or state.report.get("not_regenerated")) and session.exitstatus == 0:
            session.exitstatus = 1

    def pytest_terminal_summary(self, terminalreporter, config):
        state = self
        report = state.report
        if report is None:
            return
        write = terminalreporter.write_line
        write(accounting.summary_line(report, None if report["complete"] else len(state.reports)))
        places = accounting.unaccounted(report)
        if places:
            write("unaccounted code blocks (run them, or add not-runnable=\"reason\"):")
            for place in places[:20]:
                write(f"  {place}")
            if len(places) > 20:
                write(f"  … and {len(places) - 20} more in {REPORT.relative_to(ROOT)}")
        for root in report.get("not_regenerated", []):
            write(f"cookbook/{root}: committed generated code that no page regenerates: run its generator "
                  f"in a console block of the page that shows the IDL")
        skipped = {p["docname"]: p["skipped"] for p in report["pages"].values() if p["skipped"]}
        if skipped:
            missing = sorted({line for lines in skipped.values() for line in lines})
            write(f"{len(skipped)} pages not run on this machine (CI runs them all); missing: " + "; ".join(missing))
