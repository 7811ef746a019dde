package control

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost"
)

// The lab as a service: a product's own test suite, in any language, starts
// hosts of named scenarios over the API, drives the real product against
// them, asks for a verdict from what each host observed, and removes them.

// labConfig is how POST /hosts starts a host.
type labConfig struct {
	ip    string           // the address new hosts listen on, each on a port of its own
	ports []int            // the ports they may take, in turn; empty: ephemeral ones
	opts  []simhost.Option // as serve's own hosts: transcripts, host keys
}

// SetHostDefaults makes hosts started over the API listen on ip with opts,
// each on the first free port of ports (an ephemeral one when ports is empty),
// unless the request names an address. A lab in a container publishes ports.
func (s *Server) SetHostDefaults(ip string, ports []int, opts ...simhost.Option) {
	s.mu.Lock()
	s.lab = labConfig{ip: ip, ports: ports, opts: opts}
	s.mu.Unlock()
}

// startOn starts d on addr, or on the first free port of the lab's.
func (l labConfig) startOn(ctx context.Context, addr string, d simhost.Description) (*simhost.Host, error) {
	opts := l.opts[:len(l.opts):len(l.opts)]
	if addr != "" || len(l.ports) == 0 {
		if addr == "" {
			addr = net.JoinHostPort(l.ip, "0")
		}
		return simhost.Start(ctx, d, append(opts, simhost.WithAddr(addr))...)
	}
	for _, port := range l.ports {
		h, err := simhost.Start(ctx, d, append(opts, simhost.WithAddr(net.JoinHostPort(l.ip, strconv.Itoa(port))))...)
		if err == nil {
			return h, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("every port of %d-%d is taken by a host: DELETE one first", l.ports[0], l.ports[len(l.ports)-1])
}

// Close stops every host the API started; hosts registered by the caller
// stay theirs to close.
func (s *Server) Close() error {
	s.mu.Lock()
	var owned []*simhost.Host
	for name, e := range s.hosts {
		if e.owned {
			owned = append(owned, e.h)
			delete(s.hosts, name)
		}
	}
	s.mu.Unlock()
	var err error
	for _, h := range owned {
		err = errors.Join(err, h.Close())
	}
	return err
}

// startRequest is POST /hosts's body: a built-in scenario's name, or a
// scenario's YAML text (which may extend only built-in ones).
type startRequest struct {
	Name     string `json:"name"`     // the host's name in the API; the scenario's name by default
	Scenario string `json:"scenario"` // a built-in scenario's name
	YAML     string `json:"yaml"`     // or a whole scenario
	Addr     string `json:"addr"`     // where to listen; an ephemeral port by default
	// Twin starts the scenario's healthy twin instead: the same host and files
	// without its faults and rc files, to time the product against
	// (expect.within_factor is a multiple of that time).
	Twin bool `json:"twin"`
}

// startedHost is POST /hosts's answer: the host and how to log in.
type startedHost struct {
	HostInfo
	Scenario string       `json:"scenario"`
	Users    []credential `json:"users"`
}

type credential struct {
	User     string `json:"user"`
	Password string `json:"password,omitempty"`
}

var hostName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// POST /hosts: start a fresh host of a scenario, as serve --scenario does:
// with its faults and the ops twin of its story user.
func (s *Server) startHost(w http.ResponseWriter, r *http.Request) {
	var req startRequest
	if err := decode(r, &req); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	var sc *scenarios.Scenario
	var err error
	switch {
	case (req.Scenario == "") == (req.YAML == ""):
		writeError(w, http.StatusBadRequest, "give either scenario (a built-in name: %s) or yaml (a scenario's text)", strings.Join(scenarios.Names(), ", "))
		return
	case req.Scenario != "":
		sc, err = scenarios.Get(req.Scenario)
	default:
		sc, err = scenarios.ParseText(orDefault(req.Name, "body"), []byte(req.YAML))
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "scenario: %v", err)
		return
	}
	name := orDefault(req.Name, sc.Name)
	if req.Twin {
		if req.Name == "" {
			name += "-twin"
		}
		sc = harness.HealthyTwin(sc)
	}
	if !hostName.MatchString(name) {
		writeError(w, http.StatusBadRequest, "name %q: want letters, digits, '.', '_' or '-', at most 64", name)
		return
	}
	s.mu.RLock()
	_, taken := s.hosts[name]
	lab := s.lab
	s.mu.RUnlock()
	if taken {
		writeError(w, http.StatusConflict, "a host named %q exists: give another name, or DELETE /hosts/%s first", name, name)
		return
	}
	if req.Addr != "" {
		if _, _, err := net.SplitHostPort(req.Addr); err != nil {
			writeError(w, http.StatusBadRequest, "addr %q: %v", req.Addr, err)
			return
		}
	}
	sc = sc.WithOps()
	h, err := lab.startOn(context.WithoutCancel(r.Context()), req.Addr, sc.Host)
	if err != nil {
		writeError(w, http.StatusBadRequest, "scenario %s: %v", sc.Name, err)
		return
	}
	for _, f := range sc.Faults {
		if _, err := h.Faults().Add(f); err != nil {
			h.Close()
			writeError(w, http.StatusBadRequest, "scenario %s: %v", sc.Name, err)
			return
		}
	}
	s.mu.Lock()
	if _, taken := s.hosts[name]; taken { // another request won the name meanwhile
		s.mu.Unlock()
		h.Close()
		writeError(w, http.StatusConflict, "a host named %q exists", name)
		return
	}
	s.hosts[name] = &servedHost{h: h, scenario: sc, owned: true}
	s.mu.Unlock()
	out := startedHost{HostInfo: viewHost(name, h), Scenario: sc.Name}
	for _, u := range sc.Host.Users {
		out.Users = append(out.Users, credential{User: u.Name, Password: u.Password})
	}
	writeJSON(w, http.StatusCreated, out)
}

// DELETE /hosts/{host}: forget the host, and stop it if the API started it.
func (s *Server) deleteHost(w http.ResponseWriter, r *http.Request) {
	e, ok := s.entry(w, r)
	if !ok {
		return
	}
	name := r.PathValue("host")
	s.mu.Lock()
	if s.hosts[name] == e {
		delete(s.hosts, name)
	}
	s.mu.Unlock()
	if e.owned {
		if err := e.h.Close(); err != nil {
			writeError(w, http.StatusInternalServerError, "closing %s: %v", name, err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// verdictRequest is POST /hosts/{host}/verdict's body, which may be empty:
// what the product's own test saw, for the expectations only it can know.
type verdictRequest struct {
	Client *harness.ClientReport `json:"client"`
}

// POST /hosts/{host}/verdict: the scenario's expectations judged over what the
// host observed of the product, after the scenario's settle time.
func (s *Server) verdict(w http.ResponseWriter, r *http.Request) {
	e, ok := s.entry(w, r)
	if !ok {
		return
	}
	if e.scenario == nil {
		writeError(w, http.StatusConflict, "host %q serves no scenario: there is nothing to judge it against (serve it with --scenario, or start it with POST /hosts)", r.PathValue("host"))
		return
	}
	var req verdictRequest
	if err := decodeOptional(r, &req); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, harness.JudgeHost(r.Context(), r.PathValue("host"), e.scenario, e.h, req.Client))
}

// decodeOptional is decode for a body that may be left out.
func decodeOptional(r *http.Request, v any) error {
	peek := make([]byte, 1)
	n, err := io.ReadFull(r.Body, peek)
	if n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		return nil
	}
	r.Body = io.NopCloser(io.MultiReader(strings.NewReader(string(peek[:n])), r.Body))
	return decode(r, v)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
