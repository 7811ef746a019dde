package system

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "pwdx", Only: "gnu", ShortName: true, Run: pwdxCmd})
}

const pwdxUsage = `
Usage:
 pwdx [options] pid...

Options:
 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see pwdx(1).
`

// pwdxCmd is procps pwdx: each process's working directory, read from its
// /proc/PID/cwd link, which only the process's owner and root may read
// (another user's is "Permission denied"; one that is gone "No such process").
func pwdxCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "hV", Long: []string{"help=h", "version=V"}, Usage: pwdxUsage, NoTry: true}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	switch {
	case c.Has("h"):
		p.Printf("%s", pwdxUsage)
		return 0
	case c.Has("V"):
		return printProcpsVersion(p, "pwdx")
	case len(c.Operands) == 0:
		fmt.Fprint(p.Stderr, pwdxUsage)
		return 1
	}
	pids := make([]int, len(c.Operands))
	for i, arg := range c.Operands {
		n, err := strconv.Atoi(strings.TrimPrefix(arg, "/proc/"))
		if err != nil || n <= 0 || strings.HasPrefix(arg, "+") {
			return p.Fail(1, "invalid process id: %s", arg)
		}
		pids[i] = n
	}
	status := 0
	for i, pid := range pids {
		cwd, err := p.M.FS.Readlink(p.Cred(), fmt.Sprintf("/proc/%d/cwd", pid))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				err = errNoProcess
			}
			fmt.Fprintf(p.Stderr, "%s: %s\n", c.Operands[i], p.Strerror(err))
			status = 1
			continue
		}
		p.Printf("%d: %s\n", pid, cwd)
	}
	return status
}

// errNoProcess is ESRCH, which pwdx reports for a pid with no /proc entry.
var errNoProcess = syscall.ESRCH

// printProcpsVersion is -V of a procps tool: the release of the host's procps
// package ("4.0.2" of 2:4.0.2-3, "3.3.17" on Debian 11).
func printProcpsVersion(p *shell.Proc, tool string) int {
	p.Printf("%s from procps-ng %s\n", tool, progkit.ToolVersion(p, "procps", nil))
	return 0
}
