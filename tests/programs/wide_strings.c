#include <stdio.h>
#include <stddef.h>
typedef unsigned short char16_t; typedef unsigned int char32_t;
wchar_t gw[] = L"hé€";
char16_t g16[4] = u"ab";
int main(void) {
    wchar_t w[] = L"hé";
    char32_t u32[] = U"x\U0001F600";
    char u8[] = u8"é";
    char16_t s16[] = u"é€";
    printf("%zu %d %zu %x %zu %zu %x %d %d\n", sizeof w, (int)w[1], sizeof u32, u32[1], sizeof u8, sizeof s16, s16[1], (int)gw[2], g16[1]);
    printf("%zu\n", _Alignof(max_align_t));
    /* wchar_t is int on x86-64 and unsigned int on AArch64: so is an L"" element. */
    printf("%d %d\n", L"\xffffffff"[0] > 0, (int)sizeof(L"a"[0]));
    return 0;
}
