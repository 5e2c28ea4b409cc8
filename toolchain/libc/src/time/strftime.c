/* strftime: a struct tm as text, by conversions like printf's, in the C locale.
 *
 * Everything C11 7.27.3.5 lists is here, with the E and O modifiers (which change nothing
 * in the C locale: it has no era and no alternative digits), and what glibc adds and
 * programs use: the flags _ (pad with spaces), - (do not pad), 0 (pad with zeros),
 * ^ (upper case) and # (swap case), a field width, and %k %l %P %s %z %Z, %C %g %G %V
 * and the like from POSIX. An unknown conversion is copied as it stands ("%Q" gives
 * "%Q"), as glibc does.
 *
 * The result, with its terminating null, must fit in maxsize characters; if it does not,
 * strftime returns 0 and the array's contents are unspecified.
 */
#include <limits.h>
#include <string.h>
#include <time.h>

static const char *const day_abbr[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const day_full[7] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
};
static const char *const month_abbr[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};
static const char *const month_full[12] = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"
};

/* Where output goes: p is NULL when only counting (to size a sub-format first). */
struct out {
    char *p;
    size_t max;                 /* the caller's maxsize */
    size_t n;                   /* characters produced so far */
    int full;                   /* something did not fit: the answer is 0 */
};

/* One conversion's flags. */
struct spec {
    int pad;                    /* 0, '_', '-' or '0' */
    int width;                  /* -1: none given */
    int upper;                  /* ^, or # on a name */
    int lower;                  /* # on %p or %Z, and %P */
};

enum { AS_IS, TO_UPPER, TO_LOWER };

static char fold(char c, int how)
{
    if (how == TO_UPPER && c >= 'a' && c <= 'z')
        return (char)(c - 'a' + 'A');
    if (how == TO_LOWER && c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c;
}

/* Room for count more characters, always keeping one for the final null. */
static int reserve(struct out *o, size_t count)
{
    if (o->full || count >= o->max - o->n) {
        o->full = 1;
        return 0;
    }
    return 1;
}

static void fill(struct out *o, char c, size_t count)
{
    if (o->p != NULL) {
        memset(o->p, c, count);
        o->p += count;
    }
    o->n += count;
}

/* len characters of s, after padding on the left up to the width: with zeros under the
 * 0 flag, with spaces otherwise. Names are padded this way too. */
static void text(struct out *o, const struct spec *sp, const char *s, size_t len)
{
    size_t pad = sp->width > 0 && (size_t)sp->width > len ? (size_t)sp->width - len : 0;
    int how = sp->lower ? TO_LOWER : sp->upper ? TO_UPPER : AS_IS;
    size_t i;

    if (!reserve(o, len + pad))
        return;
    fill(o, sp->pad == '0' ? '0' : ' ', pad);
    if (o->p != NULL) {
        for (i = 0; i < len; i++)
            o->p[i] = fold(s[i], how);
        o->p += len;
    }
    o->n += len;
}

/* A number of at least `digits` digits (or the width, if wider), padded with zeros,
 * or with spaces for the space-padded conversions (%e %k %l) and the _ flag; the -
 * flag asks for no padding. A minus sign counts as one of the digits. glibc's %s is
 * the exception: its width pads the number, sign and all, as it pads a name. */
static void number_as(struct out *o, struct spec sp, int digits, int space_padded, int widen,
                      long long value)
{
    char buf[24];
    char *start = buf + sizeof buf;
    unsigned long long u = value < 0 ? 0 - (unsigned long long)value : (unsigned long long)value;
    int negative = value < 0;
    int len, padding;

    if (space_padded && sp.pad != '0' && sp.pad != '-')
        sp.pad = '_';
    if (widen && sp.width > digits)
        digits = sp.width;
    do
        *--start = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (negative)
        *--start = '-';
    len = (int)(buf + sizeof buf - start);
    padding = digits - len;
    if (sp.pad != '-' && padding > 0) {
        if (sp.pad == '_') {
            if (!reserve(o, (size_t)padding))
                return;
            fill(o, ' ', (size_t)padding);
            sp.width = sp.width > padding ? sp.width - padding : 0;
        } else {
            /* zeros go between the sign and the digits */
            if (!reserve(o, (size_t)digits))
                return;
            if (negative) {
                fill(o, '-', 1);
                start++;
                len--;
            }
            fill(o, '0', (size_t)padding);
            sp.width = 0;
        }
    }
    text(o, &sp, start, (size_t)len);
}

static void number(struct out *o, struct spec sp, int digits, int space_padded, long long value)
{
    number_as(o, sp, digits, space_padded, 1, value);
}

static size_t format(char *s, size_t maxsize, const char *f, const struct tm *tm);

/* A conversion defined as a whole format of its own (%c is "%a %b %e %H:%M:%S %Y"): it
 * is measured first, so that the width can pad it as one piece. */
static void subformat(struct out *o, const struct spec *sp, const char *fmt, const struct tm *tm)
{
    size_t len = format(NULL, (size_t)-1, fmt, tm);
    size_t pad = sp->width > 0 && (size_t)sp->width > len ? (size_t)sp->width - len : 0;
    size_t i;

    if (!reserve(o, len + pad))
        return;
    fill(o, sp->pad == '0' ? '0' : ' ', pad);
    if (o->p != NULL) {
        format(o->p, len + 1, fmt, tm);
        if (sp->upper)
            for (i = 0; i < len; i++)
                o->p[i] = fold(o->p[i], TO_UPPER);
        o->p += len;
    }
    o->n += len;
}

/* Days from the Monday that starts ISO week 1 of tm's year to the day tm is. Week 1
 * is the week (Monday first) holding the year's first Thursday. Negative: the day
 * belongs to the last week of the year before. */
static int iso_week_days(int yday, int wday)
{
    /* the weekday (Monday 0) of this year's January 4, which week 1 always holds */
    int jan4 = ((wday + 6 - yday + 3) % 7 + 7 * 60) % 7;
    return yday - (3 - jan4);
}

static int is_leap(long long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The ISO 8601 week-based year of tm and the week within it (1 .. 53). */
static void iso_week(const struct tm *tm, long long *year, int *week)
{
    long long y = (long long)tm->tm_year + 1900;
    int days = iso_week_days(tm->tm_yday, tm->tm_wday);

    if (days < 0) {
        y--;
        days = iso_week_days(tm->tm_yday + 365 + is_leap(y), tm->tm_wday);
    } else {
        int next = iso_week_days(tm->tm_yday - 365 - is_leap(y), tm->tm_wday);
        if (next >= 0) {
            y++;
            days = next;
        }
    }
    *year = y;
    *week = days / 7 + 1;
}

/* One conversion, f pointing at its letter; `from` is where its % was, for copying an
 * unknown conversion through. */
static void convert(struct out *o, struct spec sp, int modifier, const char *f,
                    const char *from, const struct tm *tm)
{
    int hour12 = tm->tm_hour > 12 ? tm->tm_hour - 12 : tm->tm_hour == 0 ? 12 : tm->tm_hour;
    int change_case = sp.lower;         /* the # flag, until a conversion says what it means */
    long long year = (long long)tm->tm_year + 1900;
    const char *name;
    int week;

    sp.lower = 0;
    switch (*f) {
    case '%':
        if (modifier)
            break;
        text(o, &sp, "%", 1);
        return;
    case 'a':
    case 'A':
        if (modifier)
            break;
        if (change_case)
            sp.upper = 1;
        if (tm->tm_wday < 0 || tm->tm_wday > 6)
            name = "?";
        else
            name = *f == 'a' ? day_abbr[tm->tm_wday] : day_full[tm->tm_wday];
        text(o, &sp, name, strlen(name));
        return;
    case 'b':
    case 'h':
    case 'B':
        if (modifier == 'E')
            break;
        if (change_case)
            sp.upper = 1;
        if (tm->tm_mon < 0 || tm->tm_mon > 11)
            name = "?";
        else
            name = *f == 'B' ? month_full[tm->tm_mon] : month_abbr[tm->tm_mon];
        text(o, &sp, name, strlen(name));
        return;
    case 'c':
        if (modifier == 'O')
            break;
        subformat(o, &sp, "%a %b %e %H:%M:%S %Y", tm);
        return;
    case 'C':
        number(o, sp, 1, 0, year / 100 - (year % 100 < 0));
        return;
    case 'd':
        if (modifier == 'E')
            break;
        number(o, sp, 2, 0, tm->tm_mday);
        return;
    case 'D':
        if (modifier)
            break;
        subformat(o, &sp, "%m/%d/%y", tm);
        return;
    case 'e':
        if (modifier == 'E')
            break;
        number(o, sp, 2, 1, tm->tm_mday);
        return;
    case 'F':
        if (modifier)
            break;
        subformat(o, &sp, "%Y-%m-%d", tm);
        return;
    case 'g':
    case 'G':
    case 'V':
        if (modifier == 'E')
            break;
        iso_week(tm, &year, &week);
        if (*f == 'g')
            number(o, sp, 2, 0, (year % 100 + 100) % 100);
        else if (*f == 'G')
            number(o, sp, 1, 0, year);
        else
            number(o, sp, 2, 0, week);
        return;
    case 'H':
    case 'k':
        if (modifier == 'E')
            break;
        number(o, sp, 2, *f == 'k', tm->tm_hour);
        return;
    case 'I':
    case 'l':
        if (modifier == 'E')
            break;
        number(o, sp, 2, *f == 'l', hour12);
        return;
    case 'j':
        if (modifier == 'E')
            break;
        number(o, sp, 3, 0, 1LL + tm->tm_yday);
        return;
    case 'm':
        if (modifier == 'E')
            break;
        number(o, sp, 2, 0, 1LL + tm->tm_mon);
        return;
    case 'M':
        if (modifier == 'E')
            break;
        number(o, sp, 2, 0, tm->tm_min);
        return;
    case 'n':
        text(o, &sp, "\n", 1);
        return;
    case 't':
        text(o, &sp, "\t", 1);
        return;
    case 'P':
        sp.lower = 1;
        text(o, &sp, tm->tm_hour > 11 ? "PM" : "AM", 2);
        return;
    case 'p':
        if (change_case) {
            sp.upper = 0;
            sp.lower = 1;
        }
        text(o, &sp, tm->tm_hour > 11 ? "PM" : "AM", 2);
        return;
    case 'r':
        subformat(o, &sp, "%I:%M:%S %p", tm);
        return;
    case 'R':
        subformat(o, &sp, "%H:%M", tm);
        return;
    case 's': {
        /* GNU: the seconds since the Epoch that tm names, as local time */
        struct tm copy = *tm;
        number_as(o, sp, 1, 0, 0, (long long)mktime(&copy));
        return;
    }
    case 'S':
        if (modifier == 'E')
            break;
        number(o, sp, 2, 0, tm->tm_sec);
        return;
    case 'T':
        subformat(o, &sp, "%H:%M:%S", tm);
        return;
    case 'u':
        if (modifier == 'E')
            break;
        number(o, sp, 1, 0, (tm->tm_wday - 1 + 7) % 7 + 1);
        return;
    case 'U':
        if (modifier == 'E')
            break;
        number(o, sp, 2, 0, (tm->tm_yday - tm->tm_wday + 7) / 7);
        return;
    case 'w':
        if (modifier == 'E')
            break;
        number(o, sp, 1, 0, tm->tm_wday);
        return;
    case 'W':
        if (modifier == 'E')
            break;
        number(o, sp, 2, 0, (tm->tm_yday - (tm->tm_wday - 1 + 7) % 7 + 7) / 7);
        return;
    case 'x':
        if (modifier == 'O')
            break;
        subformat(o, &sp, "%m/%d/%y", tm);
        return;
    case 'X':
        if (modifier == 'O')
            break;
        subformat(o, &sp, "%H:%M:%S", tm);
        return;
    case 'y':
        /* the year modulo 100, never negative: 1999 and -1 both give 99 */
        number(o, sp, 2, 0, (tm->tm_year % 100 + 100) % 100);
        return;
    case 'Y':
        if (modifier == 'O')
            break;
        number(o, sp, 1, 0, year);
        return;
    case 'z': {
        /* +hhmm east of UTC; nothing when it is unknown whether DST is in effect */
        long diff = tm->tm_gmtoff;
        if (tm->tm_isdst < 0)
            return;
        text(o, &sp, diff < 0 ? "-" : "+", 1);
        if (diff < 0)
            diff = -diff;
        diff /= 60;
        number(o, sp, 4, 0, diff / 60 * 100 + diff % 60);
        return;
    }
    case 'Z':
        if (change_case) {
            sp.lower = 1;
            sp.upper = 0;
        }
        /* a struct tm made by hand has no zone: then the local zone's name (glibc's
         * tzname[tm_isdst]), which is UTC either way */
        name = tm->tm_zone;
        if ((name == NULL || *name == 0) && tm->tm_isdst >= 0)
            name = tm->tm_isdst <= 1 ? "UTC" : "?";
        if (name == NULL)
            name = "";
        text(o, &sp, name, strlen(name));
        return;
    default:
        break;
    }
    /* Not a conversion we know (or a modifier it does not take): copy it as it is,
     * under its own width and ^ flag (glibc's way: "%^5q" gives " %^5Q"). */
    text(o, &sp, from, (size_t)(f - from) + (*f != 0));
}

static size_t format(char *s, size_t maxsize, const char *f, const struct tm *tm)
{
    struct out o;
    struct spec sp;
    const char *from;
    int modifier;

    o.p = s;
    o.max = maxsize;
    o.n = 0;
    o.full = 0;
    for (; *f != 0 && !o.full; f++) {
        if (*f != '%') {
            if (reserve(&o, 1)) {
                if (o.p != NULL)
                    *o.p++ = *f;
                o.n++;
            }
            continue;
        }
        from = f;
        sp.pad = 0;
        sp.width = -1;
        sp.upper = 0;
        sp.lower = 0;
        for (;;) {
            f++;
            if (*f == '_' || *f == '-' || *f == '0')
                sp.pad = *f;
            else if (*f == '^')
                sp.upper = 1;
            else if (*f == '#')
                sp.lower = 1;           /* "change case": each conversion says which way */
            else
                break;
        }
        if (*f >= '0' && *f <= '9') {
            sp.width = 0;
            do {
                if (sp.width > (INT_MAX - (*f - '0')) / 10)
                    sp.width = INT_MAX;
                else
                    sp.width = sp.width * 10 + (*f - '0');
                f++;
            } while (*f >= '0' && *f <= '9');
        }
        modifier = 0;
        if (*f == 'E' || *f == 'O')
            modifier = *f++;
        convert(&o, sp, modifier, f, from, tm);
        if (*f == 0)
            break;                      /* a % at the very end was copied through */
    }
    if (o.full)
        return 0;
    if (o.p != NULL && maxsize != 0)
        *o.p = 0;
    return o.n;
}

size_t strftime(char *s, size_t maxsize, const char *format_string, const struct tm *tm)
{
    return format(s, maxsize, format_string, tm);
}
