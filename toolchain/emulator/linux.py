"""The Linux system calls a sandboxed process gets, with the kernel's answers and errnos.

The process starts with three open file descriptors: 0 is the read end of a pipe holding
the caller's stdin bytes, 1 and 2 are write ends of pipes we capture (so glibc's stdio
fully buffers stdout, as it does under a pipe on Linux). Files live in a jail (`jail.py`):
a host directory that the process sees as "/" (its working directory too), which `..`,
absolute paths and symlinks cannot leave. Syscalls are looked up by name through
`target.syscalls`; arch-specific ones (arch_prctl)
come from the arch module. A call we do not serve returns -ENOSYS, as a kernel without that
call would, and is recorded.

Each handler takes the six raw argument registers it needs and returns the value the
kernel would put in the return register (a negative errno on failure).
"""
from __future__ import annotations

import errno as _errno
import os
import posixpath
import stat as _stat
import struct
import time

from unicorn import UcError

from . import signals
from .jail import HostFile, Jail, JailError
from .memory import (PAGE, PROT_EXEC, PROT_READ, PROT_WRITE, AddressSpace, Fault,
                     page_down, page_up)

EPERM, ENOENT, ESRCH, EBADF, ENOMEM, EFAULT, EEXIST, ENODEV = 1, 2, 3, 9, 12, 14, 17, 19
EINVAL, ENOTTY, ESPIPE, ERANGE, ENOSYS, ENAMETOOLONG = 22, 25, 29, 34, 38, 36
ENOTDIR, EISDIR, EBUSY, EXDEV, EACCES = 20, 21, 16, 18, 13

MAP_FIXED, MAP_ANONYMOUS = 0x10, 0x20
MAP_FIXED_NOREPLACE = 0x100000
MADV_DONTNEED = 4
AT_FDCWD = -100
AT_EMPTY_PATH = 0x1000
AT_SYMLINK_NOFOLLOW = 0x100
AT_REMOVEDIR = 0x200
RENAME_NOREPLACE, RENAME_EXCHANGE = 1, 2
# open(2) flags that are the same on x86-64 and AArch64; O_DIRECTORY and O_NOFOLLOW differ
# and come from the arch module
O_ACCMODE, O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, O_APPEND, O_NONBLOCK = 3, 0o100, 0o200, 0o400, 0o1000, 0o2000, 0o4000
O_CLOEXEC = 0o2000000
TCGETS = 0x5401
F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD_CLOEXEC = 0, 1, 2, 3, 4, 1030
O_RDONLY, O_WRONLY = 0, 1
SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK = 0, 1, 2
S_IFIFO = 0o010000
RLIM_INFINITY = (1 << 64) - 1
RLIMIT_STACK, RLIMIT_NOFILE, RLIMIT_AS = 3, 7, 9

PID = 4242          # fixed, so runs are reproducible
PPID = 4241
HOME = "/home/user"
UNAME = dict(sysname="Linux", nodename="ccpipeline", release="6.1.0-ccpipeline",
             version="#1 SMP PREEMPT_DYNAMIC", domainname="(none)")
MAX_RW = 0x7FFFF000  # the kernel clamps one read/write to this many bytes
PIPE_INODES = {0: 30001, 1: 30002, 2: 30003}


def _s64(x: int) -> int:
    return x - (1 << 64) if x & (1 << 63) else x


def _s32(x: int) -> int:
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x & (1 << 31) else x


class Pipe:
    """One end of a pipe: stdin's read end or a captured write end."""

    def __init__(self, fd: int, writable: bool, data: bytes = b""):
        self.inode = PIPE_INODES[fd]
        self.writable = writable
        self.data = data
        self.pos = 0
        self.out = bytearray()


class Linux:
    """The kernel side of one process. The arch module calls `syscall(nr, args)`."""

    def __init__(self, target, arch, space: AddressSpace, *, stdin: bytes, brk: int,
                 execfn: str, mmap_top: int, deadline=None, cwd=None):
        self.target = target
        self.arch = arch
        self.space = space
        self.names = dict(target.syscall_names)
        self.stdin = Pipe(0, False, bytes(stdin))
        self.stdout = Pipe(1, True)
        self.stderr = Pipe(2, True)
        self.fds = {0: self.stdin, 1: self.stdout, 2: self.stderr}
        self.cloexec: set[int] = set()
        self.brk_start = self.brk_cur = brk
        self.mmap_top = mmap_top
        self.jail = Jail(cwd)
        self.cwd: list[str] = []      # the working directory, as components below the jail
        self.execfn = posixpath.normpath(posixpath.join("/", execfn))
        self.keep_closed = False      # the debugger keeps closed host files for step-back
        self._host_files: list[HostFile] = []
        self.output_limit = 1 << 20
        self.output_total = 0
        self.deadline = deadline      # perf_counter time when the run's time limit ends
        self.sigmask = 0
        self.sigpending = 0
        self.rlimits = {RLIMIT_STACK: (8 << 20, RLIM_INFINITY), RLIMIT_NOFILE: (1024, 1 << 20),
                        RLIMIT_AS: (space.limit, space.limit)}
        self.clear_child_tid = 0
        self.unknown: list[str] = []
        # what ends the run; the machine reads these after each syscall
        self.exit_status: int | None = None
        self.term_signal: int | None = None
        self.output_exceeded = False

    @property
    def stopped(self) -> bool:
        return self.exit_status is not None or self.term_signal is not None or self.output_exceeded

    # -- dispatch ------------------------------------------------------------------------
    def syscall(self, nr: int, args: tuple, compat: bool = False) -> int:
        """`compat`: the 32-bit x86 ABI (`int $0x80`), numbered from the i386 table."""
        name = self.arch.COMPAT_SYSCALLS.get(nr) if compat else self.names.get(nr)
        handler = None
        if name:
            arch_handler = getattr(self.arch, "sys_" + name, None)
            if arch_handler is not None:
                handler = lambda *a: arch_handler(self, *a)  # noqa: E731
            else:
                handler = getattr(self, "sys_" + name, None)
        if handler is None:
            label = name or (f"int $0x80 syscall {nr}" if compat else f"syscall {nr}")
            if label not in self.unknown:
                self.unknown.append(label)
            return -ENOSYS
        try:
            return handler(*args)
        except Fault:
            return -EFAULT
        except UcError:
            # unicorn could not map what we asked for (host memory): what the kernel
            # says when it cannot find memory for a mapping
            return -ENOMEM

    # -- process -------------------------------------------------------------------------
    def sys_exit(self, status, *_):
        self.exit_status = status & 0xFF
        return 0

    def sys_exit_group(self, status, *_):
        self.exit_status = status & 0xFF
        return 0

    def sys_getpid(self, *_):
        return PID

    def sys_gettid(self, *_):
        return PID

    def sys_getppid(self, *_):
        return PPID

    def sys_getuid(self, *_):
        return 1000

    sys_geteuid = sys_getgid = sys_getegid = sys_getuid

    def sys_set_tid_address(self, tidptr, *_):
        self.clear_child_tid = tidptr
        return PID

    def sys_set_robust_list(self, head, length, *_):
        return 0 if length == 24 else -EINVAL

    def sys_rseq(self, *_):
        # a kernel built without CONFIG_RSEQ; glibc carries on without it
        return -ENOSYS

    def sys_sched_yield(self, *_):
        return 0

    def sys_uname(self, buf, *_):
        fields = [UNAME["sysname"], UNAME["nodename"], UNAME["release"], UNAME["version"],
                  self.target.name, UNAME["domainname"]]
        self.space.write(buf, b"".join(f.encode().ljust(65, b"\0")[:65] for f in fields))
        return 0

    def sys_prlimit64(self, pid, resource, new, old, *_):
        if pid not in (0, PID):
            return -ESRCH
        if resource >= 16:
            return -EINVAL
        current = self.rlimits.get(resource, (RLIM_INFINITY, RLIM_INFINITY))
        if new:
            cur, mx = struct.unpack("<QQ", self.space.read(new, 16))
            if cur > mx:
                return -EINVAL
            if mx > current[1]:
                return -EPERM      # raising a hard limit needs CAP_SYS_RESOURCE
        if old:
            self.space.write(old, struct.pack("<QQ", *current))
        if new:
            self.rlimits[resource] = (cur, mx)
        return 0

    def sys_getcwd(self, buf, size, *_):
        path = os.fsencode(self.jail.display(self.cwd)) + b"\0"
        if size < len(path):
            return -ERANGE
        self.space.write(buf, path)
        return len(path)

    def sys_readlink(self, path, buf, size, *_):
        return self.sys_readlinkat(AT_FDCWD & 0xFFFFFFFF, path, buf, size)

    def sys_readlinkat(self, dirfd, path, buf, size, *_):
        name = self.space.read_cstring(path)
        if _s32(size) <= 0:
            return -EINVAL
        if name != b"/proc/self/exe":
            parts = self._resolve(dirfd, name, follow=False)
            if isinstance(parts, int):
                return parts
            link = _host(os.readlink, self.jail.host(parts))
            if isinstance(link, int):
                return link
            link = os.fsencode(link)[:size]
            self.space.write(buf, link)
            return len(link)
        target = self.execfn.encode()[:size]
        self.space.write(buf, target)
        return len(target)

    def sys_getrandom(self, buf, count, flags, *_):
        count = min(count, 1 << 25)
        self.space.write(buf, os.urandom(count))
        return count

    # -- signals: no handlers, so a signal that is delivered takes its default action -----
    def sys_rt_sigprocmask(self, how, nset, oset, sigsetsize, *_):
        if sigsetsize != 8:
            return -EINVAL
        old = self.sigmask
        if nset:
            new = int.from_bytes(self.space.read(nset, 8), "little")
            if how == SIG_BLOCK:
                mask = old | new
            elif how == SIG_UNBLOCK:
                mask = old & ~new
            elif how == SIG_SETMASK:
                mask = new
            else:
                return -EINVAL
        if oset:
            self.space.write(oset, old.to_bytes(8, "little"))
        if nset:
            # SIGKILL and SIGSTOP can never be blocked
            self.sigmask = mask & ~((1 << 8) | (1 << 18))
            self._deliver_pending()
        return 0

    def sys_kill(self, pid, sig, *_):
        if _s32(pid) not in (PID, 0, -1, -PID):
            return -ESRCH
        return self._send(sig)

    def sys_tgkill(self, tgid, tid, sig, *_):
        if _s32(tgid) != PID or _s32(tid) != PID:
            return -ESRCH if _s32(tgid) > 0 and _s32(tid) > 0 else -EINVAL
        return self._send(sig)

    def sys_tkill(self, tid, sig, *_):
        if _s32(tid) != PID:
            return -ESRCH if _s32(tid) > 0 else -EINVAL
        return self._send(sig)

    def _send(self, sig):
        sig = _s32(sig)
        if sig < 0 or sig > signals.NSIG:
            return -EINVAL
        if sig:
            self.sigpending |= 1 << (sig - 1)
            self._deliver_pending()
        return 0

    def _deliver_pending(self):
        ready = self.sigpending & ~self.sigmask
        for sig in range(1, signals.NSIG + 1):
            if ready & (1 << (sig - 1)):
                self.sigpending &= ~(1 << (sig - 1))
                if signals.default_action(sig) in ("term", "core"):
                    self.term_signal = sig
                    return

    # -- time ----------------------------------------------------------------------------
    _CLOCKS = {0: time.CLOCK_REALTIME, 1: time.CLOCK_MONOTONIC,
               2: time.CLOCK_PROCESS_CPUTIME_ID, 3: time.CLOCK_THREAD_CPUTIME_ID,
               4: time.CLOCK_MONOTONIC_RAW, 5: 5, 6: 6, 7: time.CLOCK_BOOTTIME}

    def sys_clock_gettime(self, clock, tp, *_):
        clock = _s32(clock)
        if clock not in self._CLOCKS:
            return -EINVAL
        ns = time.clock_gettime_ns(self._CLOCKS[clock])
        self.space.write(tp, struct.pack("<qq", ns // 10**9, ns % 10**9))
        return 0

    def sys_clock_getres(self, clock, res, *_):
        clock = _s32(clock)
        if clock not in self._CLOCKS:
            return -EINVAL
        if res:
            # the coarse clocks tick with the scheduler (CONFIG_HZ=250)
            self.space.write(res, struct.pack("<qq", 0, 4_000_000 if clock in (5, 6) else 1))
        return 0

    def sys_gettimeofday(self, tv, tz, *_):
        ns = time.time_ns()
        if tv:
            self.space.write(tv, struct.pack("<qq", ns // 10**9, ns % 10**9 // 1000))
        if tz:
            self.space.write(tz, bytes(8))
        return 0

    def sys_time(self, tloc, *_):
        now = time.time_ns() // 10**9
        if tloc:
            self.space.write(tloc, struct.pack("<q", now))
        return now

    def sys_nanosleep(self, req, rem, *_):
        return self._sleep(req)

    def sys_clock_nanosleep(self, clock, flags, req, rem, *_):
        if _s32(clock) not in self._CLOCKS or _s32(clock) in (2, 3, 5, 6):
            return -EINVAL
        if flags & 1:   # TIMER_ABSTIME
            sec, nsec = struct.unpack("<qq", self.space.read(req, 16))
            delay = sec + nsec / 1e9 - time.clock_gettime(self._CLOCKS[_s32(clock)])
            self._pause(delay)
            return 0
        return self._sleep(req)

    def _sleep(self, req):
        sec, nsec = struct.unpack("<qq", self.space.read(req, 16))
        if sec < 0 or not 0 <= nsec < 10**9:
            return -EINVAL
        self._pause(sec + nsec / 1e9)
        return 0

    def _pause(self, seconds):
        # Sleep for real, but never past the run's time limit: that limit ends the run anyway.
        if self.deadline is not None:
            seconds = min(seconds, self.deadline - time.perf_counter() + 0.01)
        if seconds > 0:
            time.sleep(seconds)

    # -- files: the three pipes and host files inside the jail ---------------------------
    def sys_read(self, fd, buf, count, *_):
        f = self.fds.get(_s32(fd))
        if f is None or (isinstance(f, Pipe) and f.writable):
            return -EBADF
        count = min(count, MAX_RW)
        if isinstance(f, HostFile):
            if not f.readable:
                return -EBADF
            if not self.space.covered(buf, buf + count, PROT_WRITE) and count:
                return -EFAULT
            chunk = _host(os.read, f.fd, count)
            if isinstance(chunk, int):
                return chunk
            self.space.write(buf, chunk)
            return len(chunk)
        chunk = f.data[f.pos:f.pos + count]
        self.space.write(buf, chunk)
        f.pos += len(chunk)
        return len(chunk)

    def sys_pread64(self, fd, buf, count, offset, *_):
        f = self.fds.get(_s32(fd))
        if f is None:
            return -EBADF
        if not isinstance(f, HostFile):
            return -ESPIPE
        if not f.readable:
            return -EBADF
        if _s64(offset) < 0:
            return -EINVAL
        chunk = _host(os.pread, f.fd, min(count, MAX_RW), offset)
        if isinstance(chunk, int):
            return chunk
        self.space.write(buf, chunk)
        return len(chunk)

    def sys_write(self, fd, buf, count, *_):
        f = self.fds.get(_s32(fd))
        if f is None or not f.writable:
            return -EBADF
        return self._emit(f, self.space.read(buf, min(count, MAX_RW)))

    def sys_pwrite64(self, fd, buf, count, offset, *_):
        f = self.fds.get(_s32(fd))
        if f is None or not f.writable:
            return -EBADF
        if not isinstance(f, HostFile):
            return -ESPIPE
        data = self._capped(self.space.read(buf, min(count, MAX_RW)))
        return _host(os.pwrite, f.fd, data, offset)

    def sys_writev(self, fd, iov, iovcnt, *_):
        f = self.fds.get(_s32(fd))
        if f is None or not f.writable:
            return -EBADF
        if iovcnt > 1024:
            return -EINVAL
        parts = []
        for i in range(iovcnt):
            base, length = struct.unpack("<QQ", self.space.read(iov + 16 * i, 16))
            if length > MAX_RW:
                return -EINVAL
            parts.append((base, length))
        data = b"".join(self.space.read(base, length) for base, length in parts)
        return self._emit(f, data)

    def _capped(self, data: bytes) -> bytes:
        """What may still be written under the output cap (pipes and files together)."""
        room = self.output_limit - self.output_total
        if len(data) > room:
            data = data[:max(room, 0)]
            self.output_exceeded = True
        self.output_total += len(data)
        return data

    def _emit(self, f, data: bytes) -> int:
        data = self._capped(data)
        if isinstance(f, HostFile):
            return _host(os.write, f.fd, data)
        f.out += data
        return len(data)

    def sys_close(self, fd, *_):
        f = self.fds.pop(_s32(fd), None)
        if f is None:
            return -EBADF
        self.cloexec.discard(_s32(fd))
        if isinstance(f, HostFile) and not self.keep_closed and f not in self.fds.values():
            f.close()
        return 0

    def sys_lseek(self, fd, offset, whence, *_):
        f = self.fds.get(_s32(fd))
        if f is None:
            return -EBADF
        if not isinstance(f, HostFile):
            return -ESPIPE
        if whence > 4:
            return -EINVAL
        return _host(os.lseek, f.fd, _s64(offset), whence)

    def sys_ioctl(self, fd, request, *_):
        if _s32(fd) not in self.fds:
            return -EBADF
        return -ENOTTY     # pipes and files are not terminals: TCGETS and friends fail

    def sys_dup(self, fd, *_):
        return self._dup(_s32(fd), 0)

    def sys_dup2(self, fd, newfd, *_):
        fd, newfd = _s32(fd), _s32(newfd)
        if fd not in self.fds:
            return -EBADF
        return newfd if fd == newfd else self.sys_dup3(fd, newfd, 0)

    def sys_dup3(self, fd, newfd, flags, *_):
        fd, newfd = _s32(fd), _s32(newfd)
        if fd not in self.fds or newfd < 0 or newfd >= self.rlimits[RLIMIT_NOFILE][0]:
            return -EBADF
        if fd == newfd or flags & ~0o2000000:
            return -EINVAL
        old = self.fds.get(newfd)
        self.fds[newfd] = self.fds[fd]
        if isinstance(old, HostFile) and not self.keep_closed and old not in self.fds.values():
            old.close()
        self.cloexec.discard(newfd)
        if flags:
            self.cloexec.add(newfd)
        return newfd

    def _dup(self, fd, lowest):
        if fd not in self.fds:
            return -EBADF
        new = self._lowest_fd(lowest)
        if new < 0:
            return new
        self.fds[new] = self.fds[fd]
        return new

    def _lowest_fd(self, lowest=0):
        new = lowest
        while new in self.fds:
            new += 1
        if new >= self.rlimits[RLIMIT_NOFILE][0]:
            return -24   # EMFILE
        return new

    def sys_fcntl(self, fd, cmd, arg, *_):
        fd = _s32(fd)
        if fd not in self.fds:
            return -EBADF
        if cmd in (F_DUPFD, F_DUPFD_CLOEXEC):
            new = self._dup(fd, _s32(arg))
            if new >= 0 and cmd == F_DUPFD_CLOEXEC:
                self.cloexec.add(new)
            return new
        if cmd == F_GETFD:
            return 1 if fd in self.cloexec else 0
        if cmd == F_SETFD:
            (self.cloexec.add if arg & 1 else self.cloexec.discard)(fd)
            return 0
        if cmd == F_GETFL:
            f = self.fds[fd]
            if isinstance(f, HostFile):
                return f.flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)
            return O_WRONLY if f.writable else O_RDONLY
        if cmd == F_SETFL:
            return 0
        return -EINVAL

    def sys_fstat(self, fd, buf, *_):
        f = self.fds.get(_s32(fd))
        if f is None:
            return -EBADF
        if isinstance(f, HostFile):
            info = _host(os.fstat, f.fd)
            if isinstance(info, int):
                return info
            self.space.write(buf, self.arch.pack_stat(_host_stat(info)))
            return 0
        self.space.write(buf, self.arch.pack_stat(self._pipe_stat(f)))
        return 0

    def sys_newfstatat(self, dirfd, path, buf, flags, *_):
        name = self.space.read_cstring(path)
        if name == b"" and flags & AT_EMPTY_PATH:
            return self.sys_fstat(dirfd, buf)
        parts = self._resolve(dirfd, name, not flags & AT_SYMLINK_NOFOLLOW)
        if isinstance(parts, int):
            return parts
        info = _host(os.lstat, self.jail.host(parts))
        if isinstance(info, int):
            return info
        self.space.write(buf, self.arch.pack_stat(_host_stat(info)))
        return 0

    def sys_stat(self, path, buf, *_):
        return self.sys_newfstatat(AT_FDCWD & 0xFFFFFFFF, path, buf, 0)

    def sys_lstat(self, path, buf, *_):
        return self.sys_newfstatat(AT_FDCWD & 0xFFFFFFFF, path, buf, AT_SYMLINK_NOFOLLOW)

    def _pipe_stat(self, f: Pipe) -> dict:
        now = int(time.time())
        return dict(dev=0xE, ino=f.inode, mode=S_IFIFO | 0o600, nlink=1, uid=1000, gid=1000,
                    rdev=0, size=0, blksize=PAGE, blocks=0, atime=now, mtime=now, ctime=now)

    # -- paths inside the jail -----------------------------------------------------------
    def _resolve(self, dirfd, name: bytes, follow: bool = True):
        """Jail components for (dirfd, path), or a negative errno."""
        if not name:
            return -ENOENT
        start = self.cwd
        if not name.startswith(b"/") and _s32(dirfd) != AT_FDCWD:
            d = self.fds.get(_s32(dirfd))
            if d is None:
                return -EBADF
            if not isinstance(d, HostFile) or not d.is_dir:
                return -ENOTDIR
            start = d.parts
        try:
            return self.jail.resolve(start, name, follow)
        except JailError as e:
            return -e.errno

    def sys_open(self, path, flags, mode, *_):
        return self.sys_openat(AT_FDCWD & 0xFFFFFFFF, path, flags, mode)

    def sys_creat(self, path, mode, *_):
        return self.sys_openat(AT_FDCWD & 0xFFFFFFFF, path, O_WRONLY | O_CREAT | O_TRUNC, mode)

    def sys_openat(self, dirfd, path, flags, mode, *_):
        flags &= 0xFFFFFFFF
        name = self.space.read_cstring(path)
        if flags & O_ACCMODE == O_ACCMODE:
            return -EINVAL
        o_dir, o_nofollow = self.arch.O_DIRECTORY, self.arch.O_NOFOLLOW
        if name == b"/proc/self/exe":
            return -EACCES
        parts = self._resolve(dirfd, name, not flags & o_nofollow)
        if isinstance(parts, int):
            return parts
        host_flags = (os.O_RDONLY, os.O_WRONLY, os.O_RDWR)[flags & O_ACCMODE]
        for guest, host in ((O_CREAT, os.O_CREAT), (O_EXCL, os.O_EXCL), (O_TRUNC, os.O_TRUNC),
                            (O_APPEND, os.O_APPEND), (O_NONBLOCK, os.O_NONBLOCK),
                            (o_dir, os.O_DIRECTORY)):
            if flags & guest:
                host_flags |= host
        # every symlink on the way was followed by the jail; never let the host follow one
        host_flags |= os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY
        if not parts and flags & O_CREAT and flags & O_EXCL:
            return -EEXIST
        fd = self._lowest_fd()
        if fd < 0:
            return fd
        host_fd = _host(os.open, self.jail.host(parts), host_flags, mode & 0o7777)
        if host_fd < 0:
            return host_fd
        info = os.fstat(host_fd)
        is_dir = _stat.S_ISDIR(info.st_mode)
        if is_dir and flags & O_ACCMODE != O_RDONLY:
            os.close(host_fd)
            return -EISDIR
        f = HostFile(host_fd, flags, parts, is_dir)
        self._host_files.append(f)
        self.fds[fd] = f
        self.cloexec.discard(fd)
        if flags & O_CLOEXEC:
            self.cloexec.add(fd)
        return fd

    def sys_unlinkat(self, dirfd, path, flags, *_):
        if flags & ~AT_REMOVEDIR:
            return -EINVAL
        parts = self._resolve(dirfd, self.space.read_cstring(path), follow=False)
        if isinstance(parts, int):
            return parts
        if not parts:
            return -EBUSY if flags & AT_REMOVEDIR else -EISDIR
        return _host(os.rmdir if flags & AT_REMOVEDIR else os.unlink, self.jail.host(parts)) or 0

    def sys_unlink(self, path, *_):
        return self.sys_unlinkat(AT_FDCWD & 0xFFFFFFFF, path, 0)

    def sys_rmdir(self, path, *_):
        return self.sys_unlinkat(AT_FDCWD & 0xFFFFFFFF, path, AT_REMOVEDIR)

    def sys_mkdirat(self, dirfd, path, mode, *_):
        parts = self._resolve(dirfd, self.space.read_cstring(path), follow=False)
        if isinstance(parts, int):
            return parts
        if not parts:
            return -EEXIST
        return _host(os.mkdir, self.jail.host(parts), mode & 0o7777) or 0

    def sys_mkdir(self, path, mode, *_):
        return self.sys_mkdirat(AT_FDCWD & 0xFFFFFFFF, path, mode)

    def sys_renameat2(self, olddirfd, oldpath, newdirfd, newpath, flags, *_):
        if flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE) or flags == RENAME_NOREPLACE | RENAME_EXCHANGE:
            return -EINVAL
        if flags & RENAME_EXCHANGE:
            return -EINVAL        # not served: the host has no portable exchange
        old = self._resolve(olddirfd, self.space.read_cstring(oldpath), follow=False)
        if isinstance(old, int):
            return old
        new = self._resolve(newdirfd, self.space.read_cstring(newpath), follow=False)
        if isinstance(new, int):
            return new
        if not old or not new:
            return -EBUSY
        src, dst = self.jail.host(old), self.jail.host(new)
        if not os.path.lexists(src):
            return -ENOENT
        if flags & RENAME_NOREPLACE and os.path.lexists(dst):
            return -EEXIST
        return _host(os.rename, src, dst) or 0

    def sys_renameat(self, olddirfd, oldpath, newdirfd, newpath, *_):
        return self.sys_renameat2(olddirfd, oldpath, newdirfd, newpath, 0)

    def sys_rename(self, oldpath, newpath, *_):
        cwd = AT_FDCWD & 0xFFFFFFFF
        return self.sys_renameat2(cwd, oldpath, cwd, newpath, 0)

    def sys_faccessat(self, dirfd, path, mode, *_):
        parts = self._resolve(dirfd, self.space.read_cstring(path))
        if isinstance(parts, int):
            return parts
        host = self.jail.host(parts)
        if not os.path.lexists(host):
            return -ENOENT
        return 0 if os.access(host, mode & 7) else -13   # EACCES

    def sys_access(self, path, mode, *_):
        return self.sys_faccessat(AT_FDCWD & 0xFFFFFFFF, path, mode)

    def sys_ftruncate(self, fd, length, *_):
        f = self.fds.get(_s32(fd))
        if not isinstance(f, HostFile) or not f.writable:
            return -EBADF if f is None or isinstance(f, HostFile) else -EINVAL
        return _host(os.ftruncate, f.fd, _s64(length)) or 0

    def sys_fsync(self, fd, *_):
        f = self.fds.get(_s32(fd))
        if f is None:
            return -EBADF
        return 0 if not isinstance(f, HostFile) else (_host(os.fsync, f.fd) or 0)

    def sys_chdir(self, path, *_):
        parts = self._resolve(AT_FDCWD & 0xFFFFFFFF, self.space.read_cstring(path))
        if isinstance(parts, int):
            return parts
        host = self.jail.host(parts)
        if not os.path.lexists(host):
            return -ENOENT
        if not os.path.isdir(host):
            return -ENOTDIR
        self.cwd = parts
        return 0

    def release(self):
        """Close every host file this process opened (when it is over)."""
        for f in self._host_files:
            f.close()
        self._host_files = []

    # -- what the debugger saves to step back over a system call --------------------------
    def snapshot(self) -> dict:
        return dict(
            fds=dict(self.fds), cloexec=set(self.cloexec), brk_cur=self.brk_cur,
            output_total=self.output_total, output_exceeded=self.output_exceeded,
            exit_status=self.exit_status, term_signal=self.term_signal,
            sigmask=self.sigmask, sigpending=self.sigpending, rlimits=dict(self.rlimits),
            clear_child_tid=self.clear_child_tid, unknown=list(self.unknown), cwd=list(self.cwd),
            stdin_pos=self.stdin.pos, stdout_len=len(self.stdout.out),
            stderr_len=len(self.stderr.out),
            offsets={id(f): _host(os.lseek, f.fd, 0, os.SEEK_CUR)
                     for f in self._host_files if not f.closed and not f.is_dir})

    def restore(self, snap: dict):
        """Back to a snapshot. The contents of host files written since are not undone."""
        for key in ("fds", "cloexec", "brk_cur", "output_total", "output_exceeded",
                    "exit_status", "term_signal", "sigmask", "sigpending", "rlimits",
                    "clear_child_tid", "unknown", "cwd"):
            value = snap[key]
            setattr(self, key, type(value)(value) if isinstance(value, (dict, set, list)) else value)
        self.stdin.pos = snap["stdin_pos"]
        del self.stdout.out[snap["stdout_len"]:]
        del self.stderr.out[snap["stderr_len"]:]
        for f in self._host_files:
            pos = snap["offsets"].get(id(f))
            if pos is not None and pos >= 0 and not f.closed:
                _host(os.lseek, f.fd, pos, os.SEEK_SET)

    # -- memory --------------------------------------------------------------------------
    def sys_brk(self, addr, *_):
        if addr < self.brk_start:
            return self.brk_cur
        old_end, new_end = page_up(self.brk_cur), page_up(addr)
        if new_end > old_end:
            if not self.space.is_free(old_end, new_end) or self._over_limit(new_end - old_end):
                return self.brk_cur
            self.space.map(old_end, new_end - old_end, PROT_READ | PROT_WRITE, replace=False)
        elif new_end < old_end:
            self.space.unmap(new_end, old_end - new_end)
        self.brk_cur = addr
        return addr

    def _over_limit(self, extra):
        return self.space.mapped_bytes + extra > self.rlimits[RLIMIT_AS][0]

    def sys_mmap(self, addr, length, prot, flags, fd, offset):
        fd = _s32(fd)
        if length == 0 or offset % PAGE:
            return -EINVAL
        size = page_up(length)
        if size > 1 << 47:
            return -ENOMEM
        if flags & 0x3 == 0:       # neither MAP_SHARED nor MAP_PRIVATE (nor VALIDATE)
            return -EINVAL
        if not flags & MAP_ANONYMOUS:
            # pipes cannot be mapped; mapping jail files is not served
            return -EBADF if fd not in self.fds else -ENODEV
        if prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC):
            return -EINVAL
        if flags & (MAP_FIXED | MAP_FIXED_NOREPLACE):
            if addr % PAGE:
                return -EINVAL
            if flags & MAP_FIXED_NOREPLACE and not flags & MAP_FIXED \
                    and not self.space.is_free(addr, addr + size):
                return -EEXIST
            start = addr
        else:
            start = None
            if addr and page_down(addr) + size <= self.mmap_top \
                    and self.space.is_free(page_down(addr), page_down(addr) + size):
                start = page_down(addr)     # an honoured hint
            if start is None:
                start = self.space.find_free(size, self.mmap_top)
            if start is None:
                return -ENOMEM
        if self._over_limit(size):
            return -ENOMEM
        self.space.map(start, size, _page_prot(prot))
        return start

    def sys_munmap(self, addr, length, *_):
        if addr % PAGE or length == 0:
            return -EINVAL
        self.space.unmap(addr, page_up(length))
        return 0

    def sys_mprotect(self, addr, length, prot, *_):
        if addr % PAGE or prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x03000000):
            return -EINVAL
        size = page_up(length)
        if size == 0:
            return 0
        if not self.space.covered(addr, addr + size):
            return -ENOMEM
        self.space.protect(addr, size, _page_prot(prot & 7))
        return 0

    def sys_madvise(self, addr, length, advice, *_):
        if addr % PAGE:
            return -EINVAL
        size = page_up(length)
        if advice == MADV_DONTNEED and size:
            if not self.space.covered(addr, addr + size):
                return -ENOMEM
            # private anonymous pages read back as zeros afterwards
            for start, end, _ in self.space.areas():
                lo, hi = max(start, addr), min(end, addr + size)
                if lo < hi:
                    self.space.poke(lo, bytes(hi - lo))
        return 0


def _host(fn, *args):
    """Call a host os function; an OSError becomes the negative errno the guest sees."""
    try:
        return fn(*args)
    except OSError as e:
        return -(e.errno or _errno.EIO)
    except (OverflowError, ValueError):
        return -EINVAL


def _host_stat(info: os.stat_result) -> dict:
    return dict(dev=info.st_dev, ino=info.st_ino, mode=info.st_mode, nlink=info.st_nlink,
                uid=1000, gid=1000, rdev=info.st_rdev, size=info.st_size,
                blksize=info.st_blksize, blocks=info.st_blocks, atime=int(info.st_atime),
                mtime=int(info.st_mtime), ctime=int(info.st_ctime))


def _page_prot(prot: int) -> int:
    # x86-64 and AArch64 page tables cannot express write-only: writable implies readable
    return prot | PROT_READ if prot & PROT_WRITE else prot
