// Copyright (c) 2017, Daniel Martí <mvdan@mvdan.cc>
// See LICENSE for licensing information

package interp

import (
	"io"
	"os"
	"time"
)

// stdinFile is the runner's standard input. Patched for hostile: any reader
// whose reads can be cancelled by a deadline, such as an [*os.File] pipe or a
// host's in-memory pipe (a process substitution's, see sandbox.go).
type stdinFile interface {
	io.ReadCloser
	SetReadDeadline(t time.Time) error
}

// newOSPipe returns an OS pipe, when the host gives no [PipeHandler].
func newOSPipe() (stdinFile, io.WriteCloser, error) {
	return os.Pipe()
}

// newStdinFile converts a reader into the runner's stdin. Patched for
// hostile: upstream copies a reader that has no deadline through a real
// [os.Pipe] and a goroutine, a descriptor of the real machine per `< file`
// whose copier outlived the statement when its reader stopped early. The
// host's readers that can block (pipes, a session's stdin) have deadlines;
// the others are its files, whose reads never block, so they are used as
// they are.
func newStdinFile(r io.Reader) (stdinFile, error) {
	switch r := r.(type) {
	case stdinFile:
		if f, ok := r.(*os.File); ok && f == nil {
			return nil, nil
		}
		return r, nil
	case nil:
		return nil, nil
	default:
		return nonBlockingStdin{r}, nil
	}
}

// nonBlockingStdin is a reader whose reads never block, as stdin: there is
// nothing for a deadline to cancel, and its owner (the redirection that
// opened it) closes it.
type nonBlockingStdin struct{ io.Reader }

func (nonBlockingStdin) SetReadDeadline(time.Time) error { return nil }
func (nonBlockingStdin) Close() error                    { return nil }
