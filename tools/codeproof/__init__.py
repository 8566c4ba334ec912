"""The proof machinery: every code block on the site is executed or marked not runnable.

- ``blocks``: find the code blocks of a Markdown page, with their lines;
- ``console``: run ``console`` sessions and compare what really came out;
- ``workspace``: the scratch copy of ``cookbook/``, free ports and background servers;
- ``accounting``: which blocks were proven, per page and language (``_build/code-proof.json``).

``tests/proof/`` drives them with pytest (``make test``).
"""
