#include <stdio.h>
#include <string.h>
#include <stddef.h>
struct inner { int a[3]; char name[8]; };
struct outer { struct inner in; double w; struct inner arr[2]; };
enum sign { NEG = -2, ZERO = 0, POS = 7 };
struct inner twice(struct inner x) { for (int i = 0; i < 3; i++) x.a[i] *= 2; strcat(x.name, "!"); return x; }
typedef struct inner (*fn_t)(struct inner);
static const int table[] = { [3] = 30, [1] = 10, 20 };
char words[3][10] = { "alpha", "be" };
struct outer o = { .in.a = { 1, 2 }, .in.name = "in", .w = 2.5, .arr[1].a[2] = 9, .arr[0] = { {4}, "zero" } };
int classify(enum sign s) { switch (s) { case NEG: return -1; case ZERO: return 0; case POS: return 1; } return 9; }
int dense(int k) { switch (k) { case 0: return 10; case 1: return 11; case 2: return 12; case 3: return 13; case 4: return 14; case 5: return 15; case 100: return 16; case 200: return 17; case 300: return 18; default: return -1; } }
int *counter(void) { static int c[2]; c[0]++; return c; }
int main(void) {
    fn_t f = twice;
    struct inner r = f(o.in);
    printf("%d %d %d %s %s\n", r.a[0], r.a[1], r.a[2], r.name, o.in.name);
    printf("%d %d %d %d %zu\n", table[0], table[1], table[2], table[3], sizeof table / sizeof *table);
    printf("%s %s [%s] %zu\n", words[0], words[1], words[2], sizeof words);
    printf("%g %d %d %s\n", o.w, o.arr[1].a[2], o.arr[0].a[0], o.arr[0].name);
    printf("%d %d %d %d\n", classify(NEG), classify(POS), classify((enum sign)3), (int)sizeof(enum sign));
    for (int k = -1; k < 7; k++) printf("%d ", dense(k)); printf("%d %d %d\n", dense(100), dense(300), dense(150));
    counter(); counter(); printf("%d\n", counter()[0]);
    int arr[10]; int *p = arr + 7, *q = &arr[2]; ptrdiff_t d = p - q; printf("%td %d %d\n", d, p > q, q >= p);
    unsigned char uc = 0xF0; printf("%d %d %x\n", ~uc, uc >> 2, (unsigned char)(uc << 1));
    const char *const msg = "hello"; printf("%c %zu %d\n", msg[1], sizeof(int[10]), (int)(&msg[4] - msg));
    struct inner a = {{1}}, b = {{2}}; struct inner c = (a.a[0] > b.a[0]) ? a : b; printf("%d\n", c.a[0]);
    int i = 0, j = (i++, i++, i + 10); printf("%d %d\n", i, j);
    long long m = -1; unsigned u = 1; printf("%d %d\n", m < u, -1 < (int)u);
    double x = 7.0 / 2; int y = 7 / 2; float z = (float)1 / 3; printf("%.2f %d %.4f %d\n", x, y, z, (int)(x * 10) % 4);
    char buf[20]; sprintf(buf, "%08.3f|%-8x|%#o", -3.14159, 255u, 8); puts(buf);
    return classify(POS) + 40;
}
