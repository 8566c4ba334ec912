"""The proof machinery: every code block on the site is executed or marked not runnable.

- ``rendered``: the code blocks a reader sees, as the build recorded them (``extensions/code_blocks.py``);
- ``blocks``: the blocks of a Markdown page that the harness can run, with their lines;
- ``pages``: run a page's blocks in order, the way a reader would;
- ``console``: ``console`` sessions, and the bounded rules that normalise their output;
- ``workspace``: the scratch copy of ``cookbook/``, free ports and background servers;
- ``provenance``: which files a page's commands compiled (``go list``) or consumed;
- ``generated``: committed generated code equals what its generator writes now;
- ``excerpts``: excerpts cut at named markers;
- ``parity``: both languages show the same code;
- ``accounting``: which rendered blocks were proven, per page and language (``_build/code-proof.json``).

``tests/proof/`` drives them with pytest (``make test``).
"""
