/* Temporary files: tmpfile, a file of our own that vanishes when it is closed or the
 * program ends, and tmpnam, a name no file has yet.
 *
 * tmpfile first asks the kernel for a file with no name at all (O_TMPFILE) in /tmp;
 * where that is not supported (older kernels, some file systems, our emulator) it
 * creates a file with a fresh random name and unlinks it at once: the open descriptor
 * keeps it alive, and nothing can find it by name. glibc does the same.
 *
 * glibc gives up when there is no /tmp. Our programs usually run in the emulator's jail,
 * whose "/" is the user's working directory and has no tmp in it, so we fall back to
 * the working directory: the file is as private and as temporary there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../internal/syscall.h"

static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* Six characters no one can guess: from getrandom(2), or failing that, from the clock
 * stirred with a counter (several names a nanosecond apart must still differ). */
static void random_suffix(char *out)
{
    static unsigned long long stir;
    unsigned char bytes[6];
    struct timespec ts;
    unsigned long long x;
    int i;

    if (__syscall3(SYS_getrandom, bytes, sizeof bytes, 0) != (long)sizeof bytes) {
        clock_gettime(CLOCK_REALTIME, &ts);
        x = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 20)
            ^ ((unsigned long long)getpid() << 40) ^ (stir += 0x9e3779b97f4a7c15ULL);
        for (i = 0; i < 6; i++) {
            x ^= x >> 29;
            x *= 0xbf58476d1ce4e5b9ULL;
            bytes[i] = (unsigned char)(x >> 56);
        }
    }
    for (i = 0; i < 6; i++)
        out[i] = letters[bytes[i] % 62];
    out[6] = 0;
}

/* Is there a directory at path? */
static int is_directory(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);

    if (fd < 0)
        return 0;
    close(fd);
    return 1;
}

/* "/tmp", or "." when this file system has no /tmp (the emulator's jail). */
static const char *temp_dir(void)
{
    return is_directory(P_tmpdir) ? P_tmpdir : ".";
}

FILE *tmpfile(void)
{
    const char *dir = temp_dir();
    char name[32];
    int fd, tries;
    FILE *f;

    fd = open(dir, O_RDWR | O_TMPFILE | O_EXCL, 0600);
    for (tries = 0; fd < 0 && tries < 100; tries++) {
        strcpy(name, dir);
        strcat(name, "/tmpf");
        random_suffix(name + strlen(name));
        fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd >= 0)
            unlink(name);
        else if (errno != EEXIST)
            return NULL;
    }
    if (fd < 0)
        return NULL;
    f = fdopen(fd, "w+");
    if (f == NULL)
        close(fd);
    return f;
}

/* Is there anything at all called name, a dangling symbolic link included? */
static int name_taken(const char *name)
{
    unsigned char st[256];      /* struct stat: 144 bytes on x86-64, 128 on arm64 */

    if (__syscall_ret(__syscall4(SYS_newfstatat, AT_FDCWD, name, st, AT_SYMLINK_NOFOLLOW)) == 0)
        return 1;
    return errno == ENOENT ? 0 : -1;
}

/* A name that no file has now: by the time the program uses it, another may have taken
 * it (which is why tmpfile, or open with O_EXCL, is the safe way). Into s if it is not
 * NULL (it must hold L_tmpnam bytes), else into a buffer of our own that the next call
 * overwrites. */
char *tmpnam(char *s)
{
    static char own[L_tmpnam];
    char name[L_tmpnam];
    int tries, taken;

    for (tries = 0; tries < TMP_MAX; tries++) {
        strcpy(name, temp_dir());
        strcat(name, "/file");
        random_suffix(name + strlen(name));
        taken = name_taken(name);
        if (taken < 0)
            return NULL;
        if (!taken) {
            if (s == NULL)
                s = own;
            strcpy(s, name);
            return s;
        }
    }
    errno = EEXIST;
    return NULL;
}
