/* No include guard, on purpose: C lets a program include <assert.h> again after
 * changing NDEBUG, and assert must follow the latest setting. */
#undef assert

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
void __assert_fail(const char *expr, const char *file, unsigned int line, const char *func);
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
