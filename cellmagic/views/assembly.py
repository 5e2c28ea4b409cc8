"""Assembly pane: the compiler's GAS text, instruction lines in their C line's colour.

Directives and compiler labels can be hidden, as Compiler Explorer does: the live widget
has a checkbox, the static HTML a CSS-only one.
"""
from __future__ import annotations

import re

from .html import columns, esc, span, unique_id
from .linemap import asm_line_keys

_DATA = (".string", ".ascii", ".asciz", ".byte", ".short", ".hword", ".word", ".long", ".int",
         ".quad", ".xword", ".zero", ".space", ".float", ".double", ".value", ".dword")
_LABEL = re.compile(r"^\s*([\w.$@]+):\s*$")


def _kinds(lines):
    """Per line: 'insn', 'label', 'data', 'dir' (hideable) or 'blank'."""
    kinds = []
    for i, t in enumerate(lines):
        s = t.strip()
        if not s:
            kinds.append("blank")
        elif _LABEL.match(t):
            name = _LABEL.match(t).group(1)
            nxt = next((x.strip() for x in lines[i + 1:] if x.strip() and not _LABEL.match(x)), "")
            if name.startswith(".L") and not nxt.startswith(_DATA):
                kinds.append("dir")
            else:
                kinds.append("label")
        elif s.startswith("."):
            kinds.append("data" if s.startswith(_DATA) else "dir")
        elif s.startswith(("#", "//", "/*")):
            kinds.append("dir")
        else:
            kinds.append("insn")
    return kinds


def render_asm(asm: str, colours, hide: bool | None = False) -> str:
    """hide=True drops directives; None marks them `hideable` for the CSS toggle."""
    lines = asm.expandtabs(8).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    keys = asm_line_keys(asm)
    kinds = _kinds(lines)
    width = max((len(t) for t in lines), default=0) + 1
    rows = []
    for n, (t, k, kind) in enumerate(zip(lines, keys, kinds), 1):
        if hide and kind in ("dir", "blank"):
            continue
        col = colours.of(k) if k else None
        cls = {"dir": "dir", "label": "lbl"}.get(kind, "")
        if col:
            cls = "c"
        title = f"from {k[0]}:{k[1]}" if k else None
        row = f'<span class="ln">{n}</span>' + span(t.ljust(width) if col else t, cls, col, title)
        if hide is None and kind in ("dir", "blank"):
            row = f'<span class="hideable">{row}\n</span>'
            rows.append(row)
            continue
        rows.append(row + "\n")
    return '<pre class="asm">' + "".join(rows) + "</pre>"


def render(builds, colours, hide: bool | None = False) -> str:
    out = []
    names = [u.name for u in builds[0].units if u.compiled is not None]
    for name in names:
        units = [b.unit(name) for b in builds]
        out.append(f"<h4>{esc(name)} → {esc(name.rsplit('.', 1)[0] + '.s')}</h4>")
        out.append(columns([(f"{b.target.name}" + (" (Intel syntax)" if b.options.masm == "intel" and
                                                      b.target.name == "x86_64" else ""),
                             render_asm(u.compiled.asm, colours, hide)) for b, u in zip(builds, units)]))
    if not out:
        return '<div class="note">Nothing was compiled (the inputs are already assembly or objects).</div>'
    return "".join(out)


def render_static(builds, colours) -> str:
    """With a CSS-only 'hide directives' checkbox that works without a kernel."""
    ident = unique_id("asm")
    return (f'<input type="checkbox" class="toggle" id="{ident}"> '
            f'<label for="{ident}">hide directives and compiler labels</label>'
            f'<div class="asm">{render(builds, colours, None)}</div>')
