"""Source pane: each C file as written, the lines that produced code in their colour."""
from __future__ import annotations

from .html import esc, pre, span
from .linemap import key


def _skipped_lines(unit) -> set:
    out = set()
    pp = unit.preprocessed
    for g in (pp.skipped if pp else []):
        if key(g.file, 1)[0] == key(unit.path, 1)[0]:
            out.update(range(g.first_line, g.last_line + 1))
    return out


def render_file(path: str, text: str, colours, skipped=(), current: int | None = None) -> str:
    lines = text.expandtabs(4).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    width = max((len(t) for t in lines), default=0) + 1
    rows = []
    for n, t in enumerate(lines, 1):
        col = colours.of(path, n)
        cls = "c" if col else ("skip" if n in skipped else "")
        title = f"{key(path, n)[0]}:{n} produced code" if col else (
            "skipped by the preprocessor" if n in skipped else None)
        body = span(t.ljust(width) if col else t, cls, col, title)
        if current == n:
            body = f'<span class="cur">{body}</span>'
        rows.append(f'<span class="ln">{n}</span>{body}')
    return pre(rows)


def render(units, colours) -> str:
    parts = []
    for u in units:
        if u.source is None:
            continue
        parts.append(f"<h4>{esc(u.name)}</h4>" + render_file(u.path, u.source, colours, _skipped_lines(u)))
    if not parts:
        return '<div class="note">No source: the inputs are objects or archives.</div>'
    legend = ('<div class="note">Coloured lines produced machine code; each keeps its colour in '
              'every later pane. Grey lines were skipped by <code>#if</code>.</div>')
    return legend + "".join(parts)
