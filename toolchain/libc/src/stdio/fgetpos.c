/* fgetpos and fsetpos: ftell and fseek for a position kept in an fpos_t. In the C locale
 * a position is just the byte offset: there is no conversion state to save with it. */
#include <errno.h>
#include <stdio.h>

int fgetpos(FILE *f, fpos_t *pos)
{
    long at = ftell(f);

    if (at < 0)
        return -1;
    pos->__pos = at;
    pos->__state[0] = pos->__state[1] = 0;
    return 0;
}

int fsetpos(FILE *f, const fpos_t *pos)
{
    return fseek(f, pos->__pos, SEEK_SET) < 0 ? -1 : 0;
}
