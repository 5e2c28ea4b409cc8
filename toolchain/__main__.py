"""`python -m toolchain <tool> ...` is `ccpipeline <tool> ...`."""
import sys

from .cli import main

sys.exit(main())
