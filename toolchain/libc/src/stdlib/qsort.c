/* qsort: despite the name, a merge sort, as glibc's is.
 *
 * Merge sort splits the array in halves, sorts each, and merges the two sorted halves
 * through a scratch array: n log n comparisons at worst, and elements that compare equal
 * keep their order (the sort is "stable"), so the result is the same as glibc's even
 * when the comparison has ties. The scratch array comes from malloc; should there be
 * no memory for it, a heap sort does the job in place (also n log n, but not stable).
 */
#include <stdlib.h>
#include <string.h>

typedef int (*compare_fn)(const void *, const void *);

/* Sort the n elements at a (each size bytes), using tmp (room for n elements). */
static void merge_sort(char *a, size_t n, size_t size, compare_fn cmp, char *tmp)
{
    size_t half = n / 2;
    char *left, *right, *left_end, *right_end, *out;

    if (n < 2)
        return;
    merge_sort(a, half, size, cmp, tmp);
    merge_sort(a + half * size, n - half, size, cmp, tmp);

    /* Merge the two runs into tmp, taking from the left on ties (that keeps it stable),
     * then copy back. */
    left = a;
    left_end = right = a + half * size;
    right_end = a + n * size;
    out = tmp;
    while (left < left_end && right < right_end) {
        if (cmp(left, right) <= 0) {
            memcpy(out, left, size);
            left += size;
        } else {
            memcpy(out, right, size);
            right += size;
        }
        out += size;
    }
    /* What is left of the left run goes after; the right run's rest is in place. */
    memcpy(out, left, (size_t)(left_end - left));
    out += left_end - left;
    memcpy(a, tmp, (size_t)(out - tmp));
}

static void swap(char *x, char *y, size_t size)
{
    while (size-- > 0) {
        char t = *x;
        *x++ = *y;
        *y++ = t;
    }
}

/* Let the element at i sink until it is larger than both its children (2i+1, 2i+2). */
static void sift_down(char *a, size_t i, size_t n, size_t size, compare_fn cmp)
{
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            return;
        if (child + 1 < n && cmp(a + child * size, a + (child + 1) * size) < 0)
            child++;
        if (cmp(a + i * size, a + child * size) >= 0)
            return;
        swap(a + i * size, a + child * size, size);
        i = child;
    }
}

/* Heap sort: make the array a max-heap, then move the largest to the end, repeatedly. */
static void heap_sort(char *a, size_t n, size_t size, compare_fn cmp)
{
    size_t i;

    for (i = n / 2; i > 0; i--)
        sift_down(a, i - 1, n, size, cmp);
    for (i = n; i > 1; i--) {
        swap(a, a + (i - 1) * size, size);
        sift_down(a, 0, i - 1, size, cmp);
    }
}

void qsort(void *base, size_t nmemb, size_t size, compare_fn cmp)
{
    char *tmp;

    if (nmemb < 2 || size == 0)
        return;
    tmp = nmemb <= (size_t)-1 / size ? malloc(nmemb * size) : NULL;
    if (tmp == NULL) {
        heap_sort(base, nmemb, size, cmp);
        return;
    }
    merge_sort(base, nmemb, size, cmp, tmp);
    free(tmp);
}
