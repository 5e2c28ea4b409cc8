"""Small HTML builders shared by the panes. Everything is escaped here, once."""
from __future__ import annotations

import html as _html
import itertools

from .style import CSS

_ids = itertools.count(1)


def esc(text) -> str:
    return _html.escape(str(text), quote=True)


def unique_id(prefix: str = "ccp") -> str:
    import os
    return f"{prefix}-{os.getpid():x}-{next(_ids)}"


def wrap(body: str) -> str:
    """A self-contained fragment: the stylesheet and the content, in a `.ccp` box."""
    return f'<div class="ccp"><style>{CSS}</style>{body}</div>'


def bg(col: str | None) -> str:
    return f' style="background:{col};color:#000"' if col else ""


def span(text, cls: str = "", col: str | None = None, title: str | None = None) -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += bg(col)
    if title:
        attrs += f' title="{esc(title)}"'
    return f"<span{attrs}>{esc(text)}</span>"


def table(headers, rows, cls: str = "") -> str:
    """rows: lists of cells; a cell is text (escaped) or (html, style) for pre-built HTML."""
    out = [f'<table class="{cls}">' if cls else "<table>", "<tr>"]
    out += [f"<th>{esc(h)}</th>" for h in headers]
    out.append("</tr>")
    for r in rows:
        attrs = ""
        if isinstance(r, tuple) and len(r) == 2 and isinstance(r[1], dict):
            r, opts = r
            if opts.get("col"):
                attrs = bg(opts["col"])
            if opts.get("cls"):
                attrs += f' class="{opts["cls"]}"'
        out.append(f"<tr{attrs}>")
        for c in r:
            if isinstance(c, Raw):
                out.append(f"<td>{c}</td>")
            else:
                out.append(f"<td>{esc(c)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


class Raw(str):
    """HTML that is already escaped (a table cell that holds markup)."""


def columns(parts: list[tuple[str, str]]) -> str:
    """Side-by-side columns, each (title, html). One part: no columns at all."""
    if len(parts) == 1:
        return parts[0][1]
    return '<div class="cols">' + "".join(
        f"<div><h4>{esc(t)}</h4>{h}</div>" for t, h in parts) + "</div>"


def pre(lines_html: list[str], cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<pre{c}>" + "\n".join(lines_html) + "</pre>"


def hexbytes(data: bytes) -> str:
    return " ".join(f"{b:02x}" for b in data)
