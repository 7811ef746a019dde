package text

import (
	"errors"
	"io"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// sortMemory is what sort holds before it spills to temporary files. GNU sort
// keeps a buffer in memory and writes what does not fit to files in $TMPDIR
// (/tmp), so `yes | sort` ends when that filesystem is full, with
// "sort: write failed: /tmp/sortXXXXXX: No space left on device". The
// simulated sort holds all its input in memory, and what lies past the buffer
// is counted on the filesystem as a sparse temporary file of that size: the
// disk fills as a real one would, and the host's memory is bounded by its disk.
const sortMemory = 8 << 20

// txtSpill is one sort's temporary file, once its input outgrows sortMemory.
type txtSpill struct {
	p    *shell.Proc
	f    *vfs.File
	path string
	held int64
}

// readAll reads operand name whole, spilling past sortMemory.
func (s *txtSpill) readAll(name string) ([]byte, error) {
	r, closeFn, err := progkit.OpenInput(s.p, name)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	var data []byte
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if serr := s.hold(int64(n)); serr != nil {
				return nil, serr
			}
			data = append(data, buf[:n]...)
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// errSpill is a failed write to the temporary file.
type errSpill struct {
	path string
	err  error
}

func (e *errSpill) Error() string { return "write failed: " + e.path }

// hold counts n more bytes held; past sortMemory they grow the temporary file.
func (s *txtSpill) hold(n int64) error {
	s.held += n
	over := s.held - sortMemory
	if over <= 0 {
		return nil
	}
	if s.f == nil {
		dir := s.p.Getenv("TMPDIR")
		if dir == "" {
			dir = "/tmp"
		}
		s.path = s.p.Abs(dir) + "/sort" + txtRandomSuffix()
		f, err := s.p.M.FS.OpenFile(s.p.Cred(), s.path, syscall.O_RDWR|syscall.O_CREAT|syscall.O_EXCL, 0o600)
		if err != nil {
			return &errSpill{path: s.path, err: err}
		}
		s.f = f
	}
	if err := s.f.Truncate(over); err != nil {
		return &errSpill{path: s.path, err: err}
	}
	return nil
}

// close removes the temporary file, as sort does when it ends.
func (s *txtSpill) close() {
	if s.f != nil {
		s.f.Close()
		s.p.M.FS.Unlink(s.p.Cred(), s.path)
	}
}

// spillFailure words a failed spill as GNU sort does, or returns false.
func spillFailure(p *shell.Proc, err error) (int, bool) {
	var se *errSpill
	if !errors.As(err, &se) {
		return 0, false
	}
	return p.Fail(2, "write failed: %s: %s", se.path, p.Strerror(se.err)), true
}
