"""The options `ccpipeline run` and `ccpipeline debug` share: [--target=T] [--timeout=S] [--]."""
from __future__ import annotations

from ..target import get_target


def parse_run_args(args: list[str], tool: str):
    """-> (target or None, timeout, index of FILE in args). Raises ValueError with the message
    the command prints (`run: unrecognized option '--x'`)."""
    target, timeout, i = None, 10.0, 0
    while i < len(args) and args[i].startswith("--"):
        a = args[i]
        try:
            if a.startswith("--target="):
                target = get_target(a.split("=", 1)[1])
            elif a == "--target":
                target, i = get_target(args[i + 1]), i + 1
            elif a.startswith("--timeout="):
                timeout = float(a.split("=", 1)[1])
            elif a == "--timeout":
                timeout, i = float(args[i + 1]), i + 1
            elif a == "--":
                i += 1
                break
            else:
                raise ValueError(f"{tool}: unrecognized option '{a}'")
        except (IndexError, KeyError) as e:
            raise ValueError(f"{tool}: bad value for {a}") from e
        except ValueError as e:
            if str(e).startswith(f"{tool}:"):
                raise
            raise ValueError(f"{tool}: bad value for {a}: {e}") from None
        i += 1
    if i >= len(args):
        raise ValueError(f"usage: {tool} [--target=T] [--timeout=S] FILE [ARGS...]")
    return target, timeout, i
