"""Random differential testing: csmith programs built by GCC and by us print the same checksum.

Fixed seeds, so the test is reproducible; the csmith flags (tests/csmith_support/harness.py)
keep programs small and inside what our compiler supports today ("small"), and one seed per
wider language ("packed", "bitfields", "float") shows where we stand beyond it. A seed that
fails today is an xfail(strict=True) naming the bug, so the suite stays green while the bug
stays visible, and turns red (XPASS) the day the bug is fixed: then drop it from KNOWN_BUGS.
A wider sweep: `python benchmarks/bench_csmith.py --target aarch64 --seeds 1-200`.
"""
import pytest

from csmith_support import harness

pytestmark = [
    pytest.mark.skipif(not harness.HAVE_CSMITH, reason="csmith not installed"),
    pytest.mark.skipif(not harness.HAVE_GCC, reason="gcc not installed"),
]

# (profile, seed): GCC's binaries for these all finish well under harness.NATIVE_LIMIT.
CASES = [("small", s) for s in (2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)] + [
    ("packed", 46),
    ("bitfields", 4), ("bitfields", 16),
    ("float", 1),
]

# (profile, seed) -> what goes wrong today (same on both targets).
KNOWN_BUGS = {}

TARGETS = [
    pytest.param("x86_64", id="x86_64"),
    pytest.param("aarch64", id="aarch64", marks=pytest.mark.skipif(
        not harness.HAVE_AARCH64, reason="aarch64-linux-gnu-gcc / qemu-aarch64 not installed")),
]


def _cases():
    for t in TARGETS:
        target = t.values[0]
        for profile, seed in CASES:
            marks = list(t.marks)
            if (profile, seed) in KNOWN_BUGS:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(profile, seed)]))
            yield pytest.param(target, profile, seed, marks=marks, id=f"{target}-{profile}-{seed}")


@pytest.mark.parametrize("target,profile,seed", list(_cases()))
def test_csmith_checksum_matches_gcc(target, profile, seed):
    flags, defines = harness.profile_flags(profile)
    o = harness.check(seed, target, flags, defines=defines)
    if o.verdict == "skip":
        pytest.skip(o.detail)
    assert o.verdict == "pass", (
        f"csmith --seed {seed} {' '.join(flags)} on {target}: {o.verdict}; "
        f"gcc printed {o.expected!r}, we printed {o.got!r} {o.detail}")
