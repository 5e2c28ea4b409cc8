"""The views: one widget per build, a pane per stage in pipeline order.

`BuildView(builds, ...)` is an ipywidgets Tab (Source, Preprocessed, Assembly, Object,
Link, Run, Debugger) whose `_repr_mimebundle_` also carries the same panes as static
`text/html`, so a notebook rendered without a kernel (nbconvert, Jupyter Book, GitHub)
shows everything. With two builds (--target=both) each pane has a column per target.
"""
from __future__ import annotations

import ipywidgets as W

from . import assembly, link, objectfile, preprocessed, run, source
from .diagnostics import Diagnostics, diagnostics_html
from .html import esc, wrap
from .linemap import LineColours

__all__ = ["BuildView", "Diagnostics", "LineColours"]


class BuildView(W.VBox):
    """Every stage of one %%cc cell (one build per target)."""

    def __init__(self, builds, *, title: str = "", results=None, argv=None, stdin: bytes = b"",
                 warnings: str = "", debugger=None, failure=None, **kwargs):
        """`failure`: (pane name, gcc's diagnostics) when a stage failed: the panes of the
        stages before it are shown, and the diagnostics in that stage's pane."""
        super().__init__(**kwargs)
        self.builds = list(builds)
        self.colours = LineColours(self.builds)
        self.title = title
        self.warnings = warnings
        self.debugger = debugger
        self.failure = failure
        self.failed_pane = None          # the pane that shows the failing stage's errors
        b0 = self.builds[0]
        self.panes = []              # (title, static html)
        widgets = []
        units = b0.units

        def add(name, html, widget=None):
            self.panes.append((name, html))
            widgets.append(widget or W.HTML(value=wrap(html)))

        if any(u.source is not None for u in units):
            add("Source", source.render(units, self.colours))
        if any(u.preprocessed is not None for u in units):
            add("Preprocessed", preprocessed.render(self.builds, self.colours))
        if any(u.compiled is not None for u in units):
            html = assembly.render(self.builds, self.colours, False)
            self._asm_html = W.HTML(value=wrap(html))
            self.hide_directives = W.Checkbox(value=False, description="hide directives and compiler labels",
                                              indent=False)
            self.hide_directives.observe(self._toggle_directives, "value")
            self.panes.append(("Assembly", assembly.render_static(self.builds, self.colours)))
            widgets.append(W.VBox([self.hide_directives, self._asm_html]))
        if any(u.object is not None and u.kind != "archive" for u in units):
            add("Object file", objectfile.render(self.builds, self.colours))
        if b0.link is not None:
            add("Link", link.render(self.builds, self.colours))
        if results is not None:
            add("Run", run.render(self.builds, results, argv or ["./a.out"], stdin))
        if debugger is not None:
            self.panes.append(("Debugger", debugger.static_html()))
            widgets.append(debugger)
        if failure is not None:
            stage, text = failure
            diag = diagnostics_html(text)
            names = [t for t, _ in self.panes]
            stage = stage or "Errors"
            if stage in names:      # another file got through this stage: errors above it
                i = names.index(stage)
                self.panes[i] = (stage, diag + self.panes[i][1])
                widgets[i] = W.VBox([W.HTML(value=wrap(diag)), widgets[i]])
            else:
                add(stage, diag)
            self.failed_pane = stage
        self.tabs = W.Tab(children=widgets, titles=[t for t, _ in self.panes])
        titles = [t for t, _ in self.panes]
        self.tabs.selected_index = (titles.index(self.failed_pane) if self.failed_pane
                                    else (len(widgets) - 1 if widgets else None))
        head = self._header_html()
        self.children = ([W.HTML(value=wrap(head))] if head else []) + [self.tabs]

    def _toggle_directives(self, change):
        self._asm_html.value = wrap(assembly.render(self.builds, self.colours, bool(change["new"])))

    def _header_html(self) -> str:
        out = ""
        if self.title:
            out += f'<div class="note"><code>{esc(self.title)}</code></div>'
        if self.warnings:
            out += diagnostics_html(self.warnings)
        return out

    def static_html(self) -> str:
        parts = [self._header_html()]
        last = len(self.panes) - 1
        failed = self.failed_pane
        for i, (name, html) in enumerate(self.panes):
            opened = " open" if i in (0, last) or name == failed else ""
            parts.append(f'<details class="stage"{opened}><summary>{esc(name)}</summary>{html}</details>')
        return wrap("".join(parts))

    def text(self) -> str:
        names = " | ".join(n + (" (failed)" if n == self.failed_pane else "")
                           for n, _ in self.panes)
        head = f"<ccpipeline build: {self.title or ''} [{names}]>"
        return head if self.failure is None else self.failure[1] + "\n" + head

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.text()
        data["text/html"] = self.static_html()
        return data
