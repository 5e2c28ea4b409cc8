#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>

#include <stdalign.h>
#include <stdnoreturn.h>

struct pt { int x, y; };
struct fam { int n; double d[]; };
union u { int i; float f; unsigned char b[4]; };
typedef struct node { int v; struct node *next; } node;
enum color { RED, GREEN = 5, BLUE };
static int counter(void) { static int c; return ++c; }
static inline int sq(int x) { return x * x; }
struct anon { int a; union { int b; float c; }; struct { short d, e; }; };
_Alignas(32) static char buf[64];
int cmp(const void *a, const void *b) { return *(const int*)a - *(const int*)b; }
int apply(int (*f)(int), int v) { return f(v); }
int grid[3][4] = { [1] = { [2] = 7 }, [2][3] = 9 };
struct pt pts[] = { [2] = { .y = 3 }, { 4, 5 } };
const char *names[] = { "zero", "one", "two" };
int main(int argc, char **argv) {
    struct pt p = { .y = 2, .x = 1 };
    struct fam *f = malloc(sizeof *f + 3 * sizeof(double));
    f->n = 3; for (int i = 0; i < 3; i++) f->d[i] = i * 1.5;
    union u u = { .f = 1.0f };
    node n2 = { 2, 0 }, n1 = { 1, &n2 };
    int arr[] = { 5, 3, 9, 1, 7 };
    qsort(arr, 5, sizeof arr[0], cmp);
    printf("%d %d %g %02x%02x%02x%02x\n", p.x, p.y, f->d[2], u.b[0], u.b[1], u.b[2], u.b[3]);
    printf("%d %d %d %d\n", n1.next->v, BLUE, counter() + counter(), sq(7));
    for (int i = 0; i < 5; i++) printf("%d ", arr[i]); printf("\n");
    struct anon a = { .a = 1, .b = 2, .d = 3, .e = 4 };
    printf("%d %d %d %d %zu %zu\n", a.a, a.b, a.d, a.e, sizeof a, offsetof(struct anon, e));
    printf("%d %d %d\n", grid[1][2], grid[2][3], grid[0][0]);
    printf("%d %d %d\n", pts[2].y, pts[3].x, (int)(sizeof pts / sizeof pts[0]));
    printf("%s %zu %d\n", names[2], alignof(max_align_t), (int)((uintptr_t)buf % 32));
    wchar_t w[] = L"hé";
    printf("%zu %d\n", sizeof w, (int)w[1]);
    printf("%zu %zu %zu\n", sizeof(u8"é"), sizeof(u"ab"), sizeof(U"ab"));
    int64_t big = INT64_MIN; uint64_t ubig = UINT64_MAX;
    printf("%" PRId64 " %" PRIu64 " %" PRIx64 "\n", big, ubig, ubig >> 4);
    printf("%d\n", apply(sq, 9));
    char s[32]; snprintf(s, sizeof s, "%5.2f|%-5d|%+d|%x|%o|%c|%%", 3.14159, 42, 5, 255, 8, 'z');
    puts(s);
    int x = 10; x += x++ * 0; x <<= 2; x %= 7; x ^= 0x55; 
    printf("%d %d %d\n", x, -7 / 2, -7 % 2);
    unsigned char c = 200; signed char sc = -100; short sh = -30000; unsigned short us = 60000;
    printf("%d %d %d %d %u\n", c + sc, sh * 2, us * us, (c << 24) >> 24, (unsigned)sh);
    double d = 1e300; float fl = 3.4e38f; long long ll = (long long)(d / 1e290);
    printf("%g %g %lld %d\n", d * 10, fl * 10, ll, (int)-2.7);
    goto end;
    puts("skipped");
end:
    switch (argc) { case 1: puts("one"); case 2: puts("fall"); break; default: puts("def"); }
    return 0;
}
