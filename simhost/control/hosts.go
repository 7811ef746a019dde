package control

import (
	"net/http"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
)

// HostInfo is a served host as GET /hosts shows it.
type HostInfo struct {
	Name         string `json:"name"`
	Addr         string `json:"addr"`
	Hostname     string `json:"hostname"`
	Personality  string `json:"personality"`
	OpenSessions int    `json:"open_sessions"`
	Faults       int    `json:"faults"`
}

func viewHost(name string, h *simhost.Host) HostInfo {
	m := h.Machine()
	return HostInfo{Name: name, Addr: h.Addr(), Hostname: m.Hostname, Personality: m.P.Name,
		OpenSessions: h.OpenSessions(), Faults: len(h.Faults().Snapshot())}
}

// GET /hosts: every registered host, by name.
func (s *Server) listHosts(w http.ResponseWriter, _ *http.Request) {
	out := []HostInfo{}
	for _, name := range s.names() {
		s.mu.RLock()
		e, ok := s.hosts[name]
		s.mu.RUnlock()
		if ok {
			out = append(out, viewHost(name, e.h))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// GET /hosts/{host}
func (s *Server) getHost(w http.ResponseWriter, r *http.Request) {
	if h, ok := s.host(w, r); ok {
		writeJSON(w, http.StatusOK, viewHost(r.PathValue("host"), h))
	}
}

// POST /hosts/{host}/reset: the host back to its start, between a product's
// tests: its filesystem rebuilt from its description, its events forgotten,
// and its faults those of its scenario (none for a host without one).
func (s *Server) resetHost(w http.ResponseWriter, r *http.Request) {
	e, ok := s.entry(w, r)
	if !ok {
		return
	}
	var specs []faults.Spec
	if e.scenario != nil {
		specs = e.scenario.Faults
	}
	if err := e.h.Reset(specs); err != nil {
		writeError(w, http.StatusInternalServerError, "reset: %v", err)
		return
	}
	writeJSON(w, http.StatusOK, viewHost(r.PathValue("host"), e.h))
}

// GET /hosts/{host}/sessions: the sessions still open.
func (s *Server) listSessions(w http.ResponseWriter, r *http.Request) {
	h, ok := s.host(w, r)
	if !ok {
		return
	}
	out := h.Sessions()
	if out == nil {
		out = []simhost.SessionInfo{}
	}
	writeJSON(w, http.StatusOK, out)
}
