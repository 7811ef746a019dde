package text

import (
	"bufio"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "wc", Run: wcCmd})
}

// wcCounts are one input's counts, in wc's column order.
type wcCounts struct{ lines, words, chars, bytes, maxLen int64 }

// wcCmd is GNU wc, with coreutils' rules for column widths.
func wcCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "clmwL", Long: []string{"bytes=c", "chars=m", "lines=l", "words=w",
		"max-line-length=L", "total:"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	show := map[string]bool{}
	total := "auto"
	for _, o := range opts {
		if o.Key == "total" {
			total = o.Val
			continue
		}
		show[o.Key] = true
	}
	if len(show) == 0 {
		show = map[string]bool{"l": true, "w": true, "c": true}
	}
	named := len(operands) > 0
	if !named {
		operands = []string{"-"}
	}
	utf := progkit.UTF8Locale(p)
	// Column width: 1 for a single count of a single input; otherwise wide
	// enough for the total size of the regular files, and at least 7 when an
	// input is not a regular file (a pipe's size is unknown).
	width := 1
	if len(operands) > 1 || len(show) > 1 {
		minWidth := 1
		var size int64
		for _, f := range operands {
			info, err := wcStat(p, f)
			switch {
			case err != nil:
			case info.Mode.IsRegular():
				size += info.Size
			default:
				minWidth = 7
			}
		}
		width = max(len(strconv.FormatInt(size, 10)), minWidth)
	}
	line := func(c wcCounts, name string) {
		var fields []string
		for _, k := range []struct {
			key string
			n   int64
		}{{"l", c.lines}, {"w", c.words}, {"m", c.chars}, {"c", c.bytes}, {"L", c.maxLen}} {
			if show[k.key] {
				fields = append(fields, progkit.PadLeft(strconv.FormatInt(k.n, 10), width))
			}
		}
		out := strings.Join(fields, " ")
		if name != "" {
			out += " " + name
		}
		p.Printf("%s\n", out)
	}
	status := 0
	var sum wcCounts
	for _, f := range operands {
		if f == "" {
			p.Errorf("invalid zero-length file name") // wc refuses it before opening
			status = 1
			continue
		}
		r, closeFn, err := progkit.OpenInput(p, f)
		var c wcCounts
		if err != nil {
			p.Errorf("%s: %s", progkit.QuoteNameColon(p, f), p.Strerror(err))
			status = 1
			if err != progkit.ErrIsDir {
				continue
			}
		} else {
			c = wcCount(r, utf)
			closeFn()
		}
		sum.lines += c.lines
		sum.words += c.words
		sum.chars += c.chars
		sum.bytes += c.bytes
		sum.maxLen = max(sum.maxLen, c.maxLen)
		name := f
		if !named {
			name = ""
		}
		line(c, name)
	}
	if total == "always" || total == "auto" && len(operands) > 1 {
		line(sum, "total")
	}
	return status
}

// wcStat stats an operand. The shell hands every command its stdin through a
// pipe, even for "< file", so stdin always counts as a pipe here.
func wcStat(p *shell.Proc, f string) (*vfs.Info, error) {
	if f != "-" {
		return p.M.FS.Stat(p.Cred(), p.Abs(f))
	}
	return &vfs.Info{Mode: fs.ModeNamedPipe}, nil
}

// wcCount counts one input.
func wcCount(r io.Reader, utf bool) wcCounts {
	var c wcCounts
	br := bufio.NewReaderSize(r, 64*1024)
	inWord := false
	var col int64
	for {
		// A line at most a buffer at a time: wc holds no line, so one that
		// never ends is counted as it comes, as GNU wc does.
		chunk, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			err = nil
		}
		line := string(chunk)
		c.bytes += int64(len(line))
		for i := 0; i < len(line); {
			ch, size := rune(line[i]), 1
			if utf {
				ch, size = utf8.DecodeRuneInString(line[i:])
			}
			i += size
			c.chars++
			switch ch {
			case '\n':
				c.lines++
				c.maxLen = max(c.maxLen, col)
				col = 0
			case '\t':
				col += 8 - col%8
			case '\r', '\f':
				c.maxLen = max(c.maxLen, col)
				col = 0
			default:
				if ch >= ' ' && ch != 0x7f {
					col++
				}
			}
			space := ch == ' ' || ch >= '\t' && ch <= '\r'
			if !space && !inWord {
				c.words++
			}
			inWord = !space
		}
		if err != nil {
			break
		}
	}
	c.maxLen = max(c.maxLen, col)
	return c
}
