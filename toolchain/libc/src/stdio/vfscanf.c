/* The scanf engine: every scanf-family function ends up here.
 *
 * The format is read directive by directive:
 *   - white space in the format skips any amount of white space in the input, even none;
 *   - an ordinary character must match the next input character;
 *   - a conversion %[*][width][length]conv reads a field and stores it through the next
 *     argument (unless '*' says to read and throw away).
 * Most conversions skip white space before their field; %c, %[ and %n do not.
 *
 * The result is the number of fields stored, or EOF if the input ended (or failed)
 * before even one conversion was stored. A character that does not fit is pushed back,
 * so the next read sees it: after scanf("%d") on "12abc", getchar() returns 'a'.
 * Only one character is ever pushed back, as C requires: on "-x" %d consumes the '-'.
 *
 * The rules down to such details are glibc's (its vfscanf), since programs are compared
 * with it. Floating point (%f %e %g %a, all alike) collects the characters a number can
 * have and hands them to strtod/strtof, which round exactly. %Lf (long double) is not
 * supported yet: it is a matching failure.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../internal/stdio_impl.h"

/* The input, one character at a time. */
struct in {
    FILE *f;
    size_t count;       /* characters consumed so far: what %n stores */
    int c;              /* the last character read; EOF once the input has ended */
};

/* Once the input has ended, nothing more is asked of the stream during this call. */
static int get(struct in *in)
{
    if (in->c == EOF)
        return EOF;
    in->c = fgetc(in->f);
    if (in->c != EOF)
        in->count++;
    return in->c;
}

/* Give back the character get just returned. It is still in the stream's buffer, just
 * behind the read position, so stepping back is enough (and leaves sscanf's string,
 * which may be read-only, untouched). */
static void unget(struct in *in, int c)
{
    if (c != EOF) {
        in->count--;
        in->f->rpos--;
    }
}

static void skip_space(struct in *in)
{
    int c;

    do
        c = get(in);
    while (c != EOF && isspace(c));
    unget(in, c);
}

/* Length modifiers: where the converted value is stored. On LP64 long long, intmax_t,
 * size_t and ptrdiff_t are all the size of long. */
enum { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG };

/* A field too large for its type is cut to the type, as glibc does: the digits are
 * converted by strtol/strtoul (saturating at the long range) and then assigned. */
static void store_integer(void *p, int length, int is_signed, long sv, unsigned long uv)
{
    switch (length) {
    case LEN_CHAR:
        if (is_signed)
            *(signed char *)p = (signed char)sv;
        else
            *(unsigned char *)p = (unsigned char)uv;
        break;
    case LEN_SHORT:
        if (is_signed)
            *(short *)p = (short)sv;
        else
            *(unsigned short *)p = (unsigned short)uv;
        break;
    case LEN_LONG:
        if (is_signed)
            *(long *)p = sv;
        else
            *(unsigned long *)p = uv;
        break;
    default:
        if (is_signed)
            *(int *)p = (int)sv;
        else
            *(unsigned int *)p = (unsigned int)uv;
    }
}

/* Read the characters of an integer in the given base (0: as in C source, by prefix)
 * into text, at most width of them (-1: no limit). 0, or -1 if there was no number. */
static int scan_integer(struct in *in, int width, int base, char *text, size_t room, int *basep)
{
    size_t n = 0;
    int c = get(in);

    /* Sign, then "0" (octal for %i) or "0x" (hex for %i and %x), then digits. The 'x'
     * is consumed but not kept: "0x" alone reads as 0. */
    if (c == '-' || c == '+') {
        text[n++] = (char)c;
        if (width > 0)
            width--;
        c = get(in);
    }
    if (width != 0 && c == '0') {
        if (width > 0)
            width--;
        text[n++] = (char)c;
        c = get(in);
        if (width != 0 && (c == 'x' || c == 'X')) {
            if (base == 0)
                base = 16;
            if (base == 16) {
                if (width > 0)
                    width--;
                c = get(in);
            }
        } else if (base == 0) {
            base = 8;
        }
    }
    if (base == 0)
        base = 10;

    while (c != EOF && width != 0) {
        if (base == 16 ? !isxdigit(c) : (c < '0' || c - '0' >= base))
            break;
        /* Digits beyond what fits cannot change a saturated result, but must still be
         * consumed: keep the first ones only. */
        if (n < room - 1)
            text[n++] = (char)c;
        if (width > 0)
            width--;
        c = get(in);
    }
    unget(in, c);
    text[n] = 0;
    *basep = base;
    if (n == 0 || (n == 1 && (text[0] == '-' || text[0] == '+')))
        return -1;
    return 0;
}

/* Read the characters of a floating-point number into text, at most width of them
 * (-1: no limit): a sign, then "inf", "infinity" or "nan", or digits with one '.', in
 * hex after "0x", then an exponent ('e', or 'p' for hex) with its sign and digits.
 * Reading is greedy, one character at a time, and only the last one is pushed back:
 * on "1e+x" the field is "1e+" (the "e+" is consumed and lost), as in glibc. 0, or -1 if nothing could start a number. */
static int scan_float(struct in *in, int width, char *text, size_t room)
{
    size_t n = 0;
    int c = get(in);
    int hex = 0;
    int digits = 0;
    int seen_point = 0;
    const char *word = NULL;

    /* Keep c if the width allows; then read the next one. */
#define TAKE() do { if (n < room - 1) text[n++] = (char)c; if (width > 0) width--; \
                    c = width != 0 ? get(in) : EOF; } while (0)

    if (width != 0 && (c == '-' || c == '+'))
        TAKE();
    if (width != 0 && (c == 'i' || c == 'I'))
        word = "inf";
    else if (width != 0 && (c == 'n' || c == 'N'))
        word = "nan";
    if (word != NULL) {
        /* Every letter of the word must come; "infinity" if an 'i' follows "inf". */
        int k;
        for (k = 0; word[k]; k++) {
            if (c == EOF || tolower(c) != word[k])
                goto bad;
            TAKE();
        }
        if (word[0] == 'i' && width != 0 && (c == 'i' || c == 'I')) {
            for (k = 0; "inity"[k]; k++) {
                if (c == EOF || tolower(c) != "inity"[k])
                    goto bad;
                TAKE();
            }
        }
        goto done;
    }

    if (width != 0 && c == '0') {
        TAKE();
        digits = 1;
        /* glibc takes the 'x' only if the width leaves room for a digit after it. */
        if ((width < 0 || width > 1) && (c == 'x' || c == 'X')) {
            hex = 1;
            digits = 0;
            TAKE();
        }
    }
    while (c != EOF && width != 0) {
        if (hex ? isxdigit(c) : isdigit(c))
            digits++;
        else if (c == '.' && !seen_point)
            seen_point = 1;
        else
            break;
        TAKE();
    }
    if (digits > 0 && width != 0 && c != EOF && tolower(c) == (hex ? 'p' : 'e')) {
        TAKE();
        if (width != 0 && (c == '-' || c == '+'))
            TAKE();
        while (c != EOF && width != 0 && isdigit(c))
            TAKE();
    }
    if (digits == 0)
        goto bad;
done:
    unget(in, c);
    text[n] = 0;
    return 0;
bad:
    unget(in, c);
    text[n] = 0;
    return -1;
#undef TAKE
}

/* Parse the set of a %[ conversion, starting just after the '['. A ']' right at the
 * start (after any '^') is a member, not the end; so is a '-' there or at the end;
 * "a-z" is a range. Returns where the set ends, or NULL if the format ends first. */
static const char *scan_set(const char *f, unsigned char *member, int *negate)
{
    int fc;

    memset(member, 0, UCHAR_MAX + 1);
    *negate = 0;
    if (*f == '^') {
        *negate = 1;
        f++;
    }
    if (*f == ']' || *f == '-')
        member[(unsigned char)*f++] = 1;
    while ((fc = (unsigned char)*f++) != 0 && fc != ']') {
        if (fc == '-' && *f != 0 && *f != ']' && (unsigned char)f[-2] <= (unsigned char)*f) {
            for (fc = (unsigned char)f[-2]; fc < (unsigned char)*f; fc++)
                member[fc] = 1;
        } else {
            member[fc] = 1;
        }
    }
    return fc == 0 ? NULL : f;
}

int vfscanf(FILE *f, const char *fmt, va_list ap)
{
    struct in in;
    const unsigned char *p = (const unsigned char *)fmt;
    int done = 0;               /* fields stored */
    int pending_space = 0;      /* the format had white space not yet acted on */
    unsigned char member[UCHAR_MAX + 1];

    in.f = f;
    in.count = 0;
    in.c = 0;

    while (*p) {
        int suppress = 0;
        int width = 0;
        int length = LEN_INT;
        int conv;
        int c;
        int big_l = 0;          /* %L: long double for the float conversions */
        void *dest = NULL;

        if (isspace(*p)) {
            pending_space = 1;
            p++;
            continue;
        }

        /* An ordinary character: skip the white space the format asked for, then the
         * input must have this very character. */
        if (*p != '%') {
            c = get(&in);
            if (c == EOF)
                goto input_failure;
            if (pending_space) {
                while (isspace(c)) {
                    if (get(&in) == EOF)
                        goto input_failure;
                    c = in.c;
                }
                pending_space = 0;
            }
            if (c != *p) {
                unget(&in, c);
                goto matching_failure;
            }
            p++;
            continue;
        }

        /* A conversion: '*', the width, the length modifier, the letter. */
        p++;
        while (*p == '*' || *p == '\'' || *p == 'I') {
            if (*p == '*')
                suppress = 1;
            p++;        /* "'" (grouping) and "I" (locale digits) change nothing in "C" */
        }
        while (isdigit(*p)) {
            width = width > (INT_MAX - 9) / 10 ? INT_MAX : width * 10 + (*p - '0');
            p++;
        }
        if (width == 0)
            width = -1;
        switch (*p) {
        case 'h':
            p++;
            length = LEN_SHORT;
            if (*p == 'h') {
                p++;
                length = LEN_CHAR;
            }
            break;
        case 'l':
            p++;
            length = LEN_LONG;
            if (*p == 'l')
                p++;
            break;
        case 'q': case 'L': case 'j': case 'z': case 't':
            big_l = *p == 'L';
            p++;
            length = LEN_LONG;
            break;
        }
        if (*p == 0)
            goto matching_failure;
        conv = *p++;

        if (pending_space || (conv != '[' && conv != 'c' && conv != 'n')) {
            skip_space(&in);
            pending_space = 0;
        }
        if (!suppress && conv != '%')
            dest = va_arg(ap, void *);

        switch (conv) {
        case '%':
            c = get(&in);
            if (c == EOF)
                goto input_failure;
            if (c != '%') {
                unget(&in, c);
                goto matching_failure;
            }
            break;

        case 'n':
            /* Not a field: stores the count and does not add to the result. */
            if (dest != NULL)
                store_integer(dest, length, 1, (long)in.count, 0);
            break;

        case 'c': {
            /* Exactly width characters (default 1), white space included, and no
             * terminating 0. If the input ends part way, what came is kept. */
            char *s = dest;
            if (width == -1)
                width = 1;
            c = get(&in);
            if (c == EOF)
                goto input_failure;
            do {
                if (s != NULL)
                    *s++ = (char)c;
            } while (--width > 0 && (c = get(&in)) != EOF);
            if (!suppress)
                done++;
            break;
        }

        case 's': {
            /* A run of non-white-space characters; white space was skipped above. */
            char *s = dest;
            c = get(&in);
            if (c == EOF)
                goto input_failure;
            do {
                if (isspace(c)) {
                    unget(&in, c);
                    break;
                }
                if (s != NULL)
                    *s++ = (char)c;
            } while ((width <= 0 || --width > 0) && (c = get(&in)) != EOF);
            if (s != NULL)
                *s = 0;
            if (!suppress)
                done++;
            break;
        }

        case '[': {
            char *s = dest;
            int negate;
            size_t start = in.count;
            p = (const unsigned char *)scan_set((const char *)p, member, &negate);
            if (p == NULL)
                goto matching_failure;
            if (width < 0)
                width = INT_MAX;
            c = get(&in);
            if (c == EOF)
                goto input_failure;
            do {
                if (member[c] == negate) {
                    unget(&in, c);
                    break;
                }
                if (s != NULL)
                    *s++ = (char)c;
            } while (--width > 0 && (c = get(&in)) != EOF);
            /* At least one character must match. */
            if (in.count == start)
                goto matching_failure;
            if (s != NULL)
                *s = 0;
            if (!suppress)
                done++;
            break;
        }

        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
            /* 64 digits, a sign and a 0 hold any value a long can take in any base. */
            char text[72];
            int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
            int is_signed = conv == 'd' || conv == 'i';
            if (conv == 'p')
                length = LEN_LONG;
            c = get(&in);
            if (c == EOF)
                goto input_failure;
            unget(&in, c);
            if (scan_integer(&in, width, base, text, sizeof text, &base) < 0)
                goto matching_failure;
            if (dest != NULL) {
                if (is_signed)
                    store_integer(dest, length, 1, strtol(text, NULL, base), 0);
                else
                    store_integer(dest, length, 0, 0, strtoul(text, NULL, base));
            }
            if (!suppress)
                done++;
            break;
        }

        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
            /* Longer text than this is cut; it still is read to its end. */
            char text[512];
            char *end;
            c = get(&in);
            if (c == EOF)
                goto input_failure;
            unget(&in, c);
            if (scan_float(&in, width, text, sizeof text) < 0)
                goto matching_failure;
            /* glibc takes the number at the start of the field ("1e" reads as 1) and
             * fails only if there is none. */
            if (big_l) {
                long double x = strtold(text, &end);
                if (end == text)
                    goto matching_failure;
                if (dest != NULL)
                    *(long double *)dest = x;
            } else if (length == LEN_LONG) {
                double d = strtod(text, &end);
                if (end == text)
                    goto matching_failure;
                if (dest != NULL)
                    *(double *)dest = d;
            } else {
                float x = strtof(text, &end);
                if (end == text)
                    goto matching_failure;
                if (dest != NULL)
                    *(float *)dest = x;
            }
            if (!suppress)
                done++;
            break;
        }

        default:
            /* Not a conversion we know: a matching failure, as in glibc. */
            goto matching_failure;
        }
    }

    /* White space at the very end of the format still eats the input's. */
    if (pending_space)
        skip_space(&in);
    return done;

input_failure:
    return done == 0 ? EOF : done;
matching_failure:
    return done;
}

int vscanf(const char *fmt, va_list ap)
{
    return vfscanf(stdin, fmt, ap);
}

/* sscanf reads a string as if it were a stream: the string is the stream's buffer,
 * already full, with nothing behind it. */
int vsscanf(const char *s, const char *fmt, va_list ap)
{
    FILE f;

    memset(&f, 0, sizeof f);
    f.fd = -1;
    f.flags = __F_STR | __F_NOWR;
    f.mode = _IOFBF;
    f.buf = (unsigned char *)s;
    f.size = strlen(s);
    f.rend = f.size;
    return vfscanf(&f, fmt, ap);
}

int scanf(const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vfscanf(stdin, fmt, ap);
    va_end(ap);
    return r;
}

int fscanf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vfscanf(f, fmt, ap);
    va_end(ap);
    return r;
}

int sscanf(const char *s, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vsscanf(s, fmt, ap);
    va_end(ap);
    return r;
}
