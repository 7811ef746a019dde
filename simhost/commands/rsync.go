package commands

import (
	"fmt"
	"slices"

	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "rsync", Only: "gnu", ShortName: true, Run: rsync})
}

// rsync answers only `rsync --version` (or -V): the simulated host copies
// nothing, so `rsync --server` (a client's rsync -e ssh) says it is not
// emulated, and anything else is refused as a usage error, the way rsync
// refuses a command line it cannot run.
func rsync(p *shell.Proc) int {
	banner, version := p.M.P.Texts["rsync-version"], p.M.P.Version("rsync")
	if banner == "" {
		return p.Fail(127, "the personality %s ships no rsync", p.M.P.Name)
	}
	if slices.Contains(p.Args(), "--version") || slices.Contains(p.Args(), "-V") {
		p.Printf("%s", banner)
		return 0
	}
	if slices.Contains(p.Args(), "--server") {
		// What a client started over ssh (rsync -e ssh) reaches: say plainly
		// that the transfer is not emulated, before the client's own "connection
		// unexpectedly closed".
		fmt.Fprintf(p.Stderr, "rsync: the simulated host does not emulate rsync's transfer protocol (rsync --server)\n")
		fmt.Fprintf(p.Stderr, "rsync error: error in rsync protocol data stream (code 12) at io.c(228) [Receiver=%s]\n", version)
		return 12
	}
	fmt.Fprintf(p.Stderr, "rsync error: syntax or usage error (code 1) at main.c(%d) [client=%s]\n", rsyncUsageLine[version], version)
	return 1
}

// rsyncUsageLine is where each version's main.c reports a usage error.
var rsyncUsageLine = map[string]int{"3.2.7": 1795, "3.2.3": 1732, "3.1.2": 1569}
