package storage

import (
	"fmt"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "fsfreeze", Sbin: true, Only: "gnu", ShortName: true, Run: fsfreezeCmd})
}

// fsfreezeCmd is util-linux fsfreeze, which backup agents run around a
// snapshot: it opens the mount point and asks the kernel to freeze or thaw
// its filesystem, which only root may. The host does not stop writes to a
// frozen filesystem, so root's freeze is a not-emulated event; a thaw of a
// filesystem not frozen is the kernel's EINVAL.
func fsfreezeCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "hfuV", Long: []string{"help=h", "freeze=f", "unfreeze=u", "version=V"}, NotEmulated: []string{"h", "help"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	action := ""
	for _, o := range c.Opts {
		switch o.Key {
		case "h":
			return 0
		case "V":
			return progkit.UtilLinuxVersion(p)
		case "f", "u":
			if action != "" && action != o.Key {
				return p.Fail(1, "mutually exclusive arguments: --freeze --unfreeze")
			}
			action = o.Key
		}
	}
	switch {
	case action == "":
		return p.Fail(1, "neither --freeze or --unfreeze specified")
	case len(c.Operands) == 0:
		return p.Fail(1, "no filename specified")
	case len(c.Operands) > 1:
		p.Errorf("unexpected number of arguments")
		fmt.Fprintf(p.Stderr, "Try '%s --help' for more information.\n", p.Name())
		return 1
	}
	name := c.Operands[0]
	abs := p.Abs(name)
	info, err := p.M.FS.Stat(p.Cred(), abs)
	if err == nil {
		err = p.M.FS.Access(p.Cred(), abs, 4)
	}
	if err != nil {
		return p.Fail(1, "cannot open %s: %s", name, p.Strerror(err))
	}
	if !info.Mode.IsDir() {
		return p.Fail(1, "%s: is not a directory", name)
	}
	verb := map[string]string{"f": "freeze", "u": "unfreeze"}[action]
	switch {
	case p.User.UID != 0:
		return p.Fail(1, "%s: %s failed: %s", name, verb, p.Strerror(syscall.EPERM))
	case action == "u":
		return p.Fail(1, "%s: %s failed: %s", name, verb, p.Strerror(syscall.EINVAL))
	}
	p.NotEmulated("freezing the filesystem of " + abs)
	return 0
}
