package files

import (
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// truncate and sync (coreutils): set files' sizes, and flush them to disk,
// which backup agents do around a snapshot.
func init() {
	shell.Register(shell.Command{Name: "truncate", Only: "gnu", Run: truncateCmd})
	shell.Register(shell.Command{Name: "sync", Only: "gnu", Run: syncCmd})
}

// truncateUnits are the multipliers of a --size: K, M, G... as powers of
// 1024, with B as powers of 1000 and iB again of 1024; lower case k, m, g,
// t as upper.
var truncateUnits = func() map[string]int64 {
	out := map[string]int64{"": 1}
	p2, p10 := int64(1), int64(1)
	for _, u := range "KMGTPE" {
		p2, p10 = p2*1024, p10*1000
		for _, name := range []string{string(u), strings.ToLower(string(u))} {
			out[name], out[name+"iB"], out[name+"B"] = p2, p2, p10
		}
	}
	return out
}()

// truncateSize reads a --size: an optional +, -, <, >, / or % and a number
// with a unit.
func truncateSize(s string) (op byte, n int64, ok bool) {
	if s != "" && strings.IndexByte("+-<>/%", s[0]) >= 0 {
		op, s = s[0], s[1:]
	}
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		i = len(s)
	}
	mult, known := truncateUnits[s[i:]]
	v, err := strconv.ParseInt(s[:i], 10, 64)
	if !known || err != nil || i == 0 || v > (1<<63-1)/mult {
		return 0, 0, false
	}
	return op, v * mult, true
}

func truncateCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "cor:s:", Long: []string{"no-create=c", "io-blocks=o", "reference=r", "size=s"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	var sizeArg, ref string
	var hasSize, hasRef, noCreate bool
	for _, o := range opts {
		switch o.Key {
		case "c":
			noCreate = true
		case "o":
			p.NotEmulated("truncate --io-blocks")
		case "r":
			ref, hasRef = o.Val, true
		case "s":
			sizeArg, hasSize = o.Val, true
		}
	}
	var op byte
	var size int64
	if hasSize {
		var ok bool
		if op, size, ok = truncateSize(sizeArg); !ok {
			return p.Fail(1, "Invalid number: %s", progkit.QuoteC(sizeArg))
		}
	}
	switch {
	case !hasSize && !hasRef:
		return progkit.SpecUsageError(p, spec, "you must specify either '--size' or '--reference'")
	case hasSize && hasRef && op == 0:
		return progkit.SpecUsageError(p, spec, "you must specify a relative '--size' with '--reference'")
	case len(operands) == 0:
		return progkit.SpecUsageError(p, spec, "missing file operand")
	}
	if hasRef {
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(ref))
		if err != nil {
			return p.Fail(1, "cannot stat %s: %s", progkit.QuoteC(ref), p.Strerror(err))
		}
		if !hasSize {
			op, size = 0, info.Size
		} else if op == '+' || op == '-' {
			// relative to the reference's size
			if op == '-' {
				size = -size
			}
			op, size = 0, max(0, info.Size+size)
		}
	}
	status := 0
	for _, name := range operands {
		flag := os.O_WRONLY | os.O_CREATE
		if noCreate {
			flag = os.O_WRONLY
		}
		f, err := fsCreate(p, name, flag, 0o666)
		if err != nil {
			if noCreate && os.IsNotExist(err) {
				continue
			}
			p.Errorf("cannot open %s for writing: %s", progkit.QuoteC(name), p.Strerror(err))
			status = 1
			continue
		}
		info, err := f.Stat()
		if err == nil {
			target := size
			cur := info.Size
			switch op {
			case '+':
				target = cur + size
			case '-':
				target = max(0, cur-size)
			case '<':
				target = min(cur, size)
			case '>':
				target = max(cur, size)
			case '/':
				if size == 0 {
					f.Close()
					return p.Fail(1, "division by zero")
				}
				target = cur / size * size
			case '%':
				if size == 0 {
					f.Close()
					return p.Fail(1, "division by zero")
				}
				target = (cur + size - 1) / size * size
			}
			err = f.Truncate(target)
		}
		f.Close()
		if err != nil {
			p.Errorf("failed to truncate %s at %d bytes: %s", progkit.QuoteC(name), size, p.Strerror(err))
			status = 1
		}
	}
	return status
}

// syncCmd is coreutils sync: everything, or each file (its data with -d,
// its filesystem with -f), which it opens to flush and so must find and read
// or write. The host's files are always on disk: there is nothing to wait for.
func syncCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "df", Long: []string{"data=d", "file-system=f"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	var data, fsys bool
	for _, o := range opts {
		data, fsys = data || o.Key == "d", fsys || o.Key == "f"
	}
	if data && fsys {
		return p.Fail(1, "cannot specify both --data and --file-system")
	}
	if data && len(operands) == 0 {
		return p.Fail(1, "--data needs at least one argument")
	}
	status := 0
	for _, name := range operands {
		abs := p.Abs(name)
		_, err := p.M.FS.Stat(p.Cred(), abs)
		if err == nil && p.M.FS.Access(p.Cred(), abs, 4) != nil && p.M.FS.Access(p.Cred(), abs, 2) != nil {
			err = syscall.EACCES
		}
		if err != nil {
			p.Errorf("error opening %s: %s", progkit.QuoteC(name), p.Strerror(err))
			status = 1
		}
	}
	return status
}
