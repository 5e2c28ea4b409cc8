"""GCC-style diagnostics as an output: coloured HTML and the same text as text/plain."""
from __future__ import annotations

import re

from .html import esc, wrap

_HEAD = re.compile(r"^(.*?)(fatal error|error|Error|warning|Warning|note)(:)(.*)$")


def _line_html(line: str) -> str:
    m = _HEAD.match(line)
    if not m:
        return esc(line)
    sev = m.group(2).lower()
    cls = "err" if "error" in sev else ("warn" if sev == "warning" else "dir")
    return f"<b>{esc(m.group(1))}</b><span class=\"{cls}\">{esc(m.group(2))}:</span>{esc(m.group(4))}"


def diagnostics_html(text: str) -> str:
    return '<pre class="diag">' + "\n".join(_line_html(l) for l in text.split("\n")) + "</pre>"


class Diagnostics:
    """What a failed (or warned) build printed; displays as gcc's stderr does."""

    def __init__(self, text: str, status: int = 1):
        self.text = text
        self.status = status

    def _repr_html_(self):
        return wrap(diagnostics_html(self.text))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.text, "text/html": self._repr_html_()}

    def __repr__(self):
        return self.text
