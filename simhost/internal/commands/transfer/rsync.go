package transfer

import (
	"fmt"
	"slices"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/internal/rsyncd"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "rsync", Only: "gnu", ShortName: true, Run: rsync})
}

// rsync answers `rsync --version` (or -V), serves `rsync --server`, what
// a client's `rsync -e ssh` starts, through rsyncd, and copies between this
// host's own paths (rsync_local.go); a copy to another host is refused as a
// usage error, the way rsync refuses a command line it cannot run.
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
		return rsyncd.Serve(rsyncHost(p, version), p.Args(), p.Stdin, p.Stdout, p.Stderr)
	}
	if c, _, ok := rsyncLocalOpts.Parse(p, p.Args()); ok && isLocalRsync(c.Operands) {
		return runLocalRsync(p, c, version)
	}
	fmt.Fprintf(p.Stderr, "rsync error: syntax or usage error (code 1) at main.c(%d) [client=%s]\n", rsyncUsageLine[version], version)
	return 1
}

// rsyncUsageLine is where each version's main.c reports a usage error.
var rsyncUsageLine = map[string]int{"3.2.7": 1795, "3.2.3": 1732, "3.1.2": 1569}

// rsyncProtocol is each version's protocol, as `rsync --version` prints it.
var rsyncProtocol = map[string]int{"3.2.7": 32, "3.2.3": 31, "3.1.2": 31}

// rsyncHost is what the rsync server reaches of the session: its user's
// view of the filesystem and the host's users and groups.
func rsyncHost(p *shell.Proc, version string) rsyncd.Host {
	m := p.M
	return rsyncd.Host{
		FS: m.FS, Cred: p.Cred(), Abs: p.Abs, Strerror: p.Strerror, Umask: p.Umask,
		Version: version, Protocol: rsyncProtocol[version],
		UserName: m.UserName, GroupName: m.GroupName,
		UserID: func(name string) (int, bool) {
			if a := m.User(name); a != nil {
				return a.UID, true
			}
			return 0, false
		},
		GroupID: func(name string) (int, bool) {
			if g := m.Group(name); g != nil {
				return g.GID, true
			}
			return 0, false
		},
		Wrote: func(path string, n int64) {
			m.Log.Add(events.Event{Kind: events.FileWrite, User: p.User.Name, Detail: path, BytesIn: n})
		},
		Read: func(path string, n int64) {
			m.Log.Add(events.Event{Kind: events.FileRead, User: p.User.Name, Detail: path, BytesOut: n})
		},
	}
}
