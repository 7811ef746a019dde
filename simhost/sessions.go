package simhost

import (
	"sort"
	"time"

	"github.com/hostile-lab/hostile/simhost/events"
)

// SessionInfo is an open session as the control API shows it.
type SessionInfo struct {
	ID       uint64    `json:"id"`
	Conn     uint64    `json:"conn"`
	User     string    `json:"user"`
	Remote   string    `json:"remote"`
	Opened   time.Time `json:"opened,omitzero"`
	Channel  string    `json:"channel,omitempty"` // exec, shell or subsystem, once requested
	Command  string    `json:"command,omitempty"` // the exec command line or the subsystem's name
	BytesIn  int64     `json:"bytes_in"`
	BytesOut int64     `json:"bytes_out"`
	BytesErr int64     `json:"bytes_err"`
	// WaitingInputSince is when a program of the session began reading its
	// stdin, while it still is: a command blocked at a prompt. Zero otherwise.
	WaitingInputSince time.Time `json:"waiting_input_since,omitzero"`
}

// Sessions lists the sessions still open, oldest first. It only reads: the
// session's fixed fields and byte counters, and its channel and command as the
// event log recorded them (unknown again after the log is reset).
func (h *Host) Sessions() []SessionInfo {
	var out []SessionInfo
	index := map[uint64]int{}
	h.open.Range(func(_, v any) bool {
		s := v.(*session)
		index[s.id] = len(out)
		info := SessionInfo{ID: s.id, Conn: s.conn, User: s.user, Remote: s.remote,
			BytesIn: s.in.Load(), BytesOut: s.out.Load(), BytesErr: s.errOut.Load()}
		if sh := s.sh.Load(); sh != nil {
			if since, ok := sh.BlockedOnInput(); ok {
				info.WaitingInputSince = since
			}
		}
		out = append(out, info)
		return true
	})
	if len(out) == 0 {
		return out
	}
	for _, e := range h.m.Log.OfKind(events.SessionOpen, events.Request) {
		i, ok := index[e.Session]
		if !ok {
			continue
		}
		si := &out[i]
		if e.Kind == events.SessionOpen {
			si.Opened = e.Time
			continue
		}
		kind, arg := e.Request, e.Command
		started := kind == "exec" || kind == "shell" || (kind == "subsystem" && arg == "sftp")
		if started && si.Channel == "" { // the first one started; later ones were refused
			si.Channel, si.Command = kind, arg
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
