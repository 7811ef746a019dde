package shell

import (
	"bytes"
	"io"
)

// An emulated program that holds its input (tac, rev, paste, awk, diff, tail,
// a line of grep or sed...) holds it in the lab's memory. Past the host's
// BufferBytes it dies as coreutils' xalloc_die does on a host out of memory:
// "PROG: memory exhausted", status 1 (survive in crash.go says so).

// outOfMemory is the panic that ends a program which cannot hold its input.
type outOfMemory struct{}

// ReadAll reads r whole, within the host's BufferBytes.
func (p *Proc) ReadAll(r io.Reader) ([]byte, error) {
	limit := p.M.Desc.Limits.BufferBytes
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(data)) > limit {
		panic(outOfMemory{})
	}
	return data, err
}

// BoundLines is r for a program that holds one line at a time: a line longer
// than the host's BufferBytes ends it.
func (p *Proc) BoundLines(r io.Reader) io.Reader {
	return &lineBound{r: r, limit: p.M.Desc.Limits.BufferBytes}
}

type lineBound struct {
	r     io.Reader
	limit int64
	since int64 // bytes since the last newline
}

func (b *lineBound) Read(buf []byte) (int, error) {
	n, err := b.r.Read(buf)
	if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
		b.since = int64(n - i - 1)
	} else {
		b.since += int64(n)
	}
	if b.since > b.limit {
		panic(outOfMemory{})
	}
	return n, err
}
