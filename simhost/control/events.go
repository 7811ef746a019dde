package control

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/events"
)

// GET /hosts/{host}/events?since=SEQ&kind=K: the events after sequence number
// SEQ (all when absent), of the given kinds (repeat kind= or separate with
// commas; all when absent). A reset starts the numbering again from 1. Each
// is an events.Event in its own JSON form, which clients decode as it is.
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
	out := []events.Event{}
	for _, e := range h.Events().Events() {
		if e.Seq > since && (len(kinds) == 0 || kinds[e.Kind]) {
			out = append(out, e)
		}
	}
	writeJSON(w, http.StatusOK, out)
}
