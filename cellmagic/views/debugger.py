"""Debugger pane: the emulator's step-through Debugger behind buttons.

Step (one instruction), Next (next C line, over calls), Step into (next C line, into
calls), Finish, Continue, Back (undo one instruction), Restart. After each click the kernel
answers with the new state: the source with the current line, the disassembly with the
current instruction, the registers (the ones the last step changed highlighted, flags
decoded), the stack frame's slots and the backtrace. The program starts stopped at `main`.
"""
from __future__ import annotations

import dataclasses
import time

import ipywidgets as W

from .html import esc, table, wrap
from .linemap import key
from .source import render_file

BUTTONS = (("Step", "step", "one machine instruction"),
           ("Next", "next", "to the next line of C, stepping over calls"),
           ("Step into", "step_line", "to the next line of C, into calls"),
           ("Finish", "finish", "until the current function returns"),
           ("Continue", "cont", "until a breakpoint or the end"),
           ("Back", "back", "undo one instruction"),
           ("Restart", "restart", "start again, stopped at main"))


def _field(obj, name, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _fields(obj) -> dict:
    if dataclasses.is_dataclass(obj):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return dict(obj)
    if hasattr(obj, "_asdict"):
        return obj._asdict()
    return {"": obj}


def _hex(v):
    return f"{v:#x}" if isinstance(v, int) and not isinstance(v, bool) else ("" if v is None else str(v))


class DebuggerView(W.VBox):
    def __init__(self, build, argv=None, stdin: bytes = b"", start: str = "main"):
        super().__init__()
        from ..magics import debugger_class
        self.Debugger = debugger_class()
        if self.Debugger is None:
            raise RuntimeError("not supported yet: the emulator's Debugger is not in the toolchain")
        self.build = build
        self.argv = list(argv or ["./a.out"])
        self.stdin = stdin
        self.start_at = start
        self.sources = {key(u.path, 1)[0]: u.source for u in build.units if u.source is not None}
        from .linemap import LineColours
        self.colours = LineColours([build])
        self.last_ms = None
        self.buttons = []
        for label, method, tip in BUTTONS:
            b = W.Button(description=label, tooltip=tip, layout=W.Layout(width="auto"))
            b.on_click(lambda _b, m=method: self.do(m))
            self.buttons.append(b)
        self.state = W.HTML()
        self.children = [W.HBox(self.buttons), self.state]
        self.restart()

    # -------------------------------------------------------------- driving the engine

    def restart(self, t0: float | None = None):
        self.dbg = self.Debugger(self.build.executable, argv=self.argv, stdin=self.stdin)
        self.stop = None
        self.error = None
        try:
            self.dbg.break_at(self.start_at)
            self.stop = self.dbg.cont()
        except Exception as e:   # no main (hand-written _start): stay at the entry point
            self.error = None if "main" in str(e) else f"{type(e).__name__}: {e}"
        self.refresh(t0)

    def do(self, method: str):
        """One click: the engine's command, then the new state, with the kernel's share of
        the click's latency (engine + rendering; the comm round trip is the browser's)."""
        t0 = time.perf_counter()
        if method == "restart":
            self.restart(t0)
        else:
            try:
                self.stop = getattr(self.dbg, method)()
                self.error = None
            except Exception as e:      # shown in the pane: a click never dies silently
                self.error = f"{method}: {type(e).__name__}: {e}"
            self.refresh(t0)

    def refresh(self, t0: float | None = None):
        html = self.render_state()
        if t0 is not None:
            self.last_ms = (time.perf_counter() - t0) * 1000
            html += (f'<div class="note ccp-took" data-ms="{self.last_ms:.2f}">answered by the '
                     f'kernel in {self.last_ms:.1f} ms</div>')
        self.state.value = wrap(html)

    # -------------------------------------------------------------- what is shown

    def _safe(self, fn, *a, **k):
        try:
            return fn(*a, **k), None
        except Exception as e:
            return None, f"{type(e).__name__}: {e}"

    def render_state(self) -> str:
        stop = self.stop
        loc = _field(stop, "location") if stop is not None else None
        file, line, func = _field(loc, "file"), _field(loc, "line"), _field(loc, "function")
        pc = _field(stop, "pc")
        reason = _field(stop, "reason") or "start"
        head = f'<b>{esc(reason)}</b>'
        if func:
            head += f" in <code>{esc(func)}</code>"
        if file and line:
            head += f" at <code>{esc(key(file, line)[0])}:{line}</code>"
        if pc is not None:
            head += f", pc = <code>{pc:#x}</code>"
        if reason == "exited":
            head += f' &mdash; <span class="ok">exit status {esc(_field(stop, "status"))}</span>'
        out = [f'<div class="note">{head}</div>']
        if self.error:
            out.append(f'<pre class="diag">{esc(self.error)}</pre>')
        src = ""
        name = key(file, 1)[0] if file else None
        text = self.sources.get(name) if name else None
        if text is None and name:
            try:
                with open(name, encoding="utf-8", errors="replace") as f:
                    text = self.sources[name] = f.read()
            except OSError:
                text = None
        if text is not None:
            src = f"<h4>{esc(name)}</h4>" + render_file(name, text, self.colours, current=line)
        dis, err = self._safe(self.dbg.disassemble, around=pc) if pc is not None else (None, None)
        dis_html = self._disassembly(dis, pc) if dis is not None else f'<pre class="diag">{esc(err or "")}</pre>'
        left = f"<div>{src}<h4>Disassembly</h4>{dis_html}</div>"
        regs, err = self._safe(self.dbg.registers)
        changed, _ = self._safe(self.dbg.changed)
        right = "<div><h4>Registers</h4>" + (self._registers(regs or {}, set(changed or ()))
                                              if regs is not None else f'<pre class="diag">{esc(err)}</pre>')
        stack, err = self._safe(self.dbg.stack)
        right += "<h4>Stack frame</h4>" + (self._rows(stack) if stack is not None else f'<pre>{esc(err)}</pre>')
        bt, err = self._safe(self.dbg.backtrace)
        right += "<h4>Backtrace</h4>" + (self._backtrace(bt) if bt is not None else f'<pre>{esc(err)}</pre>')
        right += "</div>"
        out.append(f'<div class="cols">{left}{right}</div>')
        return "".join(out)

    def _disassembly(self, dis, pc) -> str:
        if isinstance(dis, str):
            lines = dis.splitlines()
            rows = [f'<span class="cur">{esc(t)}</span>' if pc is not None and f"{pc:x}" in t.split(":")[0]
                    else esc(t) for t in lines]
            return "<pre>" + "\n".join(rows) + "</pre>"
        rows = []
        for d in dis:
            f = _fields(d)
            addr = f.get("address", f.get("addr", f.get("pc")))
            text = f.get("text") or " ".join(str(f.get(k, "")) for k in ("mnemonic", "operands")).strip()
            raw = f.get("bytes", b"")
            loc = f.get("line") or f.get("location")
            col = None
            if isinstance(loc, int) and f.get("file"):
                col = self.colours.of(f.get("file"), loc)
            rows.append(([_hex(addr), raw.hex(" ") if isinstance(raw, (bytes, bytearray)) else str(raw),
                          str(text) if text else str(d)],
                         {"cls": "cur" if addr == pc else "", "col": col}))
        return table(["address", "bytes", "instruction"], rows)

    def _registers(self, regs: dict, changed: set) -> str:
        cells, flags = [], []
        for name, value in regs.items():
            if isinstance(value, bool) or not isinstance(value, int) or (
                    name.isupper() and len(name) <= 3 and value in (0, 1)):   # decoded flags: CF, ZF, N, ...
                flags.append((name, value))
                continue
            cls = ' class="chg"' if name in changed else ""
            cells.append(f"<td{cls}>{esc(name)}</td><td{cls}>{value:#018x}</td>")
        rows = ["<tr>" + "".join(cells[i:i + 2]) + "</tr>" for i in range(0, len(cells), 2)]
        html = '<table class="regs ccp-regs">' + "".join(rows) + "</table>"
        if flags:
            html += '<div class="note">flags: ' + " ".join(
                f'<code{" class=chg" if n in changed else ""}>{esc(n)}={esc(int(v) if isinstance(v, bool) else v)}</code>'
                for n, v in flags) + "</div>"
        return html

    def _rows(self, items) -> str:
        items = list(items or [])
        if not items:
            return '<div class="note">(empty)</div>'
        dicts = [_fields(i) for i in items]
        headers = list(dict.fromkeys(k for d in dicts for k in d))
        def cell(h, v):
            if h in ("address", "value", "pc", "addr"):
                return _hex(v)
            if isinstance(v, (list, tuple)):
                return "; ".join(map(str, v))
            return "" if v is None else str(v)
        return table(headers, [[cell(h, d.get(h)) for h in headers] for d in dicts])

    def _backtrace(self, frames) -> str:
        rows = []
        for i, fr in enumerate(frames or []):
            f = _fields(fr)
            where = f"{key(f.get('file'), 1)[0]}:{f.get('line')}" if f.get("file") else ""
            rows.append([f"#{i}", f.get("function") or "??", where, _hex(f.get("pc"))])
        return table(["", "function", "at", "pc"], rows) if rows else '<div class="note">(none)</div>'

    def static_html(self) -> str:
        """The initial state, for renderers without a kernel (buttons shown, inert)."""
        buttons = " ".join(f"<button disabled>{esc(label)}</button>" for label, _, _ in BUTTONS)
        return (f'<div class="note">{buttons} &nbsp; (run the notebook to step)</div>'
                + self.render_state())
