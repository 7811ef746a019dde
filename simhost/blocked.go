package simhost

import (
	"sort"
	"time"
)

// InputWait is an open session whose command is blocked reading its stdin
// while the client sends nothing: a prompt waiting for an answer.
type InputWait struct {
	Session uint64
	Conn    uint64
	User    string
	Command string    // the exec command line, as the client sent it
	Since   time.Time // since when it has been waiting
}

// BlockedOnInput lists the open sessions whose program is waiting for input
// now, oldest wait first. The shell waiting at its prompt for the next line
// is not one: that is an idle login.
func (h *Host) BlockedOnInput() []InputWait {
	var out []InputWait
	h.open.Range(func(_, v any) bool {
		s := v.(*session)
		sh := s.sh.Load()
		if sh == nil {
			return true
		}
		if since, blocked := sh.BlockedOnInput(); blocked {
			out = append(out, InputWait{Session: s.id, Conn: s.conn, User: s.user, Since: since})
		}
		return true
	})
	if len(out) == 0 {
		return out
	}
	commands := map[uint64]string{}
	for _, si := range h.Sessions() {
		commands[si.ID] = si.Command
	}
	for i := range out {
		out[i].Command = commands[out[i].Session]
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Since.Before(out[j].Since) })
	return out
}
