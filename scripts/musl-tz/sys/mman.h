/* What __tz.c uses of musl's internal <sys/mman.h>: reading and releasing a
 * zone file (map_file.c). */
#include <stddef.h>
const unsigned char *__map_file(const char *, size_t *);
int __munmap(void *, size_t);
