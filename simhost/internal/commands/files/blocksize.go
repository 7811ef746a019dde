package files

import (
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// blockSize is a -B/--block-size of du and df, as gnulib's human_options
// reads it: a number of bytes, with a unit (K, M, G... of 1024, KB, MB... of
// 1000); a unit with no number also marks each figure with it ("4K").
type blockSize struct {
	unit   int64
	suffix string // printed after each figure: "K" for -BK, "kB" for -BKB
}

// parseBlockSize reads a -B argument; ok is false when GNU refuses it.
func parseBlockSize(s string) (blockSize, bool) {
	digits := strings.TrimLeft(s, "0123456789")
	n := int64(1)
	if num := s[:len(s)-len(digits)]; num != "" {
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil || v == 0 {
			return blockSize{}, false
		}
		n = v
	}
	if digits == "" {
		return blockSize{unit: n}, true
	}
	const powers = "KMGTPEZY"
	i := strings.IndexByte(powers, digits[0])
	if digits[0] == 'k' {
		i = 0
	}
	if i < 0 {
		return blockSize{}, false
	}
	base, rest := int64(1024), digits[1:]
	switch rest {
	case "":
	case "B":
		base = 1000
	case "iB":
	default:
		return blockSize{}, false
	}
	unit := n
	for range i + 1 {
		unit *= base
	}
	b := blockSize{unit: unit}
	if len(s) == len(digits) {
		b.suffix = string(powers[i]) + rest
		if base == 1000 && i == 0 {
			b.suffix = "kB"
		}
	}
	return b, true
}

// figure is bytes in blocks of b, rounded up, with b's suffix.
func (b blockSize) figure(bytes int64) string {
	return strconv.FormatInt((bytes+b.unit-1)/b.unit, 10) + b.suffix
}

// heading is df's name for a column of b's blocks: the size in the largest
// unit it is a whole number of ("1K", "1kB", "512B"), then "-blocks".
func (b blockSize) heading() string {
	for i := len("KMGTPEZY"); i > 0; i-- {
		for _, base := range []int64{1024, 1000} {
			d := int64(1)
			over := false
			for range i {
				if d > b.unit/base {
					over = true
					break
				}
				d *= base
			}
			if over || b.unit%d != 0 {
				continue
			}
			letter := string("KMGTPEZY"[i-1])
			if base == 1000 {
				if letter == "K" {
					letter = "k"
				}
				letter += "B"
			}
			return strconv.FormatInt(b.unit/d, 10) + letter + "-blocks"
		}
	}
	return strconv.FormatInt(b.unit, 10) + "B-blocks"
}

// blockSizeOption is the block size a du or df command line sets with -B,
// or false with the message printed when it is not one.
func blockSizeOption(p *shell.Proc, arg string) (blockSize, bool) {
	b, ok := parseBlockSize(arg)
	if !ok {
		opt := "-B"
		for _, a := range p.Args() {
			if strings.HasPrefix(a, "--b") {
				opt = "--block-size"
			}
		}
		p.Errorf("invalid %s argument %s", opt, progkit.QuoteName(p, arg))
	}
	return b, ok
}
