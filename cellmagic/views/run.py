"""Run pane: what the program printed and how it ended, as the emulator reported it."""
from __future__ import annotations

from .html import columns, esc


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def render_run(result, argv, stdin: bytes) -> str:
    if result is None:
        return '<div class="note">Not run.</div>'
    if isinstance(result, str):          # the shell's one-line refusal (exec format, ...)
        return f'<pre class="diag">{esc(result)}</pre>'
    out = [f'<pre>$ {esc(" ".join(argv))}' + (" &lt; stdin" if stdin else "") + "</pre>"]
    if stdin:
        out.append("<h4>stdin</h4><pre>" + esc(_text(stdin)) + "</pre>")
    out.append("<h4>stdout</h4><pre>" + (esc(_text(result.stdout)) or '<span class="dir">(nothing)</span>')
               + "</pre>")
    if result.stderr or result.message:
        err = _text(result.stderr) + (("\n" if result.stderr and not result.stderr.endswith(b"\n") else "")
                                      + result.message if result.message else "")
        out.append('<h4>stderr</h4><pre class="diag">' + esc(err) + "</pre>")
    if result.signal:
        status = f'<span class="err">killed by {esc(result.signal)}</span>, exit status {result.status}'
    elif result.limit:
        status = f'<span class="err">stopped: {esc(result.limit)} limit</span>, exit status {result.status}'
    else:
        cls = "ok" if result.status == 0 else "warn"
        status = f'<span class="{cls}">exit status {result.status}</span>'
    count = getattr(result, "instructions", None)
    if count is not None and getattr(result, "instructions_partial", False):
        # the emulator counts only for its first second, then runs at full speed
        status += (f' &nbsp; <span class="icount">more than {count:,} instructions executed'
                   f' (counted during the first second)</span>')
    elif count is not None:
        status += (f' &nbsp; <span class="icount">{count:,} instruction{"s" if count != 1 else ""}'
                   f' executed</span>')
    out.append(f'<div class="note">{status} &nbsp; ({result.elapsed * 1000:.1f} ms in the emulator)</div>')
    if result.fault is not None:
        out.append('<h4>Fault report</h4><pre class="diag">' + esc(result.fault.render()) + "</pre>")
    if result.unknown_syscalls:
        out.append('<div class="note">System calls the emulator does not serve (returned -ENOSYS): '
                   + esc(", ".join(map(str, result.unknown_syscalls))) + "</div>")
    return "".join(out)


def render(builds, results, argv, stdin) -> str:
    return columns([(b.target.name, render_run(r, argv, stdin)) for b, r in zip(builds, results)])
