// Package control is the lab's HTTP+JSON API: list hosts, manage their faults,
// read their events and sessions, reset them, while they run.
package control

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
)

// maxBody bounds a request's JSON body.
const maxBody = 1 << 20

// Server is the control API over a registry of named running hosts.
type Server struct {
	token string
	mux   *http.ServeMux

	mu    sync.RWMutex
	hosts map[string]*servedHost

	lab labConfig // how POST /hosts starts a host
}

// servedHost is a registered host and the scenario it serves, if any.
type servedHost struct {
	h        *simhost.Host
	scenario *scenarios.Scenario // nil for a host not served from a scenario
	owned    bool                // started by the API: closed when removed
}

// New returns a server with no hosts. When token is not empty every request must
// carry "Authorization: Bearer <token>".
func New(token string) *Server {
	s := &Server{token: token, mux: http.NewServeMux(), hosts: map[string]*servedHost{}, lab: labConfig{ip: "127.0.0.1"}}
	s.mux.HandleFunc("GET /types", s.listTypes)
	s.mux.HandleFunc("GET /hosts", s.listHosts)
	s.mux.HandleFunc("POST /hosts", s.startHost)
	s.mux.HandleFunc("GET /hosts/{host}", s.getHost)
	s.mux.HandleFunc("DELETE /hosts/{host}", s.deleteHost)
	s.mux.HandleFunc("POST /hosts/{host}/reset", s.resetHost)
	s.mux.HandleFunc("POST /hosts/{host}/verdict", s.verdict)
	s.mux.HandleFunc("GET /hosts/{host}/sessions", s.listSessions)
	s.mux.HandleFunc("GET /hosts/{host}/events", s.listEvents)
	s.mux.HandleFunc("GET /hosts/{host}/faults", s.listFaults)
	s.mux.HandleFunc("POST /hosts/{host}/faults", s.addFault)
	s.mux.HandleFunc("GET /hosts/{host}/faults/{fault}", s.getFault)
	s.mux.HandleFunc("POST /hosts/{host}/faults/{fault}", s.updateFault)
	s.mux.HandleFunc("DELETE /hosts/{host}/faults/{fault}", s.removeFault)
	return s
}

// AddHost registers h under name, replacing any host of that name.
func (s *Server) AddHost(name string, h *simhost.Host) { s.AddScenarioHost(name, h, nil) }

// AddScenarioHost registers h as the host of scenario sc under name: a reset
// brings back the scenario's faults, and a verdict judges its expectations.
func (s *Server) AddScenarioHost(name string, h *simhost.Host, sc *scenarios.Scenario) {
	s.mu.Lock()
	s.hosts[name] = &servedHost{h: h, scenario: sc}
	s.mu.Unlock()
}

// RemoveHost forgets the named host; the host itself keeps running.
func (s *Server) RemoveHost(name string) {
	s.mu.Lock()
	delete(s.hosts, name)
	s.mu.Unlock()
}

// ServeHTTP checks the token and routes the request. Every answer is JSON: an
// unknown route or method and a panic in a handler become JSON errors too.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := &responseWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			if !rw.wrote {
				writeError(rw, http.StatusInternalServerError, "internal error: %v", v)
			}
		}
	}()
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="hostile"`)
		writeError(rw, http.StatusUnauthorized, "missing or wrong token: send Authorization: Bearer <token>")
		return
	}
	if h, pattern := s.mux.Handler(r); pattern == "" {
		noRoute(rw, r, h)
		return
	}
	s.mux.ServeHTTP(rw, r)
}

func (s *Server) authorized(r *http.Request) bool {
	if s.token == "" {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}

// noRoute answers what the mux would (404, or 405 with Allow) as JSON.
func noRoute(w http.ResponseWriter, r *http.Request, h http.Handler) {
	probe := &statusProbe{header: w.Header()}
	h.ServeHTTP(probe, r)
	code := probe.code
	if code == 0 || code == http.StatusOK {
		code = http.StatusNotFound
	}
	if code == http.StatusMethodNotAllowed {
		writeError(w, code, "method %s not allowed on %s (allowed: %s)", r.Method, r.URL.Path, w.Header().Get("Allow"))
		return
	}
	writeError(w, code, "no route %s %s", r.Method, r.URL.Path)
}

// host finds the request's {host}, or answers 404 listing the known ones.
func (s *Server) host(w http.ResponseWriter, r *http.Request) (*simhost.Host, bool) {
	e, ok := s.entry(w, r)
	if !ok {
		return nil, false
	}
	return e.h, true
}

// entry is host with the scenario it serves.
func (s *Server) entry(w http.ResponseWriter, r *http.Request) (*servedHost, bool) {
	name := r.PathValue("host")
	s.mu.RLock()
	e, ok := s.hosts[name]
	s.mu.RUnlock()
	if !ok {
		writeError(w, http.StatusNotFound, "no host %q (known: %s)", name, strings.Join(s.names(), ", "))
	}
	return e, ok
}

// names lists the registered hosts, sorted.
func (s *Server) names() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.hosts))
	for n := range s.hosts {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// decode reads a JSON body into v, refusing unknown keys, trailing data and
// bodies over maxBody. Its message starts with what it refuses: a key path, the
// body, or the byte where the JSON broke.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
		return fmt.Errorf("the body: over %d bytes", maxBody)
	} else if err != nil {
		return fmt.Errorf("the body: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return errors.New("the body: empty, send a JSON object")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("bad JSON at byte %d: the body ends inside a value", len(body))
		case errors.As(err, &syn):
			return fmt.Errorf("bad JSON at byte %d: %v", syn.Offset, err)
		case errors.As(err, &typ):
			field := typ.Field
			if field == "" {
				field = "the body"
			}
			return fmt.Errorf("%s: want %s, got %s", field, jsonKind(typ.Type), typ.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			if msg := unknownKey(body, reflect.TypeOf(v), ""); msg != "" {
				return errors.New(msg)
			}
			return fmt.Errorf("unknown key %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		// A type's own UnmarshalJSON failed (a duration that does not parse):
		// the decoder does not say where.
		if path := badValue(body, reflect.TypeOf(v), ""); path != "" {
			return fmt.Errorf("%s: %v", path, err)
		}
		return fmt.Errorf("the body: %v", err)
	}
	if dec.More() {
		return errors.New("the body: more than one JSON value")
	}
	return nil
}

// jsonKind is what JSON value a Go type takes, as an API user would say it.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}

// badValue finds the key path of the JSON object data whose value does not
// decode into its field of t, looking into nested structs.
func badValue(data []byte, t reflect.Type, prefix string) string {
	obj, keys, fields := jsonObject(data, t)
	for _, k := range keys {
		// encoding/json matches keys regardless of case
		i := slices.IndexFunc(fields, func(f jsonField) bool { return strings.EqualFold(f.name, k) })
		if i < 0 {
			continue
		}
		f := fields[i]
		if json.Unmarshal(obj[k], reflect.New(f.typ).Interface()) != nil {
			if deeper := badValue(obj[k], f.typ, prefix+f.name+"."); deeper != "" {
				return deeper
			}
			return prefix + f.name
		}
	}
	return ""
}

// unknownKey finds the first key of the JSON object data that t (a struct, or
// a pointer to one) has no field for, looking into nested structs, and says
// where it is and what is known there.
func unknownKey(data []byte, t reflect.Type, prefix string) string {
	obj, keys, fields := jsonObject(data, t)
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	for _, k := range keys {
		i := slices.Index(names, k)
		if i < 0 {
			msg := fmt.Sprintf("unknown key %q", prefix+k)
			if near := faults.Nearest(k, names); near != "" {
				msg += fmt.Sprintf(", did you mean %q?", prefix+near)
			}
			return msg + fmt.Sprintf(" (known: %s)", strings.Join(names, ", "))
		}
		if msg := unknownKey(obj[k], fields[i].typ, prefix+k+"."); msg != "" {
			return msg
		}
	}
	return ""
}

// jsonField is a struct field by the name JSON gives it.
type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonObject is data as the JSON object that decodes into t (a struct, or a
// pointer to one): its keys, sorted, and t's fields; nothing when t is not a
// struct or data not an object.
func jsonObject(data []byte, t reflect.Type) (obj map[string]json.RawMessage, keys []string, fields []jsonField) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || json.Unmarshal(data, &obj) != nil {
		return nil, nil, nil
	}
	return obj, slices.Sorted(maps.Keys(obj)), jsonFields(t)
}

// jsonFields lists a struct's exported fields that JSON sees, embedded
// structs' fields included.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Tag.Get("json") == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name, f.Type})
	}
	return out
}

// writeJSON answers code with v as JSON.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// apiError is every error's body.
type apiError struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, code int, format string, args ...any) {
	writeJSON(w, code, apiError{Error: fmt.Sprintf(format, args...)})
}

// responseWriter remembers whether a handler started its answer, so a panic
// after that is not answered twice.
type responseWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *responseWriter) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// statusProbe catches the status of the mux's own 404 and 405 answers and
// drops their text body.
type statusProbe struct {
	header http.Header
	code   int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(code int)        { p.code = code }
