"""The HTML view of the claims table, one self-contained page (``claimtab render``).

``html.py`` prepares plain data and renders ``templates/page.html.j2`` (Jinja2, autoescaped)
with ``static/page.css`` and ``static/page.js`` inlined; ``marks.py`` writes the highlighted
texts (nested ``<mark>``s); ``rows.py`` reads the rows of the claims frame.
"""
