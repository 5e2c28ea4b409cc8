"""The compiler, differentially against GCC 12.

Each program is compiled by us to .s, assembled and linked by GNU tools against glibc
(x86-64 natively, AArch64 statically and run under qemu-aarch64), and must behave exactly
like the same program built by gcc: same exit status, same output. Plus: byte-identical
.text for the seed example, GCC-style diagnostics, varargs callees, -g line info.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from toolchain.compiler import compile_c
from toolchain.diagnostics import ToolError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed"

TOOLS = {
    "x86_64": {"cc": "gcc", "link": ["-no-pie"], "run": []},
    "aarch64": {"cc": "aarch64-linux-gnu-gcc", "link": ["-static"], "run": ["qemu-aarch64"]},
}
PRELUDE = "int printf(const char *, ...);\nint puts(const char *);\n"


def have(arch):
    t = TOOLS[arch]
    return shutil.which(t["cc"]) and all(shutil.which(x) for x in t["run"])


def preprocess(arch, src, tmp):
    """gcc -E for programs that use the preprocessor; the rest go in as they are."""
    if "#" not in src:
        return src
    c = tmp / "pp.c"
    c.write_text(src)
    return subprocess.run([TOOLS[arch]["cc"], "-E", str(c)], capture_output=True, text=True,
                          check=True).stdout


def build_and_run(arch, src, tmp):
    t = TOOLS[arch]
    src = PRELUDE + src
    asm = compile_c(preprocess(arch, src, tmp), "t.c", target=arch).asm
    (tmp / "ours.s").write_text(asm)
    (tmp / "t.c").write_text(src)
    subprocess.run([t["cc"], *t["link"], str(tmp / "ours.s"), "-o", str(tmp / "ours")],
                   check=True, capture_output=True)
    subprocess.run([t["cc"], *t["link"], "-w", "-O0", str(tmp / "t.c"), "-o", str(tmp / "ref")],
                   check=True, capture_output=True)
    ours = subprocess.run(t["run"] + [str(tmp / "ours")], capture_output=True, timeout=20)
    ref = subprocess.run(t["run"] + [str(tmp / "ref")], capture_output=True, timeout=20)
    return ours, ref


PROGRAMS = {
    "arrays2d": r"""
int m[3][4]; int g2[2][3] = {{1, 2, 3}, {4, 5, 6}};
int trace(int (*a)[4], int n) { int t = 0; for (int i = 0; i < n; i++) t += a[i][i]; return t; }
int main(void) { int i, j; for (i = 0; i < 3; i++) for (j = 0; j < 4; j++) m[i][j] = i * 10 + j;
  int loc[2][2] = {{1, 2}, {3}}; char names[3][6] = {"ab", "cde", "f"};
  printf("%d %d %d %d %s %s %d\n", trace(m, 3), g2[1][2], loc[1][0], loc[1][1], names[1], names[2], (int)sizeof m);
  return m[2][3]; }
""",
    "casts_sizeof": r"""
int main(void) { long l = 0x123456789L; int i = (int)l; short s = (short)l; char c = (char)l; unsigned u = (unsigned)-1; long back = (long)u; long neg = (long)-1;
  _Bool bb = 256; _Bool b0 = 0 == 0 ? 0 : 1; int arr[7];
  printf("%d %d %d %u %ld %ld %d %d\n", i, s, c, u, back, neg, bb, b0);
  printf("%d %d %d %d %d %d %d\n", (int)sizeof(char), (int)sizeof(short), (int)sizeof(long long), (int)sizeof arr, (int)sizeof(arr) / (int)sizeof arr[0], (int)sizeof(int *), (int)_Alignof(long));
  unsigned long ul = (unsigned long)&arr[1] - (unsigned long)&arr[0]; return (int)ul; }
""",
    "chars": r"""
int main(void) { char c = 200; signed char s = -1; unsigned char u = 255; int x = c; char d = 'A' + 30;
  printf("%d %d %d %d %d\n", c, s, u, x, c > 0); printf("%d %d %d\n", (char)300, (unsigned char)-1, (signed char)128);
  printf("%d %d\n", '\377', d); char buf[4] = {-1, 127, -128, 0}; int t = 0; for (int i = 0; i < 4; i++) t += buf[i]; return t & 255; }
""",
    "enums": r"""
enum color { RED, GREEN = 5, BLUE }; typedef enum { A = -2, B, C } abc;
enum color next(enum color c) { return c == RED ? GREEN : c == GREEN ? BLUE : RED; }
int main(void) { enum color c = RED; abc x = B; int n = 0; for (int i = 0; i < 5; i++) { c = next(c); n = n * 10 + c; }
  printf("%d %d %d %d %d\n", n, x, C, BLUE, (int)sizeof(enum color)); return BLUE; }
""",
    "fnptr": r"""
int add(int a, int b) { return a + b; } int sub(int a, int b) { return a - b; } int mul(int a, int b) { return a * b; }
typedef int (*binop)(int, int); binop table[3] = {add, sub, mul};
struct ops { const char *name; int (*fn)(int, int); }; struct ops ops[] = {{"add", add}, {"mul", mul}};
int apply(binop f, int a, int b) { return f(a, b); }
int main(void) { int r = 0; for (int i = 0; i < 3; i++) r = r * 10 + table[i](7, 3) % 10; binop f = &sub;
  printf("%d %d %d %d %s\n", r, apply(mul, 6, 7), (*f)(1, 9), ops[1].fn(3, 5), ops[0].name); struct ops *o = &ops[0]; return o->fn(2, 2); }
""",
    "globals": r"""
int counter; static int hidden = 42; long table[4] = {10, 20, 30}; char letters[] = "xyz"; const char *msg = "global msg";
int *ptr = &table[1] ? (int *)0 : 0; short sh = -7; unsigned char uc = 250; int *gp = &counter; char *lp = letters + 1;
static int next(void) { static int n = 100; return n++; }
int main(void) { counter += 5; *gp += 1; table[3] = table[0] + table[2];
  printf("%d %d %ld %ld %s %s %d %d %c\n", counter, hidden, table[3], sizeof table, letters, msg, sh, uc, *lp);
  next(); next(); printf("%d %d\n", next(), ptr == 0); return 0; }
""",
    "logic": r"""
int calls; int t(int v) { calls++; return v; }
int main(void) { int a = 0, b = 5; int r1 = t(a) && t(b); int r2 = t(b) || t(a); int r3 = !a + !b + !!b; int r4 = (a < b) + (a >= b) * 2 + (b == 5) * 4 + (b != 5) * 8;
  int r5 = a ? 10 : b ? 20 : 30; int r6 = (a++, b++, a + b); char *p = 0; int r7 = !p && b;
  printf("%d %d %d %d %d %d %d %d\n", r1, r2, r3, r4, r5, r6, r7, calls); if (a && b || !a) puts("ok"); return r4; }
""",
    "loops": r"""
int main(void) { int s = 0, i, j; for (i = 0; i < 10; i++) { if (i == 3) continue; if (i == 8) break; s += i; }
  i = 0; while (i < 5) { s = s * 2 + i; i++; } do { s -= 3; } while (s > 100);
  for (i = 0; i < 4; i++) for (j = 0; j < 4; j++) { if (j > i) break; s += i * j; }
  for (;;) { if (++i > 20) break; } printf("%d %d\n", s, i); return s & 0x7f; }
""",
    "manyargs": r"""
long f10(int a, long b, char c, short d, int e, long f, int g, char h, long i, int j) { return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10; }
int pick(int a, int b, int c, int d, int e, int f, int g, int h, int i) { return i - a; }
int main(void) { printf("%ld %d\n", f10(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), pick(1, 2, 3, 4, 5, 6, 7, 8, 9));
  printf("%d %d %d %d %d %d %d %d %d %d\n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10); return (int)f10(-1, -2, -3, -4, -5, -6, -7, -8, -9, pick(0,0,0,0,0,0,0,0,1)); }
""",
    "pointers": r"""
void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }
int sum(int *p, int n) { int s = 0; while (n--) s += *p++; return s; }
int main(void) { int a = 1, b = 2; int arr[6] = {5, 4, 3, 2, 1, 0}; int *p = arr, *q = &arr[5];
  swap(&a, &b); printf("%d %d %ld %d\n", a, b, q - p, sum(arr, 6));
  *(p + 2) = 30; p[3] += 7; ++*p; (*q)--; int **pp = &p; (*pp)++;
  printf("%d %d %d %d %d %d\n", arr[0], arr[2], arr[3], arr[5], *p, p > q);
  char *s = "hello"; char *e = s; while (*e) e++; printf("%ld %c\n", e - s, *(s + 1));
  void *v = arr; int *w = v; printf("%d\n", w[1]); return 0; }
""",
    "recursion": r"""
int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
long fib(long n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }
int ack(int m, int n) { if (m == 0) return n + 1; if (n == 0) return ack(m - 1, 1); return ack(m - 1, ack(m, n - 1)); }
int gcd(int a, int b) { return b ? gcd(b, a % b) : a; }
int main(void) { printf("%d %ld %d %d\n", fact(10), fib(20), ack(2, 3), gcd(1071, 462)); return fact(5); }
""",
    "strings": r"""
int my_strlen(const char *s) { int n = 0; while (s[n]) n++; return n; }
void my_strcpy(char *d, const char *s) { while ((*d++ = *s++)) ; }
int my_strcmp(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (unsigned char)*a - (unsigned char)*b; }
void rev(char *s) { int i = 0, j = my_strlen(s) - 1; while (i < j) { char t = s[i]; s[i++] = s[j]; s[j--] = t; } }
int main(void) { char buf[32]; char msg[] = "stressed"; my_strcpy(buf, "tab\there \"q\" \\ end"); rev(msg);
  printf("%s|%s|%d|%d %d\n", buf, msg, my_strlen(buf), my_strcmp("abc", "abd") < 0, my_strcmp("b", "a"));
  puts("esc: \x41\102\n"); return my_strlen(msg); }
""",
    "structs": r"""
struct point { int x, y; }; struct rect { struct point a, b; char tag[8]; };
typedef struct node { int val; struct node *next; } node;
union u { int i; unsigned char b[4]; long l; };
int area(struct rect *r) { return (r->b.x - r->a.x) * (r->b.y - r->a.y); }
int len(node *n) { int c = 0; for (; n; n = n->next) c++; return c; }
struct point mid; struct rect gr = {{1, 2}, {11, 22}, "glob"};
int main(void) { struct rect r = {{0, 0}, {3, 4}, "box"}; node n3 = {3, 0}, n2 = {2, &n3}, n1 = {1, &n2};
  union u uu; uu.l = 0; uu.i = 0x01020304; struct point p = r.b, *pp = &p; pp->x += 10; struct rect copy; copy = r; copy.a.y = -1;
  mid.x = 5; printf("%d %d %d %d %d %d %s %s\n", area(&r), len(&n1), uu.b[0], p.x, copy.a.y, area(&gr), copy.tag, gr.tag);
  printf("%d %d %d %d\n", (int)sizeof(struct rect), (int)sizeof(union u), (int)sizeof(node), mid.x + n1.next->next->val); return 0; }
""",
    "switch": r"""
const char *name(int d) { switch (d) { case 0: return "zero"; case 1: case 2: return "small"; case 10: return "ten"; case -5: return "neg"; default: return "other"; } }
int classify(char c) { int r = 0; switch (c) { case 'a': r += 1; case 'b': r += 2; break; case 'z': r = 26; break; default: r = -1; } return r; }
int main(void) { for (int i = -5; i < 12; i += 3) printf("%d:%s ", i, name(i)); printf("\n%d %d %d %d\n", classify('a'), classify('b'), classify('z'), classify('q'));
  long big = 5000000000L; switch (big) { case 5000000000L: puts("big"); break; default: puts("no"); } return 0; }
""",
    "unsigned": r"""
int main(void) { unsigned a = 4000000000u, b = 3; int n = -7; unsigned long ul = 18000000000000000000ul;
  printf("%u %u %u %u\n", a / b, a % b, a >> 4, a + a); printf("%d %d %d\n", n / 2, n % 2, n >> 1);
  printf("%d %d %d\n", -1 < 1u, (unsigned)n > 5u, (long)n < 1u); printf("%lu %lu %lu\n", ul / 7, ul % 1000, ul >> 3);
  long l = -9; printf("%ld %ld %lu\n", l / 4, l % 4, (unsigned long)l / 4); unsigned short us = 65535; us++; printf("%d\n", us);
  int i = 0x7fffffff; i += 0; unsigned u2 = i; u2++; printf("%u %d\n", u2, (int)(u2 >> 31)); return (int)(a % 256); }
""",
    "varcallee": r"""
#include <stdarg.h>
int sum_all(int n, ...) { va_list ap; va_start(ap, n); int s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }
long mix(const char *fmt, ...) { va_list ap; long t = 0; va_start(ap, fmt); for (; *fmt; fmt++) { if (*fmt == 'i') t += va_arg(ap, int); else if (*fmt == 'l') t += va_arg(ap, long); else if (*fmt == 's') t += *va_arg(ap, char *); } va_end(ap); return t; }
int vsum(int n, va_list ap) { int s = 0; while (n--) s += va_arg(ap, int); return s; }
int outer(int n, ...) { va_list ap, ap2; va_start(ap, n); va_copy(ap2, ap); int a = vsum(n, ap); int b = vsum(n, ap2); va_end(ap); va_end(ap2); return a * 1000 + b; }
int main(void) { printf("%d %d\n", sum_all(3, 1, 2, 3), sum_all(12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  printf("%ld\n", mix("ilsil", 5, 10000000000L, "A", -2, 7L)); printf("%d\n", outer(9, 1, 1, 1, 1, 1, 1, 1, 1, 2)); return 0; }
""",
    "bool_ops": r"""
_Bool is_even(int x) { return x % 2 == 0; }
int main(void) { _Bool a = 5, b = 0, c = is_even(4); int n = 0; for (int i = 0; i < 10; i++) n += is_even(i); _Bool d = a && !b; a = a + 1;
  printf("%d %d %d %d %d %d\n", a, b, c, n, d, (int)sizeof(_Bool)); return a + c; }
""",
    "calls_in_args": r"""
int sq(int x) { return x * x; } int id(int x) { return x; }
int seq; int next(void) { return ++seq; }
int f(int a, int b, int c, int d, int e, int f, int g, int h) { return a + 2*b + 3*c + 4*d + 5*e + 6*f + 7*g + 8*h; }
int main(void) { int r = f(sq(1), sq(2) + id(3), id(sq(3)), 4, sq(id(2)) * 2, 6, id(7) - sq(1), sq(sq(2))); int x = sq(3) + sq(4) * id(2) - sq(id(5)) / id(5);
  int arr[3]; arr[id(1)] = sq(5); printf("%d %d %d\n", r, x, arr[1]); printf("%d %d\n", next(), next()); return r % 256; }
""",
    "goto_bits": r"""
int main(void) { int i = 0, acc = 0; again: acc += i; if (++i < 5) goto again;
  unsigned x = 0xF0F0u; x |= 0x0F; x &= ~0x100u; x ^= 0xFF00; x <<= 3; x >>= 1; int y = -64; y >>= 2; y <<= 1; y %= 7; y /= 2; y *= -3; y -= 1; y += 100;
  long long ll = 1LL << 50; ll >>= 7; printf("%d %u %d %lld %d\n", acc, x, y, ll, (int)(ll & 0xffff)); return acc; }
""",
    "knr_and_proto": r"""
int old(a, b) int a; int b; { return a * b; }
int later(int);
int use(void) { return later(5); }
int later(int x) { return x + 1; }
static int helper(int *p) { return *p += 2; }
int main(void) { int v = 1; helper(&v); printf("%d %d %d\n", old(6, 7), use(), v); return v; }
""",
    "longlong": r"""
long long mulmod(long long a, long long b, long long m) { return (a % m) * (b % m) % m; }
unsigned long long h(const char *s) { unsigned long long x = 1469598103934665603ULL; while (*s) { x ^= (unsigned char)*s++; x *= 1099511628211ULL; } return x; }
int main(void) { long long big = 9223372036854775807LL; long long small = -big - 1; printf("%lld %lld %lld\n", big, small, mulmod(123456789, 987654321, 1000000007));
  printf("%llu %llx\n", h("hello"), h("") >> 8); unsigned long long u = -1; printf("%llu %lld %d\n", u / 10, (long long)(u >> 1), (int)(u % 97)); return (int)(h("x") & 63); }
""",
    "matrix": r"""
#define N 4
void matmul(int a[N][N], int b[N][N], int c[N][N]) { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { c[i][j] = 0; for (int k = 0; k < N; k++) c[i][j] += a[i][k] * b[k][j]; } }
int main(void) { int a[N][N], b[N][N], c[N][N]; for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { a[i][j] = i + j; b[i][j] = i == j ? 2 : (i - j); }
  matmul(a, b, c); int t = 0; for (int i = 0; i < N; i++) { for (int j = 0; j < N; j++) { printf("%4d", c[i][j]); t += c[i][j]; } printf("\n"); } return t & 0xff; }
""",
    "nested_struct": r"""
typedef struct { char name[16]; int age; } person; typedef struct { person people[3]; int count; } group;
group g = {{{"ann", 31}, {"bob", 25}}, 2};
void add(group *gr, const char *n, int age) { person *p = &gr->people[gr->count++]; int i = 0; while ((p->name[i] = n[i])) i++; p->age = age; }
int oldest(const group *gr) { int best = 0; for (int i = 1; i < gr->count; i++) if (gr->people[i].age > gr->people[best].age) best = i; return best; }
int main(void) { add(&g, "cyd", 40); group copy = g; copy.people[0].age = 99; printf("%s %d %d %s %d\n", g.people[oldest(&g)].name, g.count, copy.people[0].age, copy.people[2].name, oldest(&copy)); return g.people[1].age; }
""",
    "printf_wide": r"""
int main(void) { printf("%5d|%-5d|%05d|%x|%X|%o|%c|%s|%%\n", 42, 42, 42, 255, 255, 8, 'Z', "str"); printf("%ld %lu %p\n", -1L, 1UL << 63, (void *)0);
  char buf[3] = {'o', 'k', 0}; printf("%s %.2s %10s\n", buf, "abcdef", "right"); return 0; }
""",
    "ptrarith": r"""
struct s { int a; char b; long c; };
int main(void) { struct s arr[4]; struct s *p = arr, *e = arr + 4; int n = 0; for (; p < e; p++) { p->a = n++; p->b = 'a' + n; p->c = n * 100L; }
  p = &arr[1]; long d = e - p; char *cp = (char *)e - sizeof(struct s); struct s *last = (struct s *)cp; short sa[5] = {1,2,3,4,5}; short *sp = sa + 4;
  printf("%ld %d %c %ld %d %d %d\n", d, last->a, arr[2].b, (p + 1)->c, *(sp - 2), (int)(sp - sa), p != arr); int *ip = 0; ip++; return (int)(long)ip; }
""",
    "shifts": r"""
int main(void) { int a = 1; unsigned b = 0x80000000u; long c = -1; unsigned long d = 1UL << 63; int n = 5;
  printf("%d %u %ld %lu\n", a << n, b >> n, c >> n, d >> n); printf("%d %d %u\n", -17 >> 2, -17 << 2, (unsigned)-17 >> 28); char ch = -8; unsigned char uch = 0x81; printf("%d %d\n", ch >> 1, uch << 2);
  short s = 0x4000; s <<= 1; printf("%d\n", s); return (b >> 28) + (a << 2); }
""",
    "sieve": r"""
char composite[1000];
int main(void) { int count = 0; for (int i = 2; i < 1000; i++) { if (composite[i]) continue; count++; for (int j = i * i; j < 1000; j += i) composite[j] = 1; }
  int last = 999; while (composite[last]) last--; printf("%d primes, last %d\n", count, last); return count; }
""",
    "sort": r"""
void bubble(int *a, int n) { for (int i = 0; i < n - 1; i++) for (int j = 0; j < n - 1 - i; j++) if (a[j] > a[j + 1]) { int t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; } }
void qs(int *a, int lo, int hi) { if (lo >= hi) return; int p = a[(lo + hi) / 2], i = lo, j = hi; while (i <= j) { while (a[i] < p) i++; while (a[j] > p) j--; if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; } } qs(a, lo, j); qs(a, i, hi); }
int data[12] = {5, -3, 99, 0, 12, 7, 7, -50, 31, 2, 18, 4};
int main(void) { int b[12]; for (int i = 0; i < 12; i++) b[i] = data[11 - i] * 3 % 17; bubble(data, 12); qs(b, 0, 11);
  for (int i = 0; i < 12; i++) printf("%d,%d ", data[i], b[i]); printf("\n"); return data[11] - b[0]; }
""",
    "static_locals": r"""
int counter(void) { static int c; return ++c; }
int fibmemo(int n) { static long memo[50]; if (n < 2) return n; if (memo[n]) return memo[n]; return memo[n] = fibmemo(n - 1) + fibmemo(n - 2); }
const char *day(int d) { static const char *names[] = {"mon", "tue", "wed"}; return names[d % 3]; }
int main(void) { counter(); counter(); printf("%d %d %s %s\n", counter(), fibmemo(40), day(4), day(0)); return counter(); }
""",
    "struct_by_value": r"""
struct pair { int a, b; }; struct big { long x[5]; };
int sum_pair(struct pair p) { return p.a * 10 + p.b; }
long sum_big(struct big b, int k) { long s = 0; for (int i = 0; i < 5; i++) s += b.x[i]; return s * k; }
int main(void) { struct pair p = {3, 4}; struct big b = {{1, 2, 3, 4, 5}}; printf("%d %ld\n", sum_pair(p), sum_big(b, 2)); return sum_pair(p) - 30; }
""",
    "ternary_comma": r"""
int abs_(int x) { return x < 0 ? -x : x; }
int max3(int a, int b, int c) { return a > b ? (a > c ? a : c) : (b > c ? b : c); }
int main(void) { int i, j, s = 0; for (i = 0, j = 10; i < j; i++, j--) s += i * j; char *p = s > 50 ? "big" : "small"; int *np = 0; int v = 7; int *q = s ? &v : np;
  printf("%d %d %d %s %d\n", abs_(-42), max3(3, 9, 4), s, p, *q); return (s, i, j); }
""",
}


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_behaves_like_gcc(name, arch, tmp_path):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    ours, ref = build_and_run(arch, PROGRAMS[name], tmp_path)
    assert (ours.returncode, ours.stdout) == (ref.returncode, ref.stdout)


# -- the seed example: the very bytes gcc -O0 produces ----------------------------------

def _text_bytes(asm_text, tmp, name):
    s = tmp / f"{name}.s"
    s.write_text(asm_text)
    o = tmp / f"{name}.o"
    subprocess.run(["as", str(s), "-o", str(o)], check=True)
    b = tmp / f"{name}.bin"
    subprocess.run(["objcopy", "-O", "binary", "--only-section=.text", str(o), str(b)],
                   check=True)
    return b.read_bytes()


@pytest.mark.parametrize("name", ["sum.c", "main.c"])
def test_seed_text_bytes_identical_to_gcc(name, tmp_path):
    i = subprocess.run(["gcc", "-E", name], capture_output=True, text=True,
                       check=True, cwd=SEED).stdout
    ours = compile_c(i, name).asm
    gcc_s = subprocess.run(["gcc", "-O0", "-S", "-o", "-", name], capture_output=True,
                           text=True, check=True, cwd=SEED).stdout
    assert _text_bytes(ours, tmp_path, "ours") == _text_bytes(gcc_s, tmp_path, "gcc")


def test_seed_reads_like_gcc():
    i = subprocess.run(["gcc", "-E", "sum.c"], capture_output=True, text=True,
                       check=True, cwd=SEED).stdout
    asm = compile_c(i, "sum.c").asm
    lines = [l.strip() for l in asm.splitlines()]
    for want in ['.file\t"sum.c"', ".globl\tsum", ".type\tsum, @function", "sum:", ".LFB0:",
                 ".cfi_startproc", "pushq\t%rbp", ".cfi_def_cfa_offset 16",
                 ".cfi_offset 6, -16", "movq\t%rsp, %rbp", ".cfi_def_cfa_register 6",
                 "movl\t%edi, -4(%rbp)", ".cfi_def_cfa 7, 8", "ret", ".cfi_endproc", ".LFE0:",
                 ".size\tsum, .-sum", '.ident\t"ccpipeline 0.1"',
                 '.section\t.note.GNU-stack,"",@progbits']:
        assert want in lines
    main = compile_c(subprocess.run(["gcc", "-E", "main.c"], capture_output=True,
                                    text=True, check=True, cwd=SEED).stdout, "main.c").asm
    assert "\tcall\tsum@PLT" in main


def test_seed_aarch64_matches_gcc_text(tmp_path):
    if not have("aarch64"):
        pytest.skip("no aarch64 toolchain")
    for name in ("sum.c", "main.c"):
        i = subprocess.run(["aarch64-linux-gnu-gcc", "-E", name], capture_output=True,
                           text=True, check=True, cwd=SEED).stdout
        ours = compile_c(i, name, target="aarch64").asm
        ref = subprocess.run(["aarch64-linux-gnu-gcc", "-O0", "-S", "-o", "-", name],
                             capture_output=True, text=True, check=True, cwd=SEED).stdout
        strip = lambda s: [l for l in s.splitlines() if ".ident" not in l]
        assert strip(ours) == strip(ref)


def test_hello_strings_and_variadic_call():
    asm = compile_c(PRELUDE + 'int main(void) { printf("hi %d\\n", 1); return 0; }', "h.c").asm
    assert '.section\t.rodata' in asm and '.LC0:\n\t.string\t"hi %d\\n"' in asm
    assert "\tmovl\t$0, %eax\n\tcall\tprintf@PLT" in asm
    a64 = compile_c(PRELUDE + 'int main(void) { puts("x"); return 0; }', "h.c",
                    target="aarch64").asm
    assert "adrp\tx0, .LC0\n\tadd\tx0, x0, :lo12:.LC0\n\tbl\tputs" in a64


def test_debug_line_info_like_gcc_g(tmp_path):
    for name in ("sum.c", "main.c"):
        i = subprocess.run(["gcc", "-E", name], capture_output=True, text=True, check=True,
                           cwd=SEED).stdout
        asm = compile_c(i, name, debug=True, comp_dir="/src").asm
        assert f'.file 0 "/src" "{name}"' in asm and f'.file 1 "{name}"' in asm
        (tmp_path / "x.i").write_text(i)
        ref = subprocess.run(["gcc", "-g", "-O0", "-S", "-o", "-", "x.i"], capture_output=True,
                             text=True, check=True, cwd=tmp_path).stdout
        loc = lambda s: [l.strip() for l in s.splitlines() if l.strip().startswith(".loc")]
        assert loc(asm) == loc(ref)          # where gcc -g puts them, e.g. .loc 1 14 14
        (tmp_path / "d.s").write_text(asm)
        subprocess.run(["as", str(tmp_path / "d.s"), "-o", str(tmp_path / "d.o")], check=True)
        assert ".loc" not in compile_c(i, name).asm


# -- diagnostics ---------------------------------------------------------------------------

ERRORS = [
    ("int main(void) {\n  return y;\n}\n",
     "t.c:2:10: error: 'y' undeclared (first use in this function)"),
    ("int main(void) {\n  int x = 3;\n  x = x + 1\n}\n", "t.c:3:12: error: expected ';' before '}' token"),
    ("int main(void) {\n  return (1 + 2;\n}\n", "t.c:2:16: error: expected ')' before ';' token"),
    ("int f(void) { 3 = 4; return 0; }\n", "t.c:1:17: error: lvalue required as left operand of assignment"),
    ("int f(void) { break; return 0; }\n", "t.c:1:15: error: break statement not within loop or switch"),
    ("int f(void) { continue; }\n", "t.c:1:15: error: continue statement not within a loop"),
    ("int sum(int a, int b);\nint main(void) { return sum(1); }\n",
     "t.c:2:25: error: too few arguments to function 'sum'"),
    ("int sum(int a, int b);\nint main(void) { return sum(1, 2, 3); }\n",
     "t.c:2:25: error: too many arguments to function 'sum'"),
    ("int f(int a);\nlong f(int a) { return a; }\n",
     "t.c:2:6: error: conflicting types for 'f'; have 'long int(int)'"),
    ("int f(void) { int a; int a; return 0; }\n", "error: redeclaration of 'a' with no linkage"),
    ("int f(void) { struct s *p; return p->x; }\n", "error: invalid use of undefined type 'struct s'"),
    ("int f(void) { double d = 1.5; return 0; }\n", "error: not supported yet: floating-point types"),
    ("int f(int x) { switch (x) { case 1: case 1: return 0; } return 1; }\n",
     "error: duplicate case value"),
    ("int f(void) { goto nowhere; }\n", "error: label 'nowhere' used but not defined"),
    ("int main(void) {\n  return 1", "t.c:2:11: error: expected ';' at end of input"),
    ("struct p { int x; };\nint f(struct p *q) { return q->y; }\n",
     "error: 'struct p' has no member named 'y'"),
    ("int f(int n) { int a[n]; return 0; }\n", "not supported yet: variable-length arrays"),
]


@pytest.mark.parametrize("src,expected", ERRORS)
def test_errors_are_gcc_style(src, expected):
    with pytest.raises(ToolError) as info:
        compile_c(src, "t.c")
    assert expected in info.value.render()


def test_error_shows_source_line_and_caret():
    with pytest.raises(ToolError) as info:
        compile_c('# 1 "m.c"\nint main(void) {\n  return y;\n}\n', "m.i")
    text = info.value.render()
    assert text.splitlines()[:3] == ["m.c:2:10: error: 'y' undeclared (first use in this function)",
                                     "    2 |   return y;", "      |          ^"]
    assert "note: each undeclared identifier is reported only once" in text


def test_several_errors_reported_in_one_run():
    with pytest.raises(ToolError) as info:
        compile_c("int f(void) { 3 = 4; break; return zz; }\n", "t.c")
    errors = [d for d in info.value.diagnostics if d.is_error]
    assert len(errors) == 3


def test_implicit_declaration_is_a_warning():
    r = compile_c("int main(void) { return foo(1); }\n", "t.c")
    assert [d.render().splitlines()[0] for d in r.diagnostics] == [
        "t.c:1:25: warning: implicit declaration of function 'foo' "
        "[-Wimplicit-function-declaration]"]
    assert "movl\t$0, %eax\n\tcall\tfoo@PLT" in r.asm


def test_no_traceback_on_garbage():
    for src in ["int main( {", "}}}", "int x = ;", "@", "int f() { return 1 +; }",
                "struct { int a; } x = {1, 2, 3, 4};" * 1, "int a[-1];", "typedef int t; t t;"]:
        try:
            compile_c(src, "g.c")
        except ToolError as e:
            assert e.diagnostics and e.diagnostics[0].render()


def test_char_signedness_per_target():
    src = "char c = -1; int f(char x) { return x; }\n"
    assert "movsbl" in compile_c(src, "t.c").asm
    assert "strb" in compile_c(src, "t.c", target="aarch64").asm
    assert "ldrsb" not in compile_c(src, "t.c", target="aarch64").asm


# -- -masm=intel ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["varcallee", "structs", "calls_in_args", "unsigned"])
def test_intel_syntax_gives_the_same_bytes(name, tmp_path):
    src = PRELUDE + PROGRAMS[name]
    i = preprocess("x86_64", src, tmp_path)
    out = []
    for masm in ("att", "intel"):
        out.append(_text_bytes(compile_c(i, "t.c", masm=masm).asm, tmp_path, masm))
    assert out[0] == out[1]


def test_intel_syntax_reads_like_gcc():
    asm = compile_c("int sum(int a, int b) { return a + b; }", "t.c", masm="intel").asm
    assert "\t.intel_syntax noprefix" in asm
    assert "\tmov\tDWORD PTR -4[rbp], edi" in asm and "\tadd\teax, edx" in asm
    with pytest.raises(ToolError):
        compile_c("int x;", "t.c", masm="intel", target="aarch64")
