"""Where Coalition leans on Textual's (and textual-serve's) private parts, one module per concern.

Each module names in its docstring every private name it relies on and why no
public API does the job; ``tests/test_textual_internals.py`` fails loudly when an
upgrade changes one of them, and ``docs/textual-internals.md`` lists them all
(with the per-concern modules that live beside what they serve:
``terminal_input``, ``widgets/exact_text``, ``widgets/long_lines``,
``widgets/steady_footer``, ``screens/base``, ``serve``).
"""
