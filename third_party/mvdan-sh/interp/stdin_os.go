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

// newStdinFile converts a reader into the runner's stdin. Readers that
// cannot be cancelled require an [os.Pipe] and a copying goroutine.
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
		pr, pw, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		go func() {
			io.Copy(pw, r)
			pw.Close()
		}()
		return pr, nil
	}
}
