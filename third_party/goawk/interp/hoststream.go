package interp

// hostile's patch: streams whose commands run on a Host rather than on the real
// machine, for "cmd" | getline and print | "cmd".

import (
	"bufio"
	"io"
)

// Host stands in for the operating system; see Config.Host.
type Host interface {
	// Open opens a file for reading (getline < file, the input files).
	Open(name string) (io.ReadCloser, error)
	// Create opens a file for writing, truncating it or appending (> and >>).
	Create(name string, append bool) (io.WriteCloser, error)
	// Run runs a shell command line to completion and returns its exit status;
	// pipe is true for "cmd" | getline and print | "cmd", false for system().
	Run(cmdline string, pipe bool, stdin io.Reader, stdout, stderr io.Writer) int
}

// inHostStream reads a command's output while it runs.
type inHostStream struct {
	*io.PipeReader
	done     chan int
	exitCode int
	closed   bool
}

func newInHostStream(h Host, cmdline string, stdin io.Reader, stderr io.Writer) inputStream {
	r, w := io.Pipe()
	s := &inHostStream{PipeReader: r, done: make(chan int, 1), exitCode: notClosedExitCode}
	go func() {
		code := h.Run(cmdline, true, stdin, w, stderr)
		w.Close()
		s.done <- code
	}()
	return s
}

func (s *inHostStream) Close() error {
	if s.closed {
		return errDoubleClose
	}
	s.closed = true
	s.PipeReader.Close() // a command still writing gets EPIPE, as on a real pipe
	s.exitCode = <-s.done
	return nil
}

func (s *inHostStream) ExitCode() int { return s.exitCode }

// outHostStream feeds a command's input while it runs.
type outHostStream struct {
	*bufio.Writer
	pipe     *io.PipeWriter
	done     chan int
	exitCode int
	closed   bool
}

func newOutHostStream(h Host, cmdline string, stdout, stderr io.Writer) outputStream {
	r, w := io.Pipe()
	s := &outHostStream{Writer: bufio.NewWriterSize(w, outputBufSize), pipe: w, done: make(chan int, 1), exitCode: notClosedExitCode}
	go func() {
		code := h.Run(cmdline, true, r, stdout, stderr)
		r.Close()
		s.done <- code
	}()
	return s
}

func (s *outHostStream) Close() error {
	if s.closed {
		return errDoubleClose
	}
	s.closed = true
	flushErr := s.Writer.Flush()
	s.pipe.Close()
	s.exitCode = <-s.done
	if flushErr == io.ErrClosedPipe {
		flushErr = nil // the command ended without reading it all, as head does
	}
	return flushErr
}

func (s *outHostStream) ExitCode() int { return s.exitCode }
