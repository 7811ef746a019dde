package files

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// split is coreutils' split (9.1 on Debian 12, 8.32 on Debian 11, which
// answer alike) as backup scripts use it to cut an archive for a size-limited
// target: -b, -l, -n N, -a, -d/-x, --numeric-suffixes=FROM,
// --additional-suffix, --verbose, with split's own suffix widening.
func init() {
	shell.Register(shell.Command{Name: "split", Only: "gnu", Run: split})
}

var splitSyntax = fsSyntax{
	opts: []fsOpt{
		{'b', "bytes", fsArg}, {'l', "lines", fsArg}, {'n', "number", fsArg}, {'a', "suffix-length", fsArg},
		{'d', "", fsNoArg}, {'x', "", fsNoArg}, {0, "numeric-suffixes", fsOptionalArg}, {0, "hex-suffixes", fsOptionalArg},
		{0, "additional-suffix", fsArg}, {0, "verbose", fsNoArg},
	},
}

// splitRun is one invocation: where the names come from and what is made.
type splitRun struct {
	p                *shell.Proc
	prefix, addition string
	alphabet         string
	index            []int // the suffix, as indexes into alphabet
	auto             bool  // no -a: the suffix widens when it runs out
	started          bool
	verbose          bool
}

func split(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), splitSyntax)
	if !ok {
		return code
	}
	s := &splitRun{p: p, prefix: "x", alphabet: "abcdefghijklmnopqrstuvwxyz", auto: true, verbose: parsed.has("verbose")}
	length, start := 2, 0
	var bytes, lines, chunks int64
	for _, f := range parsed.flags {
		var err error
		switch f.key {
		case "b":
			bytes, err = splitSize(f.val, true)
			if err != nil {
				return splitInvalid(p, "bytes", f.val, err)
			}
			lines, chunks = 0, 0
		case "l":
			lines, err = splitSize(f.val, false)
			if err != nil {
				return splitInvalid(p, "lines", f.val, err)
			}
			bytes, chunks = 0, 0
		case "n":
			chunks, err = splitSize(f.val, false)
			if err != nil {
				return splitInvalid(p, "chunks", f.val, err)
			}
			bytes, lines = 0, 0
		case "a":
			n, err := strconv.Atoi(f.val)
			if err != nil || n < 0 {
				p.Errorf("invalid suffix length: %s", progkit.QuoteName(p, f.val))
				return 1
			}
			length, s.auto = n, false
		case "d", "numeric-suffixes":
			s.alphabet = "0123456789"
		case "x", "hex-suffixes":
			s.alphabet = "0123456789abcdef"
		case "additional-suffix":
			s.addition = f.val
		}
		if (f.key == "numeric-suffixes" || f.key == "hex-suffixes") && f.val != "" {
			n, err := strconv.Atoi(f.val)
			if err != nil || n < 0 {
				p.Errorf("invalid start value for numerical suffix: %s", progkit.QuoteName(p, f.val))
				return 1
			}
			start, s.auto = n, false
		}
	}
	if bytes == 0 && lines == 0 && chunks == 0 {
		lines = 1000
	}
	ops := parsed.operands
	if len(ops) > 2 {
		p.Errorf("extra operand %s", progkit.QuoteName(p, ops[2]))
		return fsTryHelp(p, 1)
	}
	in := "-"
	if len(ops) > 0 {
		in = ops[0]
	}
	if len(ops) > 1 {
		s.prefix = ops[1]
	}
	r, closeFn, err := progkit.OpenInput(p, in)
	if err != nil {
		p.Errorf("cannot open %s for reading: %s", progkit.QuoteName(p, in), p.Strerror(err))
		return 1
	}
	data, err := p.ReadAll(r)
	closeFn()
	if err != nil {
		p.Errorf("read error: %s", p.Strerror(err))
		return 1
	}
	if chunks > 0 {
		// -n N knows how many files it makes: the suffix is as long as they need.
		need, n := 1, int64(len(s.alphabet))
		for n < chunks {
			n *= int64(len(s.alphabet))
			need++
		}
		if s.auto {
			length = max(length, need)
		}
		s.auto = false
	}
	s.index = make([]int, length)
	for i, n := length-1, start; i >= 0 && n > 0; i-- {
		s.index[i] = n % len(s.alphabet)
		n /= len(s.alphabet)
	}
	var pieces [][]byte
	switch {
	case chunks > 0:
		size := int64(len(data))
		for k := range chunks {
			pieces = append(pieces, data[k*size/chunks:(k+1)*size/chunks])
		}
	case bytes > 0:
		for len(data) > 0 {
			n := min(int64(len(data)), bytes)
			pieces = append(pieces, data[:n])
			data = data[n:]
		}
	default:
		for len(data) > 0 {
			end, count := 0, int64(0)
			for end < len(data) && count < lines {
				i := strings.IndexByte(string(data[end:]), '\n')
				if i < 0 {
					end = len(data)
					break
				}
				end += i + 1
				count++
			}
			pieces = append(pieces, data[:end])
			data = data[end:]
		}
	}
	for _, piece := range pieces {
		name, ok := s.next()
		if !ok {
			p.Errorf("output file suffixes exhausted")
			return 1
		}
		if s.verbose {
			p.Printf("creating file %s\n", progkit.QuoteName(p, name))
		}
		if err := p.M.FS.WriteFile(p.Cred(), p.Abs(name), piece, 0o666&^fs.FileMode(p.Umask)); err != nil {
			p.Errorf("%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
			return 1
		}
	}
	return 0
}

// next is the next file's name, as split's next_file_name makes it: the
// suffix counts up in its alphabet; with no -a, before its first letter
// reaches the alphabet's last, that letter joins the prefix and the suffix
// grows by one (xyz, then xzaaa).
func (s *splitRun) next() (string, bool) {
	if !s.started {
		s.started = true
		return s.name(), true
	}
	for i := len(s.index) - 1; i >= 0; i-- {
		s.index[i]++
		if s.auto && i == 0 && s.index[0]+1 == len(s.alphabet) {
			s.prefix += s.alphabet[len(s.alphabet)-1:]
			s.index = make([]int, len(s.index)+1)
			return s.name(), true
		}
		if s.index[i] < len(s.alphabet) {
			return s.name(), true
		}
		s.index[i] = 0
	}
	return "", false
}

func (s *splitRun) name() string {
	var b strings.Builder
	b.WriteString(s.prefix)
	for _, i := range s.index {
		b.WriteByte(s.alphabet[i])
	}
	b.WriteString(s.addition)
	return b.String()
}

// splitSize reads a count with coreutils' suffixes (b = 512 for sizes, K/k,
// M, G... of 1024, KB, MB... of 1000, KiB... of 1024).
func splitSize(v string, size bool) (int64, error) {
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(v[:i], 10, 64)
	if err != nil {
		return 0, errSplitInvalid
	}
	mult := int64(1)
	if unit := v[i:]; unit != "" {
		if !size {
			return 0, errSplitInvalid
		}
		if unit == "b" {
			mult = 512
		} else {
			pow := strings.IndexByte("KMGTPE", strings.ToUpper(unit[:1])[0]) + 1
			base := int64(1024)
			switch unit[1:] {
			case "":
			case "B":
				base = 1000
			case "iB":
			default:
				pow = 0
			}
			if pow == 0 {
				return 0, errSplitInvalid
			}
			for range pow {
				mult *= base
			}
		}
	}
	if n == 0 {
		return 0, errSplitRange
	}
	return n * mult, nil
}

var (
	errSplitInvalid = fmt.Errorf("invalid")
	errSplitRange   = fmt.Errorf("out of range")
)

// splitInvalid is split's complaint about a count: a zero is "out of range"
// (xstrtol's ERANGE), anything else unreadable.
func splitInvalid(p *shell.Proc, what, v string, err error) int {
	if err == errSplitRange {
		p.Errorf("invalid number of %s: %s: Numerical result out of range", what, progkit.QuoteName(p, v))
	} else {
		p.Errorf("invalid number of %s: %s", what, progkit.QuoteName(p, v))
	}
	return 1
}
