package progkit

import "syscall"

// ErrIsDir is what reading a directory as a file gives.
var ErrIsDir error = syscall.EISDIR
