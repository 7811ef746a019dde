package commands

import (
	"fmt"
	"io"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// parseFlags splits args into single-letter flags (bundled like -rf) and operands,
// stopping at "--"; "-" alone is an operand. bad is the first flag not in allowed.
// Long options are left to the caller: they come back as operands.
func parseFlags(args []string, allowed string) (flags map[byte]bool, operands []string, bad string) {
	flags = map[byte]bool{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(operands, args[i+1:]...), ""
		}
		if len(a) < 2 || a[0] != '-' || strings.HasPrefix(a, "--") {
			operands = append(operands, a)
			continue
		}
		for j := 1; j < len(a); j++ {
			if !strings.ContainsRune(allowed, rune(a[j])) {
				return flags, operands, string(a[j])
			}
			flags[a[j]] = true
		}
	}
	return flags, operands, ""
}

// usageError prints GNU's "invalid option" message (or Solaris's "illegal option")
// and the usage line, and returns the tool's usage exit status.
func usageError(p *shell.Proc, opt, usage string) int {
	unknownOption(p, "-"+opt)
	if p.Solaris() {
		fmt.Fprintf(p.Stderr, "%s: illegal option -- %s\n%s\n", p.Name(), opt, usage)
		return 2
	}
	fmt.Fprintf(p.Stderr, "%s: invalid option -- '%s'\nTry '%s --help' for more information.\n", p.Prog(), opt, p.Prog())
	return 1
}

// openInput opens a file operand for reading, "-" being stdin.
func openInput(p *shell.Proc, name string) (io.Reader, func(), error) {
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
		return nil, nil, errIsDir
	}
	return f, func() { f.Close() }, nil
}
