package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// gzip, gunzip and zcat (gzip 1.12 on Debian 12, 1.10 on Debian 11) over
// compress/gzip. The deflate stream is Go's, so compressed sizes may differ
// from the real tool's by a few bytes; the format and messages are gzip's.
func init() {
	shell.Register(shell.Command{Name: "gzip", Only: "gnu", ShortName: true, Run: gzipCmd})
	shell.Register(shell.Command{Name: "gunzip", Only: "gnu", ShortName: true, Run: gzipCmd})
	shell.Register(shell.Command{Name: "zcat", Only: "gnu", ShortName: true, Run: gzipCmd})
}

// gzipVersion is gzip -V of a base system that did not capture its own
// (Debian's bases carry the answer as the text gzip-version).
const gzipVersion = `gzip 1.12
Copyright (C) 2018 Free Software Foundation, Inc.
Copyright (C) 1993 Jean-loup Gailly.
This is free software.  You may redistribute copies of it under the terms of
the GNU General Public License <https://www.gnu.org/licenses/gpl.html>.
There is NO WARRANTY, to the extent permitted by law.

Written by Jean-loup Gailly.
`

// gzipRun is one invocation's settings.
type gzipRun struct {
	p                                  *shell.Proc
	decompress, stdout, keep, force    bool
	list, test, verbose, quiet, noName bool
	level                              int
	status                             int
}

func gzipCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "cdfhklnNqrStvV123456789", Long: []string{"stdout=c", "to-stdout=c", "decompress=d", "uncompress=d",
		"force=f", "help=h", "keep=k", "list=l", "no-name=n", "name=N", "quiet=q", "recursive=r", "suffix:=S", "test=t",
		"verbose=v", "version=V", "fast=1", "best=9", "rsyncable", "synchronous"}, NotEmulated: []string{"r", "recursive", "S", "suffix"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	r := &gzipRun{p: p, level: 6}
	switch p.Name() {
	case "gunzip":
		r.decompress = true
	case "zcat":
		r.decompress, r.stdout = true, true
	}
	for _, o := range c.Opts {
		switch o.Key {
		case "c":
			r.stdout = true
		case "d":
			r.decompress = true
		case "f":
			r.force = true
		case "k":
			r.keep = true
		case "l":
			r.list = true
		case "n":
			r.noName = true
		case "q":
			r.quiet, r.verbose = true, false
		case "t":
			r.test, r.decompress = true, true
		case "v":
			r.verbose, r.quiet = true, false
		case "V":
			if v := p.M.P.Texts["gzip-version"]; v != "" {
				p.Printf("%s\n", v)
			} else {
				p.Printf("%s", gzipVersion)
			}
			return 0
		case "h":
			p.NotEmulated("option --help")
			return 0
		default:
			if len(o.Key) == 1 && o.Key[0] >= '1' && o.Key[0] <= '9' {
				r.level = int(o.Key[0] - '0')
			}
		}
	}
	names := c.Operands
	if r.list {
		return r.listFiles(names)
	}
	if len(names) == 0 {
		names = []string{"-"}
	}
	for _, name := range names {
		r.one(name)
	}
	return r.status
}

func (r *gzipRun) fail(code int, format string, args ...any) {
	fmt.Fprintf(r.p.Stderr, "gzip: %s\n", fmt.Sprintf(format, args...)) // gunzip and zcat are scripts that run gzip
	if code > r.status {
		r.status = code
	}
}

// unexpectedEnd is gzip's complaint of input cut short (its read_error),
// after the newline it starts with.
func (r *gzipRun) unexpectedEnd(name string) {
	fmt.Fprintf(r.p.Stderr, "\ngzip: %s: unexpected end of file\n", name)
	r.status = max(r.status, 1)
}

// notGzip is gzip's complaint, after the newline it starts with.
func (r *gzipRun) notGzip(name string) {
	fmt.Fprintf(r.p.Stderr, "\ngzip: %s: not in gzip format\n", name)
	r.status = 1
}

func (r *gzipRun) one(name string) {
	p := r.p
	if name == "-" {
		if r.decompress {
			r.inflate(p.Stdin, "stdin", p.Stdout)
			return
		}
		if !r.force && p.IsTerminal(p.Stdout) {
			r.fail(1, "compressed data not written to a terminal. Use -f to force compression.\nFor help, type: gzip -h")
			return
		}
		zw, _ := gzip.NewWriterLevel(p.Stdout, r.level)
		zw.OS = 3
		io.Copy(zw, p.Stdin)
		zw.Close()
		return
	}
	src := name
	if r.decompress {
		if _, err := p.M.FS.Stat(p.Cred(), p.Abs(src)); err != nil && !strings.HasSuffix(src, ".gz") {
			src = name + ".gz"
		}
	} else if strings.HasSuffix(name, ".gz") && !r.stdout {
		fmt.Fprintf(p.Stderr, "gzip: %s already has .gz suffix -- unchanged\n", name)
		return
	}
	info, err := p.M.FS.Stat(p.Cred(), p.Abs(src))
	if err != nil {
		r.fail(1, "%s: %s", src, p.Strerror(err))
		return
	}
	if info.Mode.IsDir() {
		r.fail(2, "%s is a directory -- ignored", src)
		return
	}
	data, err := p.M.FS.ReadFile(p.Cred(), p.Abs(src))
	if err != nil {
		r.fail(1, "%s: %s", src, p.Strerror(err))
		return
	}
	var dst string
	if r.decompress {
		dst = strings.TrimSuffix(src, ".gz")
		if dst == src && !r.stdout && !r.test {
			r.fail(2, "%s: unknown suffix -- ignored", src)
			return
		}
	} else {
		dst = src + ".gz"
	}
	var out bytes.Buffer
	var w io.Writer = &out
	if r.stdout || r.test {
		w = p.Stdout
		if r.test {
			w = io.Discard
		}
	}
	if r.decompress {
		if !r.inflate(bytes.NewReader(data), src, w) {
			return
		}
	} else {
		zw, _ := gzip.NewWriterLevel(w, r.level)
		zw.OS = 3
		if !r.noName {
			zw.Name = path.Base(src)
			zw.ModTime = info.ModTime
		}
		zw.Write(data)
		zw.Close()
	}
	if r.stdout || r.test {
		if r.test && r.verbose {
			fmt.Fprintf(p.Stderr, "%s:\t OK\n", src)
		}
		return
	}
	if _, err := p.M.FS.Lstat(p.Cred(), p.Abs(dst)); err == nil && !r.force {
		r.fail(2, "%s already exists;\tnot overwritten", dst)
		return
	}
	if err := p.M.FS.WriteFile(p.Cred(), p.Abs(dst), out.Bytes(), info.Mode.Perm()); err != nil {
		r.fail(1, "%s: %s", dst, p.Strerror(err))
		return
	}
	p.M.FS.Chmod(p.Cred(), p.Abs(dst), info.Mode.Perm())
	p.M.FS.Chtimes(p.Cred(), p.Abs(dst), info.ModTime, info.ModTime)
	if r.verbose {
		compressed, plain := out.Len(), len(data)
		if r.decompress {
			compressed, plain = len(data), out.Len()
		}
		fmt.Fprintf(p.Stderr, "%s:\t%s -- replaced with %s\n", src, gzipRatio(plain, compressed-gzipOverhead(path.Base(strings.TrimSuffix(src, ".gz")), !r.noName || r.decompress)), dst)
	}
	if !r.keep {
		if err := p.M.FS.Unlink(p.Cred(), p.Abs(src)); err != nil {
			r.fail(1, "%s: %s", src, p.Strerror(err))
		}
	}
}

// inflate decompresses every member of r into w; it reports and returns false
// when the data is not gzip.
func (r *gzipRun) inflate(in io.Reader, name string, w io.Writer) bool {
	// gzip reads the two magic bytes first: input that ends before them is
	// cut short, not foreign
	br := bufio.NewReader(in)
	magic, _ := br.Peek(2)
	switch {
	case len(magic) < 2:
		r.unexpectedEnd(name)
		return false
	case magic[0] != 0x1f || magic[1] != 0x8b:
		r.notGzip(name)
		return false
	}
	if _, err := br.Peek(10); err != nil { // the header's fixed part
		r.unexpectedEnd(name)
		return false
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			r.unexpectedEnd(name)
		} else {
			r.notGzip(name)
		}
		return false
	}
	if _, err := io.Copy(w, zr); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			r.unexpectedEnd(name)
		} else {
			r.fail(1, "%s: invalid compressed data--crc error", name)
		}
		return false
	}
	return true
}

// gzipOverhead is the bytes of header and trailer around the deflate stream.
func gzipOverhead(name string, withName bool) int {
	if withName {
		return 18 + len(name) + 1
	}
	return 18
}

// gzipRatio is gzip's saving: 1 - deflated/plain, as "%5.1f%%".
func gzipRatio(plain, deflated int) string {
	if plain == 0 {
		return "  0.0%"
	}
	return fmt.Sprintf("%5.1f%%", 100*float64(plain-deflated)/float64(plain))
}

func (r *gzipRun) listFiles(names []string) int {
	p := r.p
	fmt.Fprintln(p.Stdout, "         compressed        uncompressed  ratio uncompressed_name")
	var totalC, totalU, count int
	for _, name := range names {
		data, err := p.M.FS.ReadFile(p.Cred(), p.Abs(name))
		if err != nil {
			r.fail(1, "%s: %s", name, p.Strerror(err))
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			r.notGzip(name)
			continue
		}
		plain, _ := io.Copy(io.Discard, zr)
		overhead := 18
		if zr.Name != "" {
			overhead += len(zr.Name) + 1
		}
		fmt.Fprintf(p.Stdout, "%19d %19d %s %s\n", len(data), plain, gzipRatio(int(plain), len(data)-overhead), strings.TrimSuffix(name, ".gz"))
		totalC += len(data)
		totalU += int(plain)
		count++
	}
	if count > 1 {
		fmt.Fprintf(p.Stdout, "%19d %19d %s (totals)\n", totalC, totalU, gzipRatio(totalU, totalC))
	}
	return r.status
}
