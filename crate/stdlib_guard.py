"""The command line's stdlib stays as built (issue 21, finding 9).

`wasipy` maps the build's stdlib folder (target/wasipy/usr, or an install's) as
/usr, and wasmtime's --dir has no read-only mode: a script could plant a .pth,
a sitecustomize.py or a changed python313.zip there, and every later, unrelated
run would execute it. So python's command line refuses every change under /usr
(opening for writing, creating, removing, renaming, linking, chmod, utime,
truncate) with PermissionError, through an audit hook (PEP 578), which code
cannot remove once added. A folder the user mapped inside /usr on purpose
(WASIPY_SITE_PACKAGES over site-packages) is its own preopen and stays
writable. C code that writes with libc directly is not seen (the stdlib's own
writes all raise these events); hosts other than the command line (the
browser's in-memory /usr) need none of this.
"""

import os
import sys

GUARDED = "/usr"
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
# event: (positions of the paths it changes, position of their dir_fd or None)
_EVENTS = {
    "os.remove": ((0,), (1,)),
    "os.rmdir": ((0,), (1,)),
    "os.mkdir": ((0,), (2,)),
    "os.rename": ((0, 1), (2, 3)),
    "os.link": ((1,), (3,)),
    "os.symlink": ((1,), (2,)),
    "os.truncate": ((0,), (None,)),
    "os.chmod": ((0,), (2,)),
    "os.chown": ((0,), (3,)),
    "os.utime": ((0,), (3,)),
}


def _under(path, root):
    return path == root or path.startswith(root.rstrip("/") + "/")


class _Guard:
    def __init__(self, preopens):
        # Other preopens inside /usr were mapped on purpose: writable.
        self.writable = sorted((p for p in preopens if _under(p, GUARDED) and p != GUARDED), key=len, reverse=True)
        # Folders of the guarded tree, by inode, for calls relative to a dir_fd.
        self.dirs = set()
        for top, subdirs, _ in os.walk(GUARDED):
            subdirs[:] = [d for d in subdirs if not self._writable(os.path.join(top, d))]
            st = os.stat(top)
            self.dirs.add((st.st_dev, st.st_ino))

    def _writable(self, path):
        return any(_under(path, w) for w in self.writable)

    def guarded(self, path, dir_fd):
        if isinstance(path, int):
            return False  # an open file: opening it for writing was checked
        path = os.fsdecode(os.fspath(path))
        # The audit events pass -1 for "no dir_fd" (the working directory).
        if isinstance(dir_fd, int) and dir_fd >= 0 and not path.startswith("/"):
            try:
                st = os.fstat(dir_fd)
            except OSError:
                return False  # not an open folder: the call itself fails
            return (st.st_dev, st.st_ino) in self.dirs
        path = os.path.normpath(os.path.join(os.getcwd(), path))
        return _under(path, GUARDED) and not self._writable(path)

    def __call__(self, event, args):
        if event == "open":
            path, mode, flags = args
            writes = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITE_FLAGS)
            if path is None or isinstance(path, int) or not self.guarded(path, None):
                return
            # os.open(name, flags, dir_fd=fd) raises "open" without its dir_fd,
            # so no descriptor of a guarded folder is handed out to be one.
            if writes or os.path.isdir(path):
                self.refuse(path)
            return
        spec = _EVENTS.get(event)
        if spec is None:
            return
        paths, dir_fds = spec
        for i, path_at in enumerate(paths):
            fd_at = dir_fds[min(i, len(dir_fds) - 1)]
            dir_fd = args[fd_at] if fd_at is not None and fd_at < len(args) else None
            if self.guarded(args[path_at], dir_fd):
                self.refuse(args[path_at])

    @staticmethod
    def refuse(path):
        raise PermissionError(
            13, f"wasipy keeps its stdlib under {GUARDED} unchanged; write to the working directory or /tmp "
            f"(or map a site-packages with WASIPY_SITE_PACKAGES=DIR)", os.fsdecode(os.fspath(path)) if not isinstance(path, int) else path)


def install(preopens):
    """Adds the hook; `preopens`: the guest paths of the process's mapped folders."""
    sys.addaudithook(_Guard(preopens))
