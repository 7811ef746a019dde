package system

import (
	"fmt"
	"path"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// last and lastb (util-linux) list the logins and failed logins recorded in
// /var/log/wtmp and /var/log/btmp. sshd records a login there only for a
// session with a terminal, which the simulated host keeps no history of: its
// files are empty, as on a fresh container, and last says when the file
// began (its change time). A terminal login seen on the host is said to be
// not emulated.
func init() {
	shell.Register(shell.Command{Name: "last", Only: "gnu", ShortName: true, Run: lastCmd})
	shell.Register(shell.Command{Name: "lastb", Only: "gnu", ShortName: true, Run: lastCmd})
}

func lastCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "0123456789adf:Fhin:RxwVs:t:p:T", Long: []string{"hostlast=a", "dns=d", "file:=f",
		"fulltimes=F", "help=h", "ip=i", "limit:=n", "nohostname=R", "system=x", "fullnames=w", "version=V",
		"since:=s", "until:=t", "present:=p", "time-format:", "tab-separated=T"}, NotEmulated: []string{"time-format", "T"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	if c.Has("h") {
		p.NotEmulated("last --help")
		return 0
	}
	file := "/var/log/wtmp"
	if p.Name() == "lastb" {
		file = "/var/log/btmp"
	}
	if v, ok := c.Value("f"); ok {
		file = v
	}
	info, err := p.M.FS.Stat(p.Cred(), p.Abs(file))
	if err == nil {
		err = p.M.FS.Access(p.Cred(), p.Abs(file), 4)
	}
	if err != nil {
		fmt.Fprintf(p.Stderr, "%s: cannot open %s: %s\n", p.Name(), file, p.Strerror(err))
		return 1
	}
	if info.Size > 0 || len(loginSessions(p)) > 0 {
		p.NotEmulated(p.Name() + " of recorded logins (the host keeps no login records)")
	}
	layout := "Mon Jan _2 15:04:05 2006"
	when := info.ChangeTime.In(progkit.Zone(p.Getenv("TZ")))
	fmt.Fprintf(p.Stdout, "\n%s begins %s\n", path.Base(file), when.Format(layout))
	return 0
}
