/* Reading characters and lines. */
#include <stdio.h>
#include "../internal/stdio_impl.h"

/* End of file is sticky (C11 7.21.7.1, glibc since 2.28): once a read has hit it,
 * later reads return EOF without asking the descriptor again, until clearerr. */
int fgetc(FILE *f)
{
    if (f->rpos == f->rend) {
        if (f->flags & __F_EOF)
            return EOF;
        if (__stdio_fill(f) == EOF)
            return EOF;
    }
    return f->buf[f->rpos++];
}

int getc(FILE *f)
{
    return fgetc(f);
}

int getchar(void)
{
    return fgetc(stdin);
}

/* Read up to n-1 characters, stopping after a newline; always terminate the string.
 * NULL when nothing at all could be read. */
char *fgets(char *s, int n, FILE *f)
{
    int i = 0;

    if (n <= 0)
        return NULL;
    while (i < n - 1) {
        int c = fgetc(f);
        if (c == EOF) {
            if (i == 0 || ferror(f))
                return NULL;
            break;
        }
        s[i++] = (char)c;
        if (c == '\n')
            break;
    }
    s[i] = 0;
    return s;
}

/* Push one character back so the next read returns it. There is room whenever
 * something has been read from the buffer, or the buffer is not full. */
int ungetc(int c, FILE *f)
{
    if (f->buf == NULL)
        __stdio_decide_mode(f);     /* a new stream gets its buffer now */
    if (c == EOF || f->size == 0)
        return EOF;
    if (f->rpos == 0) {
        size_t i;
        if (f->rend == f->size)
            return EOF;
        for (i = f->rend; i > 0; i--)
            f->buf[i] = f->buf[i - 1];
        f->rend++;
        f->rpos = 1;
    }
    f->buf[--f->rpos] = (unsigned char)c;
    f->flags &= ~__F_EOF;
    return (unsigned char)c;
}
