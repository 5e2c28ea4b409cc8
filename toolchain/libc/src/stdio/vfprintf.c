/* The printf engine: every printf-family function ends up here.
 *
 * A format is ordinary text with conversion specifications in it:
 *
 *     %[n$][flags][width][.precision][length]conversion
 *
 * The text is copied out as is; each specification takes the next argument (or the
 * n-th, with "n$"), turns it into characters and pads it to the field width.
 * The output goes into a FILE: a real stream for printf/fprintf, the caller's array
 * for sprintf/snprintf (see printf.c). What this file prints is what glibc prints,
 * including its answers where C leaves the choice open: "(nil)" for a null %p,
 * "(null)" for a null %s, and an unknown conversion echoed back as it was written.
 *
 * Floating point (%f %e %g %a, and %Lf ... for long double) is printed exactly, correctly
 * rounded, from the digits stdio/fltfmt.c computes with big integers.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "../internal/fltfmt.h"
#include "../internal/stdio_impl.h"

/* ---------------------------------------------------------------- specifications */

/* Length modifiers: the size of the argument the conversion expects. */
enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_BIG_L };

/* One conversion specification, as written in the format. */
struct spec {
    int argpos;         /* n of "%n$"; 0 means "the next argument" */
    int left;           /* '-': pad on the right */
    int plus;           /* '+': always show a sign */
    int space;          /* ' ': a space where a '+' would go */
    int alt;            /* '#': alternative form, 0x and leading 0 */
    int zero;           /* '0': pad numbers with zeros instead of spaces */
    int group;          /* '\'': group thousands (the "C" locale has no separator) */
    int i18n;           /* 'I': locale digits (the "C" locale has only 0-9) */
    int width;          /* minimum field width, 0 if none */
    int width_arg;      /* -1: width written out; 0: "*"; n: "*n$" */
    int prec;           /* precision, -1 if none */
    int prec_arg;       /* like width_arg, for the precision */
    int length;         /* LEN_... */
    int conv;           /* the conversion character, 0 if the format ended first */
};

/* Read a decimal number; -1 if it does not fit an int. */
static int read_number(const char **pp)
{
    const char *p = *pp;
    int n = 0;
    int overflow = 0;

    while (*p >= '0' && *p <= '9') {
        int digit = *p - '0';
        if (n > (INT_MAX - digit) / 10)
            overflow = 1;
        else
            n = n * 10 + digit;
        p++;
    }
    *pp = p;
    return overflow ? -1 : n;
}

/* "n$" after a '%' or a '*': return n and step past it, or 0 and stay put. */
static int read_position(const char **pp)
{
    const char *p = *pp;
    int n;

    if (*p < '1' || *p > '9')
        return 0;
    n = read_number(&p);
    if (*p != '$' || n <= 0)
        return 0;
    *pp = p + 1;
    return n;
}

/* Parse the specification that starts just after a '%'; return where it ends.
 * A width or precision too large for an int comes back as -2. */
static const char *parse_spec(const char *p, struct spec *s)
{
    s->argpos = read_position(&p);
    s->left = s->plus = s->space = s->alt = s->zero = s->group = s->i18n = 0;
    s->width = 0;
    s->width_arg = -1;
    s->prec = -1;
    s->prec_arg = -1;
    s->length = LEN_NONE;

    for (;; p++) {
        if (*p == '-')
            s->left = 1;
        else if (*p == '+')
            s->plus = 1;
        else if (*p == ' ')
            s->space = 1;
        else if (*p == '#')
            s->alt = 1;
        else if (*p == '0')
            s->zero = 1;
        else if (*p == '\'')
            s->group = 1;
        else if (*p == 'I')
            s->i18n = 1;
        else
            break;
    }

    if (*p == '*') {
        p++;
        s->width_arg = read_position(&p);
    } else if (*p >= '1' && *p <= '9') {
        s->width = read_number(&p);
        if (s->width < 0)
            s->width = -2;
    }

    if (*p == '.') {
        p++;
        if (*p == '*') {
            p++;
            s->prec_arg = read_position(&p);
        } else {
            s->prec = read_number(&p);
            if (s->prec < 0)
                s->prec = -2;
        }
    }

    switch (*p) {
    case 'h':
        p++;
        s->length = LEN_H;
        if (*p == 'h') {
            p++;
            s->length = LEN_HH;
        }
        break;
    case 'l':
        p++;
        s->length = LEN_L;
        if (*p == 'l') {
            p++;
            s->length = LEN_LL;
        }
        break;
    case 'q':           /* BSD's name for ll */
        p++;
        s->length = LEN_LL;
        break;
    case 'L':
        p++;
        s->length = LEN_BIG_L;
        break;
    case 'j':
        p++;
        s->length = LEN_J;
        break;
    case 'z':
    case 'Z':
        p++;
        s->length = LEN_Z;
        break;
    case 't':
        p++;
        s->length = LEN_T;
        break;
    }

    s->conv = (unsigned char)*p;
    if (*p)
        p++;
    return p;
}

/* ---------------------------------------------------------------- arguments */

/* How an argument must be fetched with va_arg: by its type after the default argument
 * promotions (a char or short arrives as an int). */
enum { ARG_NONE, ARG_INT, ARG_LONG, ARG_LLONG, ARG_PTR, ARG_DOUBLE, ARG_LDOUBLE };

union arg {
    long long i;
    void *p;
    double d;
    struct { uint64_t lo, hi; } ld;     /* a long double's bytes, as it lies in memory */
};

/* POSIX's NL_ARGMAX: the highest n a "%n$" may use. */
#define MAX_POSITION 64

struct args {
    va_list ap;
    int positional;                         /* the format numbers its arguments */
    union arg val[MAX_POSITION + 1];        /* ... so they were all fetched first */
};

static int arg_type(const struct spec *s)
{
    switch (s->conv) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
        if (s->length == LEN_L || s->length == LEN_J || s->length == LEN_Z || s->length == LEN_T)
            return ARG_LONG;
        if (s->length == LEN_LL || s->length == LEN_BIG_L)
            return ARG_LLONG;
        return ARG_INT;
    case 'c': case 'C':
        return ARG_INT;
    case 's': case 'S': case 'p': case 'n':
        return ARG_PTR;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
        /* A float argument arrives as a double. L (and, in glibc, ll) means long double. */
        if (s->length == LEN_BIG_L || s->length == LEN_LL)
            return ARG_LDOUBLE;
        return ARG_DOUBLE;
    }
    return ARG_NONE;
}

static union arg fetch(struct args *a, int type)
{
    union arg v;

    v.i = 0;
    if (type == ARG_INT)
        v.i = va_arg(a->ap, int);
    else if (type == ARG_LONG)
        v.i = va_arg(a->ap, long);
    else if (type == ARG_LLONG)
        v.i = va_arg(a->ap, long long);
    else if (type == ARG_PTR)
        v.p = va_arg(a->ap, void *);
    else if (type == ARG_DOUBLE)
        v.d = va_arg(a->ap, double);
    else if (type == ARG_LDOUBLE) {
        /* Kept as bytes: the formatting works on the bits (fltfmt.c takes them apart). */
        long double x = va_arg(a->ap, long double);
        memcpy(&v.ld, &x, sizeof v.ld);
    }
    return v;
}

/* The argument a specification asks for: the next one, or number pos. */
static union arg take(struct args *a, int pos, int type)
{
    if (a->positional)
        return a->val[pos];
    return fetch(a, type);
}

static void note_type(int *types, int pos, int type, int *max)
{
    types[pos] = type;
    if (pos > *max)
        *max = pos;
}

/* A "%n$" format may use its arguments in any order, but va_arg can only walk them
 * front to back, and only knowing each one's type. So read the whole format once to
 * learn the types, then fetch every argument in order. 0, or -1 for a bad format. */
static int fetch_positional(struct args *a, const char *p)
{
    int types[MAX_POSITION + 1];
    int max = 0;
    int i;
    struct spec s;

    for (i = 0; i <= MAX_POSITION; i++)
        types[i] = ARG_NONE;
    while (*p) {
        if (*p++ != '%')
            continue;
        if (*p == '%') {
            p++;
            continue;
        }
        p = parse_spec(p, &s);
        if (s.argpos > MAX_POSITION || s.width_arg > MAX_POSITION || s.prec_arg > MAX_POSITION)
            return -1;
        if (s.width_arg > 0)
            note_type(types, s.width_arg, ARG_INT, &max);
        if (s.prec_arg > 0)
            note_type(types, s.prec_arg, ARG_INT, &max);
        if (s.argpos > 0 && arg_type(&s) != ARG_NONE)
            note_type(types, s.argpos, arg_type(&s), &max);
    }
    /* An argument no specification mentions still has to be stepped over; C makes
     * that undefined, glibc guesses int, and so do we. */
    for (i = 1; i <= max; i++)
        a->val[i] = fetch(a, types[i] == ARG_NONE ? ARG_INT : types[i]);
    return 0;
}

/* ---------------------------------------------------------------- output */

struct out {
    FILE *f;
    size_t count;       /* characters produced so far, whether they fit or not */
    int failed;         /* the stream refused some */
};

static void emit(struct out *o, const char *s, size_t n)
{
    o->count += n;
    if (n > 0 && __stdio_write(o->f, (const unsigned char *)s, n) != n)
        o->failed = 1;
}

static void pad(struct out *o, char c, int n)
{
    const char *spaces = "                                ";
    const char *zeros = "00000000000000000000000000000000";
    const char *run = c == '0' ? zeros : spaces;

    while (n > 32) {
        emit(o, run, 32);
        n -= 32;
    }
    if (n > 0)
        emit(o, run, n);
}

/* Text in a field: spaces on the left, or on the right with '-'. glibc pads
 * strings with spaces even when the '0' flag is given. */
static void put_field(struct out *o, const struct spec *s, const char *text, size_t len)
{
    int fill = s->width > (int)len ? s->width - (int)len : 0;

    if (!s->left)
        pad(o, ' ', fill);
    emit(o, text, len);
    if (s->left)
        pad(o, ' ', fill);
}

/* An integer: [spaces][sign or 0x][zeros][digits][spaces]. mag is the absolute value.
 *
 * The precision is the minimum number of digits, so "%.3d" of 7 is "007" and "%.0d"
 * of 0 is nothing at all. The '0' flag fills the width with zeros after the sign, but
 * only when there is no precision and no '-'. '#' puts 0x before non-zero hex and
 * makes octal start with a 0. */
static void put_integer(struct out *o, const struct spec *s, unsigned long long mag, int negative)
{
    char digits[24];            /* 2^64 has 22 octal digits */
    char prefix[4];
    int ndigits = 0;
    int nprefix = 0;
    int base = 10;
    int prec = s->prec;
    int zeros = 0;
    int fill;
    const char *set = s->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned long long v = mag;

    if (s->conv == 'o')
        base = 8;
    else if (s->conv == 'x' || s->conv == 'X' || s->conv == 'p')
        base = 16;

    /* Fill from the right: the lowest digit comes out of the division first. */
    if (v != 0 || prec != 0) {
        do {
            digits[sizeof digits - 1 - ndigits] = set[v % base];
            ndigits++;
            v /= base;
        } while (v != 0);
    }

    if (s->conv == 'o' && s->alt && !(mag == 0 && ndigits == 1) && prec <= ndigits)
        prec = ndigits + 1;

    /* glibc lets '+' and ' ' act on %p too: it prints a pointer as a signed number. */
    if (negative)
        prefix[nprefix++] = '-';
    else if ((s->conv == 'd' || s->conv == 'i' || s->conv == 'p') && s->plus)
        prefix[nprefix++] = '+';
    else if ((s->conv == 'd' || s->conv == 'i' || s->conv == 'p') && s->space)
        prefix[nprefix++] = ' ';
    if (base == 16 && ((s->alt && mag != 0) || s->conv == 'p')) {
        prefix[nprefix++] = '0';
        prefix[nprefix++] = s->conv == 'X' ? 'X' : 'x';
    }

    if (prec > ndigits)
        zeros = prec - ndigits;
    else if (prec < 0 && s->zero && !s->left && s->width > nprefix + ndigits)
        zeros = s->width - nprefix - ndigits;

    fill = s->width - nprefix - zeros - ndigits;
    if (!s->left)
        pad(o, ' ', fill);
    emit(o, prefix, nprefix);
    pad(o, '0', zeros);
    emit(o, digits + sizeof digits - ndigits, ndigits);
    if (s->left)
        pad(o, ' ', fill);
}

/* An unknown conversion is printed back the way glibc rebuilds it: the flags in a
 * fixed order, width and precision as numbers, the length modifier dropped. */
static void put_unknown(struct out *o, const struct spec *s)
{
    char text[32];
    struct spec num;
    int n = 0;
    char conv = (char)s->conv;

    text[n++] = '%';
    if (s->alt)
        text[n++] = '#';
    if (s->group)
        text[n++] = '\'';
    if (s->plus)
        text[n++] = '+';
    else if (s->space)
        text[n++] = ' ';
    if (s->left)
        text[n++] = '-';
    else if (s->zero)
        text[n++] = '0';
    if (s->i18n)
        text[n++] = 'I';
    emit(o, text, n);

    /* The numbers are printed by the engine itself, as a plain %u. */
    memset(&num, 0, sizeof num);
    num.conv = 'u';
    num.prec = -1;
    if (s->width != 0)
        put_integer(o, &num, (unsigned long long)s->width, 0);
    if (s->prec != -1) {
        emit(o, ".", 1);
        put_integer(o, &num, (unsigned long long)s->prec, 0);
    }
    emit(o, &conv, 1);
}

/* %lc and %ls: wide characters become multibyte ones. In the "C" locale only ASCII
 * converts; anything else is an encoding error (EILSEQ), as in glibc. */
static int put_wide(struct out *o, const struct spec *s, const wchar_t *ws, wchar_t one)
{
    char text[64];
    size_t len = 0;
    size_t limit = s->prec >= 0 ? (size_t)s->prec : (size_t)-1;
    size_t i;

    if (ws == NULL) {
        text[0] = (char)one;
        if ((unsigned int)one > 0x7f) {
            errno = EILSEQ;
            return -1;
        }
        put_field(o, s, text, 1);
        return 0;
    }
    /* First measure (and check) the string, then write it: the padding goes first. */
    for (i = 0; ws[i] != 0 && len < limit; i++) {
        if ((unsigned int)ws[i] > 0x7f) {
            errno = EILSEQ;
            return -1;
        }
        len++;
    }
    if (!s->left && s->width > (int)len)
        pad(o, ' ', s->width - (int)len);
    for (i = 0; i < len; i++) {
        text[i % sizeof text] = (char)ws[i];
        if (i % sizeof text == sizeof text - 1 || i == len - 1)
            emit(o, text, i % sizeof text + 1);
    }
    if (s->left && s->width > (int)len)
        pad(o, ' ', s->width - (int)len);
    return 0;
}

/* ---------------------------------------------------------------- floating point */

/* A formatted number, in pieces, so that its length is known before any of it is
 * written (the padding goes first) and long runs of zeros are never stored:
 *
 *   prefix | int digits, int zeros | '.' | zeros, frac digits, zeros | exponent
 *
 * "%.3f" of 12.5 is "12" | "." | "500" and "%e" of 0.001 is "1" | "." | "000000" | "e-03". */
struct fnum {
    char prefix[3];             /* sign, then "0x" for %a */
    int nprefix;
    const char *intd;           /* digits before the point ... */
    int nint;
    int intzeros;               /* ... followed by this many zeros */
    int dot;                    /* is there a decimal point */
    int lead;                   /* zeros right after the point */
    const char *fracd;          /* then these digits */
    int nfrac;
    int trail;                  /* then zeros to fill the precision */
    char exp[8];                /* "e+05", "p-1022", or empty */
    int nexp;
};

static void put_fnum(struct out *o, const struct spec *s, const struct fnum *f)
{
    int len = f->nprefix + f->nint + f->intzeros + f->dot + f->lead + f->nfrac + f->trail + f->nexp;
    int fill = s->width > len ? s->width - len : 0;

    if (!s->left && !s->zero)
        pad(o, ' ', fill);
    emit(o, f->prefix, (size_t)f->nprefix);
    if (s->zero)                /* '0': the zeros go between the sign and the digits */
        pad(o, '0', fill);
    emit(o, f->intd, (size_t)f->nint);
    pad(o, '0', f->intzeros);
    if (f->dot)
        emit(o, ".", 1);
    pad(o, '0', f->lead);
    emit(o, f->fracd, (size_t)f->nfrac);
    pad(o, '0', f->trail);
    emit(o, f->exp, (size_t)f->nexp);
    if (s->left)
        pad(o, ' ', fill);
}

/* The exponent of %e or %a: the letter, a sign, and at least min_digits digits. */
static int format_exponent(char *out, char letter, int x, int min_digits)
{
    char rev[8];
    int n = 0;
    int k = 0;

    out[n++] = letter;
    out[n++] = x < 0 ? '-' : '+';
    if (x < 0)
        x = -x;
    do {
        rev[k++] = (char)('0' + x % 10);
        x /= 10;
    } while (x != 0);
    while (k < min_digits)
        rev[k++] = '0';
    while (k > 0)
        out[n++] = rev[--k];
    return n;
}

/* The digits d[0 .. n) with the point after the first `point` of them, and prec digits
 * after it: %f, and %g when the exponent is moderate. n may be 0 (the value is zero). */
static void layout_fixed(struct fnum *f, const char *d, int n, int point, int prec)
{
    int start;

    if (point > 0) {
        f->intd = d;
        f->nint = point < n ? point : n;
        f->intzeros = point - f->nint;
    } else {
        f->intd = "0";          /* a value below one still shows "0." */
        f->nint = 1;
        f->intzeros = 0;
    }
    f->lead = point < 0 ? (-point < prec ? -point : prec) : 0;
    start = point > 0 ? point : 0;
    f->fracd = d + (start < n ? start : n);
    f->nfrac = n - start;
    if (f->nfrac > prec - f->lead)
        f->nfrac = prec - f->lead;
    if (f->nfrac < 0)
        f->nfrac = 0;
    f->trail = prec - f->lead - f->nfrac;
    f->dot = prec > 0;
}

/* One digit, the point, prec digits, and the exponent: %e, and %g for the rest.
 * n is at least 1; d[0] is not '0' unless the value is zero. */
static void layout_exp(struct fnum *f, const char *d, int n, int x, int prec, int upper)
{
    f->intd = d;
    f->nint = 1;
    f->intzeros = 0;
    f->lead = 0;
    f->fracd = d + 1;
    f->nfrac = n - 1 < prec ? n - 1 : prec;
    f->trail = prec - f->nfrac;
    f->dot = prec > 0;
    f->nexp = format_exponent(f->exp, upper ? 'E' : 'e', x, 2);
}

/* %a: the value in hexadecimal, as glibc writes the type: one hex digit, a point, the
 * fraction's hex digits, and a power of two (fltfmt.c says which digits: 0x1.8p+1 for
 * the double 3.0, 0xcp-2 for the x87 long double). Without a precision, as many digits
 * as the value needs; with one, rounded to nearest, ties to even, on the digits. */
static void layout_hex(struct fnum *f, char *buf, const struct __flt *v, int prec, int upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char d[28];                 /* the fraction's digits, as values 0-15 */
    int ndig = v->fbits / 4;
    int lead = v->lead;
    int x = v->hexp;
    int i;

    for (i = 0; i < ndig; i++) {
        int pos = v->fbits - 4 * (i + 1);       /* the digit's lowest bit */
        uint64_t w = pos >= 64 ? v->fhi >> (pos - 64) : v->flo >> pos;
        d[i] = (char)(w & 0xf);
    }
    while (ndig > 0 && d[ndig - 1] == 0)
        ndig--;

    f->prefix[f->nprefix++] = '0';
    f->prefix[f->nprefix++] = upper ? 'X' : 'x';

    if (prec >= 0 && prec < ndig) {
        /* Look at what is cut: more than half, or exactly half with an odd last digit
         * kept (the leading one if none is kept). */
        int next = d[prec];
        int more = 0;
        int last = prec > 0 ? d[prec - 1] : lead;
        for (i = prec + 1; i < ndig; i++)
            more |= d[i];
        if (next > 8 || (next == 8 && (more || (last & 1)))) {
            i = prec - 1;
            while (i >= 0 && d[i] == 15)
                d[i--] = 0;
            if (i >= 0) {
                d[i]++;
            } else if (lead < 15) {
                /* The carry left the digits: glibc shows it in the leading digit,
                 * so the double 0x1.f8p+0 at %.0a is 0x2p+0 ... */
                lead++;
            } else {
                /* ... and when that is an f already (x87), 0x1, four powers up. */
                lead = 1;
                x += 4;
            }
        }
        ndig = prec;
    }
    buf[0] = set[lead];
    for (i = 0; i < ndig; i++)
        buf[1 + i] = set[(int)d[i]];
    f->intd = buf;
    f->nint = 1;
    f->fracd = buf + 1;
    f->nfrac = ndig;
    f->trail = prec > ndig ? prec - ndig : 0;
    f->dot = ndig > 0 || f->trail > 0;
    f->nexp = format_exponent(f->exp, upper ? 'P' : 'p', x, 1);
}

static void put_float(struct out *o, const struct spec *s, const struct __flt *v)
{
    char digits[FLT_DIGITS_MAX];
    struct fnum f;
    int conv = s->conv;
    int upper = conv == 'F' || conv == 'E' || conv == 'G' || conv == 'A';
    int prec = s->prec;
    int n = 0;
    int point = 1;

    memset(&f, 0, sizeof f);
    /* The sign bit is shown even on zero and NaN: "-0.000000", "-nan". */
    if (v->neg)
        f.prefix[f.nprefix++] = '-';
    else if (s->plus)
        f.prefix[f.nprefix++] = '+';
    else if (s->space)
        f.prefix[f.nprefix++] = ' ';

    if (v->cls != FLT_FINITE) {
        /* Infinity and NaN are words, padded with spaces even under '0'. */
        struct spec words = *s;
        f.intd = v->cls == FLT_INF ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan");
        f.nint = 3;
        words.zero = 0;
        put_fnum(o, &words, &f);
        return;
    }

    if (conv == 'a' || conv == 'A') {
        layout_hex(&f, digits, v, prec, upper);
        if (s->alt)
            f.dot = 1;
        put_fnum(o, s, &f);
        return;
    }

    if (prec < 0)
        prec = 6;
    if ((v->mhi | v->mlo) != 0) {
        /* Not zero: the digits, as far as the precision shows them and one more,
         * which decides the rounding. */
        if (conv == 'f' || conv == 'F')
            n = __flt_digits(v, INT_MAX, -prec - 1, digits, &point);
        else
            n = __flt_digits(v, prec < FLT_DIGITS_MAX ? prec + 2 : FLT_DIGITS_MAX, INT_MIN,
                             digits, &point);
    }

    if (conv == 'f' || conv == 'F') {
        n = __flt_round(digits, n, point + prec, &point);
        layout_fixed(&f, digits, n, point, prec);
    } else if (conv == 'e' || conv == 'E') {
        n = __flt_round(digits, n, prec + 1, &point);
        if (n == 0) {
            digits[0] = '0';    /* zero is 0.000e+00 */
            n = 1;
            point = 1;
        }
        layout_exp(&f, digits, n, point - 1, prec, upper);
    } else {
        /* %g: P significant digits, in the style that suits the exponent X the
         * value has once rounded to them: fixed if -4 <= X < P, else exponential.
         * Either way the digits kept are the same P, so one rounding serves. */
        int p = prec == 0 ? 1 : prec;
        int x;
        int x0 = n == 0 ? 0 : point - 1;

        n = __flt_round(digits, n, p, &point);
        x = n == 0 ? 0 : point - 1;
        if (x >= -4 && x < p) {
            layout_fixed(&f, digits, n, n == 0 ? 1 : point, p - 1 - x);
        } else if (x0 < p && x0 >= -4) {
            /* glibc picks the style by the exponent before rounding, and when rounding
             * then carries the fixed digits up to 10^P it switches to e-style with the
             * digits it had after the point: none. So %#g of 999999.5 is "1.e+06". */
            layout_exp(&f, digits, n, x, 0, upper);
        } else {
            layout_exp(&f, digits, n, x, p - 1, upper);
        }
        if (!s->alt) {
            /* Without '#' the trailing zeros go, and the point if nothing follows it. */
            f.trail = 0;
            if (f.nfrac == 0)
                f.lead = 0;
            f.dot = f.lead + f.nfrac > 0;
        }
    }
    if (s->alt)
        f.dot = 1;              /* '#': the point even with no digits after it */
    put_fnum(o, s, &f);
}

/* %n: store how many characters have been produced so far. */
static void store_count(const struct spec *s, void *p, size_t count)
{
    switch (s->length) {
    case LEN_HH:
        *(signed char *)p = (signed char)count;
        break;
    case LEN_H:
        *(short *)p = (short)count;
        break;
    case LEN_L: case LEN_J: case LEN_Z: case LEN_T:
        *(long *)p = (long)count;
        break;
    case LEN_LL: case LEN_BIG_L:
        *(long long *)p = (long long)count;
        break;
    default:
        *(int *)p = (int)count;
    }
}

/* The value of an integer argument, cut down to the type the length modifier names. */
static long long as_signed(const struct spec *s, long long v)
{
    switch (s->length) {
    case LEN_HH:
        return (signed char)v;
    case LEN_H:
        return (short)v;
    case LEN_NONE:
        return (int)v;
    }
    return v;
}

static unsigned long long as_unsigned(const struct spec *s, long long v)
{
    switch (s->length) {
    case LEN_HH:
        return (unsigned char)v;
    case LEN_H:
        return (unsigned short)v;
    case LEN_NONE:
        return (unsigned int)v;
    case LEN_L: case LEN_J: case LEN_Z: case LEN_T:
        return (unsigned long)v;
    }
    return (unsigned long long)v;
}

/* ---------------------------------------------------------------- the loop */

static int format(FILE *f, const char *fmt, va_list ap)
{
    struct out o;
    struct args a;
    struct spec s;
    const char *p = fmt;
    const char *q;
    const char *r;
    int result = 0;

    o.f = f;
    o.count = 0;
    o.failed = 0;
    va_copy(a.ap, ap);
    a.positional = 0;

    /* The first specification says whether this format numbers its arguments. */
    q = strchr(fmt, '%');
    while (q != NULL && q[1] == '%')
        q = strchr(q + 2, '%');
    if (q != NULL) {
        r = q + 1;
        if (read_position(&r) > 0) {
            a.positional = 1;
            if (fetch_positional(&a, fmt) < 0) {
                errno = EINVAL;
                va_end(a.ap);
                return -1;
            }
        }
    }

    while (*p) {
        union arg v;

        /* Copy the plain text up to the next '%' in one piece. */
        q = p;
        while (*q && *q != '%')
            q++;
        emit(&o, p, (size_t)(q - p));
        if (*q == 0)
            break;

        p = parse_spec(q + 1, &s);
        if (s.conv == 0) {
            /* The format ends inside a specification. */
            errno = EINVAL;
            result = -1;
            break;
        }
        if (s.width == -2 || s.prec == -2) {
            errno = EOVERFLOW;
            result = -1;
            break;
        }
        if (s.width_arg >= 0) {
            s.width = (int)take(&a, s.width_arg, ARG_INT).i;
            if (s.width < 0) {
                /* A negative width argument is a '-' flag and a positive width. */
                s.left = 1;
                s.width = s.width == INT_MIN ? INT_MAX : -s.width;
            }
        }
        if (s.prec_arg >= 0) {
            s.prec = (int)take(&a, s.prec_arg, ARG_INT).i;
            if (s.prec < 0)
                s.prec = -1;    /* a negative precision counts as none */
        }
        if (s.left)
            s.zero = 0;

        v.i = 0;
        if (arg_type(&s) != ARG_NONE)
            v = take(&a, s.argpos, arg_type(&s));

        switch (s.conv) {
        case '%':
            emit(&o, "%", 1);
            break;

        case 'd':
        case 'i': {
            long long n = as_signed(&s, v.i);
            if (n < 0)
                put_integer(&o, &s, 0ULL - (unsigned long long)n, 1);
            else
                put_integer(&o, &s, (unsigned long long)n, 0);
            break;
        }

        case 'u':
        case 'o':
        case 'x':
        case 'X':
            put_integer(&o, &s, as_unsigned(&s, v.i), 0);
            break;

        case 'p':
            if (v.p == NULL) {
                /* glibc prints the whole word whatever the precision says. */
                s.prec = -1;
                put_field(&o, &s, "(nil)", 5);
            } else {
                put_integer(&o, &s, (unsigned long long)(uintptr_t)v.p, 0);
            }
            break;

        case 'c':
        case 'C':
            if (s.length == LEN_L || s.conv == 'C') {
                if (put_wide(&o, &s, NULL, (wchar_t)v.i) < 0)
                    result = -1;
            } else {
                char c = (char)(unsigned char)v.i;
                put_field(&o, &s, &c, 1);
            }
            break;

        case 's':
        case 'S':
            if (v.p == NULL) {
                /* glibc's "(null)" appears only if the precision leaves room for all
                 * of it; otherwise nothing does. */
                if (s.prec < 0 || s.prec >= 6)
                    put_field(&o, &s, "(null)", 6);
                else
                    put_field(&o, &s, "", 0);
            } else if (s.length == LEN_L || s.conv == 'S') {
                if (put_wide(&o, &s, (const wchar_t *)v.p, 0) < 0)
                    result = -1;
            } else {
                const char *str = (const char *)v.p;
                size_t len = s.prec < 0 ? strlen(str) : strnlen(str, (size_t)s.prec);
                put_field(&o, &s, str, len);
            }
            break;

        case 'm': {
            /* glibc: the message for the current errno, like %s. */
            const char *msg = strerror(errno);
            size_t len = s.prec < 0 ? strlen(msg) : strnlen(msg, (size_t)s.prec);
            put_field(&o, &s, msg, len);
            break;
        }

        case 'n':
            store_count(&s, v.p, o.count);
            break;

        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
            struct __flt fv;
            if (arg_type(&s) == ARG_LDOUBLE)
                __flt_from_ldbl(&fv, v.ld.lo, v.ld.hi);
            else
                __flt_from_double(&fv, v.d);
            put_float(&o, &s, &fv);
            break;
        }

        default:
            put_unknown(&o, &s);
            break;
        }
        if (result < 0)
            break;
    }
    va_end(a.ap);

    if (result < 0)
        return -1;
    if (o.failed)
        return -1;
    if (o.count > INT_MAX) {
        errno = EOVERFLOW;
        return -1;
    }
    return (int)o.count;
}

/* An unbuffered stream (stderr) would turn every piece of the format into its own
 * write system call, and another process writing to the same terminal could cut in
 * between. So, like glibc, lend it a buffer on the stack for the duration of the call:
 * one printf, one write. */
int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    unsigned char local[1024];
    unsigned char *buf;
    size_t size;
    int result;

    if (f->flags & __F_STR)
        return format(f, fmt, ap);
    __stdio_decide_mode(f);
    if (f->mode != _IONBF)
        return format(f, fmt, ap);

    buf = f->buf;
    size = f->size;
    f->buf = local;
    f->size = sizeof local;
    f->mode = _IOFBF;
    result = format(f, fmt, ap);
    if (__stdio_flush(f) < 0)
        result = -1;
    f->buf = buf;
    f->size = size;
    f->mode = _IONBF;
    return result;
}
