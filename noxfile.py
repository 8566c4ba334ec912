"""Nox sessions: the same tasks as the Makefile, each in its own environment.

    nox -s docs                 # build both languages (args after -- go to sphinx-build)
    nox -s live -- --lang zh    # live preview of one language
    nox -s tests -- -k routing  # run the tests (args go to pytest)
    nox -s linkcheck
    nox -s lint

Running ``nox`` alone builds the docs; nothing else runs unasked.
"""

import os

import nox

nox.options.sessions = ["docs"]
nox.options.default_venv_backend = "venv"

PYTHON = "3.11"


def install(session: nox.Session) -> None:
    session.install("-r", "requirements.txt")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site in both languages into _build/html."""
    install(session)
    session.run("python", "-m", "tools.build", "--", *session.posargs)


@nox.session(python=PYTHON)
def live(session: nox.Session) -> None:
    """Serve one language with live reload (``-- --lang zh`` for Chinese)."""
    install(session)
    session.run("python", "-m", "tools.live", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run every test as make test does (one process per core and one more); arguments go to pytest."""
    install(session)
    # As the Makefile: the test run's Python processes reuse the bytecode of the project's modules.
    jobs = str((os.cpu_count() or 1) + 1)
    session.run("python", "-m", "pytest", "-n", jobs, "--dist", "worksteal", "--durations=15", *session.posargs,
                env={"PYTHONDONTWRITEBYTECODE": ""})


@nox.session(python=PYTHON)
def linkcheck(session: nox.Session) -> None:
    """Check external links of both languages."""
    install(session)
    session.run("python", "-m", "tools.build", "--builder", "linkcheck", "--", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Lint the Python of the site's tooling and tests."""
    install(session)
    session.run("ruff", "check", *(session.posargs or ["."]))
