package control

import (
	"maps"
	"net/http"
	"net/url"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
)

// typeView is a fault type as GET /types shows it.
type typeView struct {
	Name    string         `json:"name"`
	Depth   faults.Depth   `json:"depth"`
	Summary string         `json:"summary"`
	Scopes  []string       `json:"scopes"` // the scope keys it honours
	Params  []faults.Param `json:"params"`
}

// GET /types: every fault type, by depth then name, with its parameters.
func (s *Server) listTypes(w http.ResponseWriter, _ *http.Request) {
	out := []typeView{}
	for _, t := range faults.Types() {
		params := faults.ParamsOf(t.New())
		if params == nil {
			params = []faults.Param{}
		}
		out = append(out, typeView{Name: t.Name, Depth: t.Depth, Summary: t.Summary, Scopes: t.Scopes, Params: params})
	}
	writeJSON(w, http.StatusOK, out)
}

// FaultInfo is an installed fault as the API shows it (GET and POST
// /hosts/{host}/faults): its spec, its depth and how often it fired.
type FaultInfo struct {
	faults.Spec
	Depth faults.Depth `json:"depth"`
	Fired int64        `json:"fired"`
}

func viewFault(a *faults.Active) FaultInfo {
	return FaultInfo{Spec: a.Spec, Depth: a.Type.Depth, Fired: a.Fired()}
}

// find returns the installed fault of that name.
func find(set *faults.Set, name string) (*faults.Active, bool) {
	for _, a := range set.Snapshot() {
		if a.Spec.Name == name {
			return a, true
		}
	}
	return nil, false
}

// GET /hosts/{host}/faults: the installed faults, in the order they were added.
func (s *Server) listFaults(w http.ResponseWriter, r *http.Request) {
	h, ok := s.host(w, r)
	if !ok {
		return
	}
	out := []FaultInfo{}
	for _, a := range h.Faults().Snapshot() {
		out = append(out, viewFault(a))
	}
	writeJSON(w, http.StatusOK, out)
}

// POST /hosts/{host}/faults: install a faults.Spec. A spec the framework refuses
// is a 400 with its message; a name already installed is a 409.
func (s *Server) addFault(w http.ResponseWriter, r *http.Request) {
	h, ok := s.host(w, r)
	if !ok {
		return
	}
	var spec faults.Spec
	if err := decode(r, &spec); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	if spec.Type == "" {
		writeError(w, http.StatusBadRequest, "type: missing (GET /types lists them)")
		return
	}
	if _, err := faults.Compile(spec); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	a, err := h.Faults().Add(spec) // compiled above: only a duplicate name fails here
	if err != nil {
		writeError(w, http.StatusConflict, "%v", err)
		return
	}
	w.Header().Set("Location", "/hosts/"+url.PathEscape(r.PathValue("host"))+"/faults/"+url.PathEscape(a.Spec.Name))
	writeJSON(w, http.StatusCreated, viewFault(a))
}

// fault is the host and the installed fault a request's path names; it has
// answered 404 when either does not exist.
func (s *Server) fault(w http.ResponseWriter, r *http.Request) (*simhost.Host, *faults.Active, bool) {
	h, ok := s.host(w, r)
	if !ok {
		return nil, nil, false
	}
	a, ok := find(h.Faults(), r.PathValue("fault"))
	if !ok {
		writeError(w, http.StatusNotFound, "no fault %q on host %q", r.PathValue("fault"), r.PathValue("host"))
		return nil, nil, false
	}
	return h, a, true
}

// GET /hosts/{host}/faults/{fault}
func (s *Server) getFault(w http.ResponseWriter, r *http.Request) {
	if _, a, ok := s.fault(w, r); ok {
		writeJSON(w, http.StatusOK, viewFault(a))
	}
}

// POST /hosts/{host}/faults/{fault}: change an installed fault atomically. The
// body is a partial spec laid over the installed one: the keys given replace
// theirs, params merge key by key ("params": null clears them). The name stays.
func (s *Server) updateFault(w http.ResponseWriter, r *http.Request) {
	h, a, ok := s.fault(w, r)
	if !ok {
		return
	}
	name := a.Spec.Name
	spec := a.Spec
	spec.Params = maps.Clone(a.Spec.Params)
	if err := decode(r, &spec); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	if spec.Name != name && spec.Name != "" {
		writeError(w, http.StatusBadRequest, "name: a fault keeps its name (%q); remove it and add %q instead", name, spec.Name)
		return
	}
	if _, err := faults.Compile(spec); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	a, err := h.Faults().Update(name, spec)
	if err != nil { // removed meanwhile
		writeError(w, http.StatusNotFound, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, viewFault(a))
}

// DELETE /hosts/{host}/faults/{fault}: uninstall; sessions already shaped by a
// transport fault keep their shape, new ones are served normally.
func (s *Server) removeFault(w http.ResponseWriter, r *http.Request) {
	h, ok := s.host(w, r)
	if !ok {
		return
	}
	name := r.PathValue("fault")
	if err := h.Faults().Remove(name); err != nil {
		writeError(w, http.StatusNotFound, "no fault %q on host %q", name, r.PathValue("host"))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
