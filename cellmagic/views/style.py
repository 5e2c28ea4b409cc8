"""The look of every pane: one stylesheet (no web fonts, no CDN), and the line palette.

The stylesheet is scoped under `.ccp` so it touches nothing else on the page. Colours
that carry meaning (which C line a row came from) are also written inline on each
element, so a renderer that drops <style> (some static viewers do) still shows them.
"""

# Pastel backgrounds, distinguishable side by side, readable with black text.
PALETTE = (
    "#ffe08a", "#a8e6a3", "#9fd3ff", "#ffb3c7", "#d7b8ff", "#ffc99a", "#9ee8e0",
    "#e6ee9c", "#f5b8ee", "#c5cae9", "#ffab91", "#b2dfdb",
)

CSS = """
.ccp { font-family: -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
       font-size: 13px; color: #1b1b1b; background: #fff; }
.ccp pre, .ccp code, .ccp .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
       font-size: 12.5px; }
.ccp pre { margin: 0; padding: 4px 6px; background: #fafafa; border: 1px solid #e3e3e3;
       border-radius: 3px; overflow-x: auto; line-height: 1.35; white-space: pre; }
.ccp .ln { display: inline-block; min-width: 2.6em; color: #8a8a8a; text-align: right;
       padding-right: 0.8em; user-select: none; }
.ccp .c { color: #000; border-radius: 2px; }
.ccp .lm { color: #7a7a7a; font-style: italic; }
.ccp .dir { color: #6a737d; }
.ccp .lbl { color: #8b3f00; font-weight: bold; }
.ccp .skip { color: #b0b0b0; }
.ccp .cur { outline: 2px solid #d32f2f; background: #ffebee !important; }
.ccp .chg { background: #fff59d; font-weight: bold; }
.ccp .rel { color: #8e24aa; }
.ccp .relb { text-decoration: underline wavy #8e24aa; color: #8e24aa; font-weight: bold; }
.ccp .patched { color: #1565c0; font-weight: bold; }
.ccp table { border-collapse: collapse; margin: 2px 0 8px 0; }
.ccp th { text-align: left; background: #f0f0f0; font-weight: 600; padding: 2px 8px;
       border-bottom: 1px solid #ccc; }
.ccp td { padding: 1px 8px; vertical-align: top; border-bottom: 1px solid #f0f0f0;
       font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; white-space: pre; }
.ccp h4 { margin: 8px 0 3px 0; font-size: 13px; }
.ccp .cols { display: flex; gap: 12px; align-items: flex-start; }
.ccp .cols > div { flex: 1 1 0; min-width: 0; overflow-x: auto; }
.ccp .note { color: #555; margin: 2px 0 6px 0; }
.ccp .err { color: #c62828; font-weight: bold; }
.ccp .warn { color: #8e24aa; font-weight: bold; }
.ccp .ok { color: #2e7d32; font-weight: bold; }
.ccp .diag { background: #fff8f8; border-color: #f2c4c4; }
.ccp details { margin: 4px 0; }
.ccp details > summary { cursor: pointer; font-weight: 600; padding: 3px 0; }
.ccp .stage { border-left: 3px solid #90a4ae; padding-left: 8px; margin: 6px 0; }
.ccp .scroll { max-height: 420px; overflow: auto; }
.ccp .toggle:checked ~ .asm .hideable { display: none; }
.ccp .regs td.chg { background: #fff59d; font-weight: bold; }
"""


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]
