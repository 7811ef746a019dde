package commands

import "syscall"

// errIsDir is what reading a directory as a file gives.
var errIsDir error = syscall.EISDIR
