package storage

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// swapon and swapoff (util-linux, package mount): what swap the kernel uses,
// read from /proc/swaps, which preflights ask ("swapon --show" must print
// nothing for kubeadm) and install guides turn off ("swapoff -a"). Turning a
// device's swap on or off is not emulated; with no swap, there is nothing to
// do, as on the real host.
func init() {
	shell.Register(shell.Command{Name: "swapon", Only: "gnu", Sbin: true, ShortName: true, Run: swaponCmd})
	shell.Register(shell.Command{Name: "swapoff", Only: "gnu", Sbin: true, ShortName: true, Run: swapoffCmd})
}

// activeSwaps are the devices of /proc/swaps, after its heading.
func activeSwaps(p *shell.Proc) (lines []string, table string) {
	data, err := p.M.FS.ReadFile(p.Cred(), "/proc/swaps")
	if err != nil {
		return nil, ""
	}
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")[1:] {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines, string(data)
}

// fstabSwaps are the swap entries of /etc/fstab, which -a acts on.
func fstabSwaps(p *shell.Proc) []string {
	data, err := p.M.FS.ReadFile(p.Cred(), "/etc/fstab")
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		f := strings.Fields(l)
		if len(f) >= 3 && !strings.HasPrefix(f[0], "#") && f[2] == "swap" {
			out = append(out, f[0])
		}
	}
	return out
}

func swaponCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "ad:defhL:o:p:svVU:", Long: []string{"all=a", "discard::", "ifexists=e", "fixpgsz=f",
		"help=h", "options:=o", "priority:=p", "summary=s", "show::", "output-all", "noheadings", "raw", "bytes",
		"verbose=v", "version=V"}, NotEmulated: []string{"d", "discard", "L", "U", "output-all"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	if c.Has("e") && !c.Has("a") {
		fmt.Fprintf(p.Stderr, "%s: bad usage\nTry 'swapon --help' for more information.\n", p.Prog())
		return 1
	}
	swaps, table := activeSwaps(p)
	_, show := c.Value("show")
	switch {
	case c.Has("s"):
		// --summary prints the kernel's table, or nothing when it lists no device
		if len(swaps) > 0 {
			p.Printf("%s", table)
		}
		return 0
	case show || len(c.Operands) == 0 && !c.Has("a"):
		if len(swaps) > 0 {
			p.NotEmulated("swapon --show of a host with swap")
		}
		return 0
	case c.Has("a"):
		if len(fstabSwaps(p)) > 0 {
			p.NotEmulated("swapon -a of a host whose fstab lists swap")
		}
		return 0
	}
	status := 0
	for _, dev := range c.Operands {
		if _, err := p.M.FS.Stat(p.Cred(), p.Abs(dev)); err != nil {
			fmt.Fprintf(p.Stderr, "%s: cannot open %s: %s\n", p.Prog(), dev, p.Strerror(err))
			status = 255
			continue
		}
		p.NotEmulated("swapon of a device")
	}
	return status
}

func swapoffCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "ahvVL:U:", Long: []string{"all=a", "help=h", "verbose=v", "version=V"},
		NotEmulated: []string{"L", "U"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	swaps, _ := activeSwaps(p)
	targets := c.Operands
	if c.Has("a") {
		// -a turns off what the kernel uses: with none there is nothing to do
		for _, l := range swaps {
			targets = append(targets, strings.Fields(l)[0])
		}
	}
	if len(targets) == 0 {
		if c.Has("a") {
			return 0
		}
		fmt.Fprintf(p.Stderr, "%s: bad usage\nTry 'swapoff --help' for more information.\n", p.Prog())
		return 16 // util-linux's SWAPOFF_EX_USAGE
	}
	if p.Cred().UID != 0 {
		fmt.Fprintf(p.Stderr, "%s: Not superuser.\n", p.Prog())
		return 16
	}
	p.NotEmulated("swapoff of a device in use")
	return 0
}
