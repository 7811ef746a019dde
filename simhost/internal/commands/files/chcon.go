package files

import (
	"io/fs"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// chcon and runcon (coreutils) on a kernel without SELinux, as installers
// meet them (k3s's install.sh labels its binary with chcon and hides the
// output): no file carries a security context, so a partial one (-u, -r, -t,
// -l) cannot be applied and --reference has none to read; a whole context is
// written as an extended attribute, which the kernel lets only the file's
// owner (or root) set, and which nothing here reads back. runcon refuses to
// run anything.
func init() {
	shell.Register(shell.Command{Name: "chcon", Only: "gnu", Run: chcon})
	shell.Register(shell.Command{Name: "runcon", Only: "gnu", Run: runcon})
}

func chcon(p *shell.Proc) int {
	g := progkit.Getopt{Short: "hHLPRvu:r:t:l:", Long: []string{"dereference", "no-dereference=h",
		"preserve-root", "no-preserve-root", "reference:", "recursive=R", "verbose=v",
		"user:=u", "role:=r", "type:=t", "range:=l"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	operands := c.Operands
	partial := c.Has("u", "r", "t", "l")
	ref, hasRef := c.Value("reference")
	context := ""
	switch {
	case hasRef:
		if len(operands) == 0 {
			return fsMissingOperand(p, "missing operand")
		}
		if _, err := p.M.FS.Stat(p.Cred(), p.Abs(ref)); err != nil {
			return p.Fail(1, "failed to get security context of %s: %s", progkit.QuoteName(p, ref), p.Strerror(err))
		}
		return p.Fail(1, "failed to get security context of %s: %s", progkit.QuoteName(p, ref), p.Strerror(syscall.ENODATA))
	case partial:
		if len(operands) == 0 {
			return fsMissingOperand(p, "missing operand")
		}
	default:
		if len(operands) == 0 {
			return fsMissingOperand(p, "missing operand")
		}
		if len(operands) == 1 {
			return fsMissingOperand(p, "missing operand after "+progkit.QuoteName(p, operands[0]))
		}
		context, operands = operands[0], operands[1:]
	}
	status := 0
	for _, name := range operands {
		info, err := p.M.FS.Lstat(p.Cred(), p.Abs(name))
		if err == nil && !c.Has("h") && info.Mode&fs.ModeSymlink != 0 {
			info, err = p.M.FS.Stat(p.Cred(), p.Abs(name))
		}
		if err != nil {
			p.Errorf("cannot access %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
			status = 1
			continue
		}
		if c.Has("v") {
			p.Printf("changing security context of %s\n", progkit.QuoteName(p, name))
		}
		if partial {
			p.Errorf("can't apply partial context to unlabeled file %s", progkit.QuoteName(p, name))
			status = 1
			continue
		}
		if uid := p.Cred().UID; uid != 0 && uid != info.UID {
			p.Errorf("failed to change context of %s to %s: %s", progkit.QuoteName(p, name),
				progkit.QuoteName(p, context), p.Strerror(syscall.EPERM))
			status = 1
		}
	}
	return status
}

func runcon(p *shell.Proc) int {
	g := progkit.Getopt{Short: "+cu:r:t:l:", Long: []string{"compute=c", "user:=u", "role:=r", "type:=t", "range:=l"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	operands := c.Operands
	if len(operands) == 0 {
		return p.Fail(1, "failed to get current context: %s", p.Strerror(syscall.EINVAL))
	}
	if !c.Has("c", "u", "r", "t", "l") {
		operands = operands[1:] // the context
	}
	if len(operands) == 0 {
		p.Errorf("no command specified")
		return fsTryHelp(p, 1)
	}
	return p.Fail(1, "%s may be used only on a SELinux kernel", p.Prog())
}
