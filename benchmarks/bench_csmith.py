"""Sweep csmith seeds through GCC and our toolchain, one at a time, and print the pass rate.

    python benchmarks/bench_csmith.py --target x86_64 --seeds 1-200 [--profile packed] [--keep DIR]

--drop="--max-funcs 3 ..." removes default flags (and values) to widen the language or sizes.

Each line: seed, verdict (pass / fail / cc-error / crash / timeout / skip), seconds, detail.
Serial on purpose (the emulator is CPU-bound and machines here have two cores).
"""
import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from csmith_support import harness  # noqa: E402


def seeds(spec):
    out = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", default="x86_64")
    ap.add_argument("--seeds", default="1-50")
    ap.add_argument("--keep", help="directory to keep failing programs in")
    ap.add_argument("--jsonl", help="append one JSON record per seed")
    ap.add_argument("--profile", default="small", choices=sorted(harness.PROFILES),
                    help="csmith language: small (default), packed, bitfields, float")
    ap.add_argument("--extra", default="", help="extra csmith flags, space-separated")
    ap.add_argument("--drop", default="", help="default csmith flags to drop, space-separated")
    ap.add_argument("-O", dest="opt", type=int, default=0, help="our optimisation level")
    a = ap.parse_args()
    drop = set(a.drop.split())
    flags, defines = harness.profile_flags(a.profile)
    flags = [f for f in flags if f not in drop] + a.extra.split()
    counts = collections.Counter()
    for s in seeds(a.seeds):
        keep = None
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
            keep = a.keep
        try:
            o = harness.check(s, a.target, flags, keep=keep, opt_level=a.opt,
                              defines=defines)
        except Exception as e:
            o = harness.Outcome(s, a.target, "harness-error", detail=f"{type(e).__name__}: {e}")
        counts[o.verdict] += 1
        if keep and o.verdict in ("pass", "skip"):
            try:
                os.remove(os.path.join(keep, f"csmith_{s}.c"))
            except OSError:
                pass
        line = f"{s:6d} {o.target:8s} {o.verdict:9s} {o.seconds:6.1f}s"
        if o.verdict == "fail":
            line += f"  expected {o.expected!r} got {o.got!r}"
        if o.detail:
            line += "  " + o.detail[:200]
        print(line, flush=True)
        if a.jsonl:
            with open(a.jsonl, "a") as f:
                f.write(json.dumps(o.__dict__) + "\n")
    ran = sum(counts.values()) - counts["skip"]
    print(f"\n{a.target}: {counts['pass']}/{ran} pass ({100 * counts['pass'] / max(ran, 1):.0f}%); "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
