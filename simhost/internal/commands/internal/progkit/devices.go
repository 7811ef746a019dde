package progkit

import (
	"io"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// HostDevice opens the character devices whose behaviour is not a file's
// (/dev/zero reads zeros forever, /dev/null swallows writes, /dev/std* are the
// program's own streams), as the shell's redirects do; ok is false for any
// other path.
func HostDevice(p *shell.Proc, abs string) (rw io.ReadWriteCloser, ok bool) {
	switch abs {
	case "/dev/null":
		return device{r: eofReader{}, w: io.Discard}, true
	case "/dev/zero":
		return device{r: zeroReader{}, w: io.Discard}, true
	case "/dev/stdin":
		return device{r: p.Stdin, w: io.Discard}, true
	case "/dev/stdout":
		return device{r: eofReader{}, w: p.Stdout}, true
	case "/dev/stderr":
		return device{r: eofReader{}, w: p.Stderr}, true
	}
	return nil, false
}

type device struct {
	r io.Reader
	w io.Writer
}

func (d device) Read(b []byte) (int, error)  { return d.r.Read(b) }
func (d device) Write(b []byte) (int, error) { return d.w.Write(b) }
func (d device) Close() error                { return nil }

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

type zeroReader struct{}

func (zeroReader) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}
