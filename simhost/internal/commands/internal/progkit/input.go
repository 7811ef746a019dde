package progkit

import (
	"io"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// OpenInput opens a file operand for reading, "-" being stdin.
func OpenInput(p *shell.Proc, name string) (io.Reader, func(), error) {
	if name == "-" {
		return p.Stdin, func() {}, nil
	}
	if d, ok := p.OpenDescriptor(name, 0); ok { // a process substitution's /dev/fd/N
		return d, func() { d.Close() }, nil
	}
	f, err := p.M.FS.OpenFile(p.Cred(), p.Abs(name), 0, 0)
	if err != nil {
		return nil, nil, err
	}
	if info, err := f.Stat(); err == nil && info.Mode.IsDir() {
		f.Close()
		return nil, nil, ErrIsDir
	}
	return f, func() { f.Close() }, nil
}
