"""The Jupyter face of ccpipeline: `%load_ext cellmagic`, then `%%cc` cells.

It imports `toolchain` and never the reverse. `%%cc NAME` saves the cell as NAME and
builds it as gcc would, showing a pane per stage (views/); `%%asm`, `%cc`, `%objdump`,
`%nm`, `%readelf`, `%file`, `%run` and `%ccpipeline` complete the set (magics.py).
"""
from .magics import CCMagics

__all__ = ["CCMagics", "load_ipython_extension"]


def load_ipython_extension(ipython):
    ipython.register_magics(CCMagics(ipython))
