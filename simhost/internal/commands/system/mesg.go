package system

import (
	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "mesg", Only: "gnu", Run: mesgCmd})
}

// mesgCmd is util-linux mesg, which root's Debian ~/.profile runs (`mesg n
// 2>/dev/null || true`): without a terminal on stderr it fails with 2, saying
// so only with -v (captured from bookworm and bullseye). At a terminal it
// reports "is y", the mode sshd gives its pts; y and n are accepted but not
// kept, as the host has no device node whose mode they would change.
func mesgCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "vhV", Long: []string{"verbose=v", "help=h", "version=V"}}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	verbose := false
	for _, o := range opts {
		switch o.Key {
		case "h":
			p.Printf("\nUsage:\n mesg [options] [y | n]\n\nControl write access of other users to your terminal.\n\n" +
				"Options:\n -v, --verbose  explain what is being done\n -h, --help     display this help\n" +
				" -V, --version  display version\n\nFor more details see mesg(1).\n")
			return 0
		case "V":
			return progkit.UtilLinuxVersion(p)
		case "v":
			verbose = true
		}
	}
	if !p.IsTerminal(p.Stderr) {
		if verbose {
			p.Errorf("no tty")
		}
		return 2
	}
	if len(operands) == 0 {
		p.Printf("is y\n")
		return 0
	}
	switch operands[0] {
	case "y":
		if verbose {
			p.Printf("write access to your terminal is allowed\n")
		}
		return 0
	case "n":
		if verbose {
			p.Printf("write access to your terminal is denied\n")
		}
		return 0
	}
	return progkit.SpecUsageError(p, spec, "invalid argument: "+operands[0])
}
