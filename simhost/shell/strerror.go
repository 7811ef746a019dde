package shell

import (
	"errors"
	"io/fs"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/personality"
)

// linuxErrors are glibc's strerror texts for the errors the filesystem returns.
var linuxErrors = map[syscall.Errno]string{
	syscall.ENOENT:    "No such file or directory",
	syscall.EACCES:    "Permission denied",
	syscall.EPERM:     "Operation not permitted",
	syscall.EEXIST:    "File exists",
	syscall.ENOTDIR:   "Not a directory",
	syscall.EISDIR:    "Is a directory",
	syscall.ENOTEMPTY: "Directory not empty",
	syscall.ELOOP:     "Too many levels of symbolic links",
	syscall.EINVAL:    "Invalid argument",
	syscall.EXDEV:     "Invalid cross-device link",
	syscall.ENOSPC:    "No space left on device",
	syscall.EROFS:     "Read-only file system",
	syscall.EBUSY:     "Device or resource busy",
	syscall.EBADF:     "Bad file descriptor",
	syscall.ESRCH:     "No such process",
	syscall.EIO:       "Input/output error",
	syscall.ENOEXEC:   "Exec format error",
	syscall.E2BIG:     "Argument list too long",
	syscall.EAGAIN:    "Resource temporarily unavailable",
}

// solarisErrors are where Solaris libc words an error differently.
var solarisErrors = map[syscall.Errno]string{
	syscall.EPERM: "Not owner",
	syscall.EXDEV: "Cross-device link",
	syscall.ELOOP: "Number of symbolic links encountered during path name traversal exceeds MAXSYMLINKS",
	syscall.EBUSY: "Device busy",
	syscall.EIO:   "I/O error",
}

// Strerror is the C library's message for err on this host: "No such file or
// directory" rather than Go's lower-case "no such file or directory".
func (p *Proc) Strerror(err error) string { return strerror(p.M.P, err) }

func strerror(pers *personality.Personality, err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err.Error()
		}
		return err.Error()
	}
	if pers.IsSolaris() {
		if s, ok := solarisErrors[errno]; ok {
			return s
		}
	}
	if s, ok := linuxErrors[errno]; ok {
		return s
	}
	return errno.Error()
}

// errnoOf returns the errno inside err, or 0.
func errnoOf(err error) syscall.Errno {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return 0
}
