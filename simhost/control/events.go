package control

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hostile-lab/hostile/simhost/events"
)

// eventView is an event as the API shows it; zero fields are left out.
type eventView struct {
	Seq       uint64      `json:"seq"`
	Time      time.Time   `json:"time"`
	Kind      events.Kind `json:"kind"`
	Conn      uint64      `json:"conn,omitempty"`
	Session   uint64      `json:"session,omitempty"`
	User      string      `json:"user,omitempty"`
	Remote    string      `json:"remote,omitempty"`
	Channel   string      `json:"channel,omitempty"`
	Detail    string      `json:"detail,omitempty"`
	Request   string      `json:"request,omitempty"`
	Command   string      `json:"command,omitempty"`
	Fault     string      `json:"fault,omitempty"`
	FaultType string      `json:"fault_type,omitempty"`
	Argv      []string    `json:"argv,omitempty"`
	Exit      int         `json:"exit,omitempty"`
	Duration  string      `json:"duration,omitempty"`
	BytesIn   int64       `json:"bytes_in,omitempty"`
	BytesOut  int64       `json:"bytes_out,omitempty"`
	BytesErr  int64       `json:"bytes_err,omitempty"`
}

func viewEvent(e events.Event) eventView {
	v := eventView{Seq: e.Seq, Time: e.Time, Kind: e.Kind, Conn: e.Conn, Session: e.Session, User: e.User,
		Remote: e.Remote, Channel: e.Channel, Detail: e.Detail, Request: e.Request, Command: e.Command, Fault: e.Fault, FaultType: e.FaultType, Argv: e.Argv, Exit: e.Exit,
		BytesIn: e.BytesIn, BytesOut: e.BytesOut, BytesErr: e.BytesErr}
	if e.Duration != 0 {
		v.Duration = e.Duration.String()
	}
	return v
}

// GET /hosts/{host}/events?since=SEQ&kind=K: the events after sequence number
// SEQ (all when absent), of the given kinds (repeat kind= or separate with
// commas; all when absent). A reset starts the numbering again from 1.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	h, ok := s.host(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	var since uint64
	if v := q.Get("since"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "since: %q is not a sequence number (0 or more)", v)
			return
		}
		since = n
	}
	kinds := map[events.Kind]bool{}
	for _, v := range q["kind"] {
		for k := range strings.SplitSeq(v, ",") {
			if k = strings.TrimSpace(k); k != "" {
				kinds[events.Kind(k)] = true
			}
		}
	}
	out := []eventView{}
	for _, e := range h.Events().Events() {
		if e.Seq > since && (len(kinds) == 0 || kinds[e.Kind]) {
			out = append(out, viewEvent(e))
		}
	}
	writeJSON(w, http.StatusOK, out)
}
