/* musl's __map_file maps a zone file read-only; WASI has no mmap, so the file
 * is read into memory instead (a zone file is a few kilobytes). */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

const unsigned char *__map_file(const char *pathname, size_t *size)
{
	struct stat st;
	unsigned char *data = 0;
	size_t done = 0;
	int fd = open(pathname, O_RDONLY);
	if (fd < 0) return 0;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (data = malloc(st.st_size ? st.st_size : 1))) {
		while (done < (size_t)st.st_size) {
			ssize_t n = read(fd, data + done, st.st_size - done);
			if (n <= 0) break;
			done += n;
		}
		if (done != (size_t)st.st_size) {
			free(data);
			data = 0;
		}
	}
	close(fd);
	if (data) *size = done;
	return data;
}

int __munmap(void *data, size_t size)
{
	(void)size;
	free(data);
	return 0;
}
