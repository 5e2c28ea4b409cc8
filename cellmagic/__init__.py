"""The Jupyter face of ccpipeline: `%load_ext cellmagic`, then `%%cc` cells.

It imports `toolchain` and never the reverse. The magics and the per-stage views are
built in the notebook-face issue; until then this package only reserves the name.
"""


def load_ipython_extension(ipython):
    raise ImportError("not supported yet: the %%cc magics (the notebook face is the next step; "
                      "use the `ccpipeline` command line meanwhile)")
