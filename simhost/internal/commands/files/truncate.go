package files

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// truncate and sync (coreutils): a file made a given size, which installers
// use to make swap and image files; sync flushes what is written, which on
// the host's in-memory disks is done already - it only checks its operands.
func init() {
	shell.Register(shell.Command{Name: "truncate", Only: "gnu", Run: truncateCmd})
	shell.Register(shell.Command{Name: "sync", Only: "gnu", Run: syncCmd})
}

// sizeSuffix is coreutils' multiplier for a size's suffix: K, M... powers
// of 1024 (KiB too), KB, MB... of 1000.
func sizeSuffix(s string) (int64, bool) {
	if s == "" {
		return 1, true
	}
	i := strings.IndexByte("KMGTPEZY", s[0]) + 1
	if s == "k" {
		i = 1
	}
	if i == 0 {
		return 0, false
	}
	base := int64(1024)
	switch s[1:] {
	case "", "iB":
	case "B":
		base = 1000
	default:
		return 0, false
	}
	n := int64(1)
	for ; i > 0; i-- {
		n *= base
	}
	return n, true
}

func truncateCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "cor:s:", Long: []string{"no-create=c", "io-blocks=o", "reference:=r", "size:=s"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	sizeArg, hasSize := c.Value("s")
	ref, hasRef := c.Value("r")
	if !hasSize && !hasRef {
		p.Errorf("you must specify either %s or %s", progkit.QuoteName(p, "--size"), progkit.QuoteName(p, "--reference"))
		return fsTryHelp(p, 1)
	}
	if len(c.Operands) == 0 {
		p.Errorf("missing file operand")
		return fsTryHelp(p, 1)
	}
	// the size: [+-<>/%]NUMBER[SUFFIX]
	op, num := byte(0), sizeArg
	if num != "" && strings.IndexByte("+-<>/%", num[0]) >= 0 {
		op, num = num[0], num[1:]
	}
	var size int64
	if hasSize {
		digits := strings.TrimRight(num, "KMGTPEZYkiB")
		n, err := strconv.ParseInt(digits, 10, 64)
		mult, okSuffix := sizeSuffix(num[len(digits):])
		if err != nil || !okSuffix || n < 0 {
			return p.Fail(1, "Invalid number: %s", progkit.QuoteName(p, sizeArg))
		}
		size = n * mult
		if c.Has("o") {
			size *= 4096 // the files' I/O block (stat's %o)
		}
		if size == 0 && (op == '/' || op == '%') {
			return p.Fail(1, "division by zero")
		}
	}
	if hasRef {
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(ref))
		if err != nil {
			return p.Fail(1, "cannot stat %s: %s", progkit.QuoteName(p, ref), p.Strerror(err))
		}
		if !hasSize {
			size = info.Size
		} else if op == '+' || op == '-' {
			size = info.Size + map[byte]int64{'+': 1, '-': -1}[op]*size
			op = 0
		}
	}
	status := 0
	for _, name := range c.Operands {
		abs := p.Abs(name)
		flag := syscall.O_WRONLY | syscall.O_CREAT
		if c.Has("c") {
			flag = syscall.O_WRONLY
		}
		h, err := p.M.FS.OpenFile(p.Cred(), abs, flag, fs.FileMode(0o666&^p.Umask))
		if err != nil {
			if c.Has("c") && errors.Is(err, fs.ErrNotExist) {
				continue
			}
			p.Errorf("cannot open %s for writing: %s", progkit.QuoteName(p, name), p.Strerror(err))
			status = 1
			continue
		}
		info, _ := h.Stat()
		cur, target := info.Size, size
		switch op {
		case '+':
			target = cur + size
		case '-':
			target = max(cur-size, 0)
		case '<':
			target = min(cur, size)
		case '>':
			target = max(cur, size)
		case '/':
			target = cur / size * size
		case '%':
			target = (cur + size - 1) / size * size
		}
		if err := h.Truncate(target); err != nil {
			p.Errorf("failed to truncate %s at %d bytes: %s", progkit.QuoteName(p, name), target, p.Strerror(err))
			status = 1
		}
		h.Close()
	}
	return status
}

func syncCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "df", Long: []string{"data=d", "file-system=f"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	status := 0
	for _, name := range c.Operands {
		if _, err := p.M.FS.Stat(p.Cred(), p.Abs(name)); err != nil {
			p.Errorf("error opening %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
			status = 1
		}
	}
	return status
}
