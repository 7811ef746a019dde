package system

import (
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// logger (util-linux, package bsdutils) hands a message to the system log,
// which CI and provisioning scripts do to mark their steps. The host keeps no
// journal, so a well-formed message is taken and dropped, as the real logger
// is quiet whatever the daemon does with it; the priority is checked as
// logger checks it.
func init() {
	shell.Register(shell.Command{Name: "logger", Only: "gnu", ShortName: true, Run: loggerCmd})
}

var syslogFacilities = []string{"kern", "user", "mail", "daemon", "auth", "security", "syslog", "lpr", "news", "uucp",
	"cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"}

var syslogLevels = []string{"emerg", "panic", "alert", "crit", "err", "error", "warning", "warn", "notice", "info", "debug"}

func loggerCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "ef:ip:rsSt:u:dTn:P:Vh", Long: []string{"file:=f", "id::", "priority:=p", "stderr=s",
		"size:=S", "tag:=t", "socket:=u", "udp=d", "tcp=T", "server:=n", "port:=P", "rfc3164", "rfc5424::",
		"journald::", "skip-empty=e", "no-act", "octet-count", "prio-prefix", "socket-errors::", "msgid:",
		"sd-id:", "sd-param:", "help=h", "version=V"}, NotEmulated: []string{"journald", "s", "stderr"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		return progkit.UtilLinuxVersion(p)
	}
	if prio, ok := c.Value("p"); ok {
		facility, level, hasFacility := strings.Cut(prio, ".")
		if !hasFacility {
			facility, level = "", prio
		}
		switch {
		case hasFacility && !slices.Contains(syslogFacilities, facility):
			return p.Fail(1, "unknown facility name: %s", facility)
		case !slices.Contains(syslogLevels, level):
			return p.Fail(1, "unknown priority name: %s", level)
		}
	}
	if len(c.Operands) > 0 {
		return 0 // the message is the operands, logged as one line
	}
	if file, ok := c.Value("f"); ok && file != "-" {
		if _, err := p.M.FS.ReadFile(p.Cred(), p.Abs(file)); err != nil {
			return p.Fail(1, "file %s: %s", file, p.Strerror(err))
		}
		return 0
	}
	// each line of stdin is a message
	if _, err := p.ReadAll(p.Stdin); err != nil {
		return 1
	}
	return 0
}
