/* What __tz.c reads of musl's internal libc.h. */
#include <features.h>
/* A WASI program never runs set-uid: any TZ pathname may be read. */
static const struct { char secure; } libc = { 0 };
/* __tz.c allocates through musl's internal name for malloc. */
#define __libc_malloc malloc
