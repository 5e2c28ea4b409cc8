"""Preprocessed pane: the .i text as cpp wrote it (linemarkers kept), and the macros expanded."""
from __future__ import annotations

from .html import columns, esc, pre, span, table


def render_text(pp, colours) -> str:
    lines = pp.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lmap = pp.line_map or []
    width = max((len(t) for t in lines), default=0) + 1
    rows = []
    for i, t in enumerate(lines):
        where = lmap[i] if i < len(lmap) else None
        col = colours.of(*where) if where else None
        if t.startswith("# ") and where is None:
            body = span(t, "lm", title="linemarker: the lines below come from this file and line")
        else:
            title = f"from {where[0]}:{where[1]}" if where else None
            body = span(t.ljust(width) if col else t, "c" if col else "", col, title)
        rows.append(f'<span class="ln">{i + 1}</span>{body}')
    return pre(rows)


def _expansion_rows(exps, depth=0, out=None):
    out = [] if out is None else out
    for e in exps:
        where = f"{e.file}:{e.line}:{e.column}"
        call = e.name
        if e.args is not None:
            call += "(" + ", ".join(str(a) for a in e.args) + ")"
        out.append(["  " * depth + where, "  " * depth + call,
                    f"#define {e.definition}" + (f"   ({e.definition_file}:{e.definition_line})"
                                                  if e.definition_file else ""),
                    e.result if e.result != "" else "(nothing)",
                    "#if" if e.in_directive else ""])
        if e.nested:
            _expansion_rows(e.nested, depth + 1, out)
    return out


def render_unit(unit, colours) -> str:
    pp = unit.preprocessed
    parts = [render_text(pp, colours)]
    if pp.expansions:
        parts.append(f"<h4>Macro expansions ({sum(1 for _ in pp.all_expansions())})</h4>")
        parts.append(table(["where", "macro", "definition", "became", "in"],
                           _expansion_rows(pp.expansions)))
    else:
        parts.append('<div class="note">No macro was expanded.</div>')
    if pp.skipped:
        parts.append("<h4>Skipped by the preprocessor</h4>")
        parts.append(table(["file", "lines", "because"],
                           [[g.file, f"{g.first_line}-{g.last_line}", g.directive] for g in pp.skipped]))
    if pp.includes:
        inc = [["  " * r.depth + r.path, f"{r.from_file}:{r.from_line}" if r.from_file else "",
                "<...>" if r.system else '"..."'] for r in pp.includes if r.depth > 0]
        if inc:
            parts.append("<h4>Included files</h4>" + table(["file", "included from", "form"], inc))
    return "".join(parts)


def render(builds, colours) -> str:
    """One block per C unit; targets side by side only when their text differs."""
    out = []
    names = [u.name for u in builds[0].units if u.preprocessed is not None]
    for name in names:
        units = [b.unit(name) for b in builds]
        out.append(f"<h4>{esc(name)} → {esc(name.rsplit('.', 1)[0] + '.i')}</h4>")
        if len(units) == 1 or all(u.preprocessed.text == units[0].preprocessed.text for u in units):
            if len(units) > 1:
                out.append('<div class="note">The same text for both targets.</div>')
            out.append(render_unit(units[0], colours))
        else:
            out.append(columns([(b.target.name, render_unit(u, colours)) for b, u in zip(builds, units)]))
    if not out:
        return '<div class="note">Nothing was preprocessed.</div>'
    return "".join(out)
