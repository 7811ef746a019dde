package files

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "head", Run: head})
	shell.Register(shell.Command{Name: "tail", Run: tail})
}

var headTailSyntax = fsSyntax{
	opts: []fsOpt{{'n', "lines", fsArg}, {'c', "bytes", fsArg}, {'q', "quiet", fsNoArg}, {0, "silent", fsNoArg},
		{'v', "verbose", fsNoArg}, {'f', "follow", fsOptionalArg}, {'F', "", fsNoArg}, {'s', "sleep-interval", fsArg},
		{0, "retry", fsNoArg}, {0, "pid", fsArg}},
	solOpts: "",
}

// htCount is a -n/-c count: fromStart is tail's +N, allBut head's -N.
type htCount struct {
	n                 int64
	bytes             bool
	fromStart, allBut bool
}

// htObsolete matches the old "head -5", "tail -5f" and "tail +5" forms.
var htObsolete = regexp.MustCompile(`^([+-])(\d*)([bcl]?)(f?)$`)

// htSuffixes are GNU's multipliers for a count.
var htSuffixes = map[string]int64{"": 1, "b": 512, "kB": 1000, "K": 1024, "KiB": 1024, "MB": 1000 * 1000,
	"M": 1 << 20, "MiB": 1 << 20, "GB": 1000 * 1000 * 1000, "G": 1 << 30, "GiB": 1 << 30}

// htParseCount reads N with an optional sign and suffix.
func htParseCount(s string, tail, bytes bool) (htCount, bool) {
	c := htCount{bytes: bytes}
	switch {
	case strings.HasPrefix(s, "+") && tail:
		c.fromStart, s = true, s[1:]
	case strings.HasPrefix(s, "-") && !tail:
		c.allBut, s = true, s[1:]
	case strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		i = len(s)
	}
	mult, ok := htSuffixes[s[i:]]
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if !ok || err != nil || i == 0 {
		return c, false
	}
	c.n = n * mult
	return c, true
}

// head prints the first lines or bytes of files.
func head(p *shell.Proc) int { return headTail(p, false) }

// tail prints the last lines or bytes of files, and follows them with -f.
func tail(p *shell.Proc) int { return headTail(p, true) }

func headTail(p *shell.Proc, isTail bool) int {
	args := p.Args()
	count := htCount{n: 10}
	follow := false
	syn := headTailSyntax
	switch {
	case p.Solaris() && isTail:
		syn.solOpts = "ncf"
		syn.solUsage = "usage: tail [+/-[n][lbc][f]] [file]\n       tail [+/-[n][l][r|f]] [file]\n"
	case p.Solaris():
		syn.solOpts = "n"
		syn.solUsage = "usage: head [-n #] [-#] [filename...]\n"
		syn.solStatus = 1
	case !isTail:
		syn.opts = syn.opts[:5]
	}
	// The obsolete forms: "head -5" anywhere before --, "tail -5f" or "tail +5" first.
	if len(args) > 0 && (!isTail || len(args) <= 2) {
		if m := htObsolete.FindStringSubmatch(args[0]); m != nil && (m[2] != "" || m[1] == "+") && (isTail || m[1] == "-") {
			n := int64(10)
			if m[2] != "" {
				n, _ = strconv.ParseInt(m[2], 10, 64)
			}
			count = htCount{n: n, bytes: m[3] == "c", fromStart: m[1] == "+"}
			if m[3] == "b" {
				count.n *= 512
				count.bytes = true
			}
			follow = m[4] == "f"
			args = args[1:]
		}
	}
	parsed, code, ok := fsParse(p, args, syn)
	if !ok {
		return code
	}
	verbose, quiet := false, false
	for _, f := range parsed.flags {
		switch f.key {
		case "n", "c":
			c, ok := htParseCount(f.val, isTail, f.key == "c")
			if !ok {
				what := "lines"
				if f.key == "c" {
					what = "bytes"
				}
				if p.Solaris() {
					p.Errorf("Invalid \"-%s %s\" option", f.key, f.val)
					return fsSolarisUsage(p, syn)
				}
				return p.Fail(1, "invalid number of %s: %s", what, progkit.QuoteName(p, f.val))
			}
			count = c
		case "q", "silent":
			quiet, verbose = true, false
		case "v":
			verbose, quiet = true, false
		case "f", "F":
			follow = true
		}
	}
	files := parsed.operands
	if len(files) == 0 {
		files = []string{"-"}
	}
	if p.Solaris() && isTail && len(files) > 1 {
		return fsSolarisUsage(p, syn)
	}
	headers := !quiet && (verbose || len(files) > 1)
	status := 0
	printed := false
	var followed []htFollow
	for _, name := range files {
		r, closeFn, err := progkit.OpenInput(p, name)
		if err == nil {
			if headers {
				if printed {
					p.Printf("\n")
				}
				p.Printf("==> %s <==\n", htDisplayName(name))
			}
			printed = true
			if !isTail && !count.allBut {
				in := r
				if !count.bytes {
					in = p.BoundLines(r) // a line is held until its newline
				}
				err = htHead(p.Stdout, in, count)
				closeFn()
				if err == nil {
					continue
				}
			} else {
				var data []byte
				data, err = p.ReadAll(r)
				closeFn()
				if err == nil {
					p.Stdout.Write(htSelect(data, count, isTail))
					if follow && name != "-" {
						followed = append(followed, htFollow{name: name, size: int64(len(data))})
					}
					continue
				}
			}
		}
		if p.Ctx.Err() != nil {
			return 1
		}
		status = 1
		switch {
		case p.Solaris() && isTail:
			p.Errorf("cannot open input")
			return 2
		case p.Solaris():
			fmt.Fprintf(p.Stderr, "%s: %s\n", name, p.Strerror(err))
		case errors.Is(err, progkit.ErrIsDir):
			p.Errorf("error reading %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
		default:
			p.Errorf("cannot open %s for reading: %s", progkit.QuoteName(p, htDisplayName(name)), p.Strerror(err))
		}
	}
	if len(followed) > 0 {
		htFollowFiles(p, followed, headers)
	}
	return status
}

func htDisplayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// htHead copies the first lines or bytes of r and reads no further, as GNU
// head does: `yes | head -1` prints one line and ends.
func htHead(w io.Writer, r io.Reader, c htCount) error {
	if c.bytes {
		// Streamed: head -c 100M holds a buffer, not 100 MB.
		buf := make([]byte, min(c.n, 64<<10))
		for left := c.n; left > 0; {
			n, err := r.Read(buf[:min(left, int64(len(buf)))])
			left -= int64(n)
			if _, werr := w.Write(buf[:n]); werr != nil {
				return nil // as before: what could not be written is not a read error
			}
			if err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
		return nil
	}
	br := bufio.NewReader(r)
	for range c.n {
		line, err := br.ReadBytes('\n')
		w.Write(line)
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

// htSelect picks the part of data head or tail prints.
func htSelect(data []byte, c htCount, isTail bool) []byte {
	n := c.n
	if c.bytes {
		size := int64(len(data))
		switch {
		case isTail && c.fromStart:
			return data[min(size, max(0, n-1)):]
		case isTail:
			return data[size-min(size, n):]
		case c.allBut:
			return data[:size-min(size, n)]
		}
		return data[:min(size, n)]
	}
	// Line boundaries: ends[i] is the offset just past line i.
	var ends []int
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		ends = append(ends, len(data))
	}
	lines := int64(len(ends))
	upTo := func(k int64) []byte { // the first k lines
		if k <= 0 || lines == 0 {
			return nil
		}
		return data[:ends[min(k, lines)-1]]
	}
	switch {
	case isTail && c.fromStart:
		return bytes.TrimPrefix(data, upTo(n-1))
	case isTail:
		return bytes.TrimPrefix(data, upTo(lines-n))
	case c.allBut:
		return upTo(lines - n)
	}
	return upTo(n)
}

// htFollow is a file tail -f watches.
type htFollow struct {
	name string
	size int64
}

// htFollowFiles prints what is appended to files until the command is
// cancelled, as tail -f does, polling like tail without inotify.
func htFollowFiles(p *shell.Proc, files []htFollow, headers bool) {
	last := len(files) - 1
	for p.Sleep(200 * time.Millisecond) {
		for i := range files {
			f := &files[i]
			data, err := p.M.FS.ReadFile(p.Cred(), p.Abs(f.name))
			if err != nil {
				continue
			}
			size := int64(len(data))
			if size < f.size {
				p.Errorf("%s: file truncated", progkit.QuoteNameColon(p, f.name))
				f.size = 0
			}
			if size == f.size {
				continue
			}
			if headers && i != last {
				p.Printf("\n==> %s <==\n", f.name)
				last = i
			}
			p.Stdout.Write(data[f.size:])
			f.size = size
		}
	}
}
