"""The file jail: a directory of the host that the emulated process sees as its whole file
system, "/" included.

Paths are resolved here, one component at a time, the way the kernel's namei does, but
against the jail: an absolute path starts at the jail's root, `..` stops at it, and every
symbolic link is read and followed by us (an absolute link target also starts at the jail's
root), so the host path we finally hand to `os.open` contains no symlink we did not check
and cannot leave the jail. `/etc/passwd` is `<jail>/etc/passwd`, which usually does not
exist (ENOENT).
"""
from __future__ import annotations

import errno
import os
import stat as st

MAXSYMLINKS = 40      # the kernel's limit before ELOOP
PATH_MAX = 4096
NAME_MAX = 255


class JailError(Exception):
    def __init__(self, code: int):
        super().__init__(os.strerror(code))
        self.errno = code


class HostFile:
    """An open file description for a real file (or directory) inside the jail."""

    def __init__(self, fd: int, flags: int, parts: list[str], is_dir: bool):
        self.fd = fd              # the host's file descriptor
        self.flags = flags        # the guest's open flags (for F_GETFL)
        self.parts = parts        # where it is, as components below the jail's root
        self.is_dir = is_dir
        self.closed = False

    @property
    def readable(self) -> bool:
        return self.flags & 3 in (0, 2)

    @property
    def writable(self) -> bool:
        return self.flags & 3 in (1, 2)

    def close(self):
        if not self.closed:
            self.closed = True
            try:
                os.close(self.fd)
            except OSError:
                pass


class Jail:
    def __init__(self, root: str | os.PathLike | None = None):
        self.root = os.path.realpath(os.fspath(root) if root is not None else os.getcwd())

    def host(self, parts: list[str]) -> str:
        return os.path.join(self.root, *parts) if parts else self.root

    def resolve(self, start: list[str], path: bytes, follow_last: bool = True) -> list[str]:
        """The components (below the root) that `path` names, relative to `start`.

        Raises JailError(ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG) as the kernel would; the last
        component need not exist (open may create it)."""
        if not path:
            raise JailError(errno.ENOENT)
        if len(path) >= PATH_MAX:
            raise JailError(errno.ENAMETOOLONG)
        text = os.fsdecode(path)
        parts = [] if text.startswith("/") else list(start)
        todo = [c for c in text.split("/") if c not in ("", ".")]
        must_be_dir = text.endswith("/") or text.endswith("/.") or text in (".", "..")
        links = 0
        while todo:
            name = todo.pop(0)
            if name == "..":
                if parts:
                    parts.pop()
                continue
            if len(os.fsencode(name)) > NAME_MAX:
                raise JailError(errno.ENAMETOOLONG)
            candidate = parts + [name]
            last = not todo
            try:
                info = os.lstat(self.host(candidate))
            except FileNotFoundError:
                if last:
                    return candidate
                raise JailError(errno.ENOENT) from None
            except NotADirectoryError:
                raise JailError(errno.ENOTDIR) from None
            except OSError as e:
                raise JailError(e.errno or errno.EACCES) from None
            if st.S_ISLNK(info.st_mode) and (not last or follow_last or must_be_dir):
                links += 1
                if links > MAXSYMLINKS:
                    raise JailError(errno.ELOOP)
                target = os.readlink(self.host(candidate))
                todo = [c for c in target.split("/") if c not in ("", ".")] + todo
                if target.startswith("/"):
                    parts = []
                continue
            if not last and not st.S_ISDIR(info.st_mode):
                raise JailError(errno.ENOTDIR)
            parts = candidate
        return parts

    def display(self, parts: list[str]) -> str:
        return "/" + "/".join(parts)
