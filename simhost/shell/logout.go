package shell

import (
	"context"
	"path"
)

// Logout is what a bash login shell does as it ends: an interactive one (a
// terminal) prints "logout", whether it ended by `exit` or by end of input; then
// it reads ~/.bash_logout, as a non-interactive login shell also does when it
// ran `exit`. Other shells do neither. The session's exit status stays the one
// the shell ended with.
func (s *Session) Logout(ctx context.Context, interactive bool) {
	if s.main.flavour != "bash" || s.opts.Channel != "shell" {
		return
	}
	if interactive {
		s.main.errw.Write([]byte("logout\n")) // bash says it on stderr
	} else if !s.Exited() {
		return
	}
	s.main.sourceFile(ctx, path.Join(s.main.acct.Home, ".bash_logout"))
}
