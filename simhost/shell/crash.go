package shell

import (
	"fmt"
	"runtime/debug"

	"github.com/hostile-lab/hostile/simhost/events"
)

// crashStatus is a program killed by SIGSEGV, as a real host reports it.
const crashStatus = 128 + 11

// survive runs an emulated program so that a bug in it fails that program, as
// a crash would on a real host, instead of taking the lab and every session on
// it down. The panic and its stack go to the event log for the lab's authors.
func (s *Session) survive(p *Proc, run func(*Proc) int) (code int) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if _, ok := v.(outOfMemory); ok {
			fmt.Fprintf(p.Stderr, "%s: memory exhausted\n", p.Name())
			code = 1
			return
		}
		fmt.Fprintf(p.Stderr, "hostile: %s crashed, a bug in the lab: %v (the host's event log has the stack)\n", p.Name(), v)
		s.m.Log.Add(events.Event{Kind: events.Error, Conn: s.opts.Conn, Session: s.opts.ID, User: p.User.Name,
			Channel: s.opts.Channel, Argv: append([]string(nil), p.Argv...), Exit: crashStatus,
			Detail: fmt.Sprintf("panic in %s: %v\n%s", p.Name(), v, debug.Stack())})
		code = crashStatus
	}()
	return run(p)
}
