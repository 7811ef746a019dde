package faults

import (
	"strings"
)

// PAMBanner makes a PAM session print text, as a customised PAM stack does: for
// sudo (the 004 escalation: a pam_exec line in /etc/pam.d/sudo printed the
// lastlog message, so `sudo pvs` output began with "Last login: ..." on stdout
// and vdsm's parser died on it), su, or sshd's login session (MOTD and lastlog
// before the first prompt). sudo's PAM text goes to its stdout, before the
// command's own output.
type PAMBanner struct {
	Text string `json:"text" help:"what the PAM session prints (a newline is added when missing); {user} and {service} are filled in"`
	// Services are the PAM services that print it.
	Services []string `json:"services" help:"PAM services that print it" enum:"sudo,sudo-i,su,su-l,sshd"`
	// OnlyShell limits sudo and su to sessions that run a shell (-i, -s), as
	// stock pam_lastlog does (sudo passes PAM_SILENT otherwise). The 004
	// customer's pam_exec printed for every command.
	OnlyShell bool   `json:"only_shell" help:"sudo/su print only when they run a shell (-i, -s), as stock pam_lastlog does"`
	MOTD      string `json:"motd" help:"printed before the text for an sshd login session, as pam_motd does"`
}

func init() {
	Register(Type{Name: "pam-banner", Depth: Shell,
		Summary: "a PAM session prints a banner: sudo's 'Last login: ...' before the command's output, or MOTD/lastlog at login",
		New: func() Fault {
			return &PAMBanner{Text: "Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0", Services: []string{"sudo", "sudo-i"}}
		}})
}

// PAMServices are the services of the host's PAM stack that may print a
// session banner: sudo, sudo -i, su, su -, and sshd's login.
var PAMServices = []string{"sudo", "sudo-i", "su", "su-l", "sshd"}

// Validate checks the services.
func (b *PAMBanner) Validate() error {
	if err := Check(b.Text == "" && b.MOTD == "", "text", "empty: there is nothing to print"); err != nil {
		return err
	}
	return Check(len(b.Services) == 0, "services", "empty: name at least one of %s", strings.Join(PAMServices, ", "))
}

// PAMSession is the text the service's session prints.
func (b *PAMBanner) PAMSession(service, user string, shell bool) string {
	if !contains(b.Services, service) {
		return ""
	}
	if service != "sshd" && b.OnlyShell && !shell {
		return ""
	}
	out := ""
	if service == "sshd" {
		out = nlTerminated(b.MOTD)
	}
	text := strings.NewReplacer("{user}", user, "{service}", service).Replace(b.Text)
	return out + nlTerminated(text)
}
