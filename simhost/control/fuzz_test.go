package control_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/control"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// routes are every endpoint of the API, on a host db01 with a fault "known".
var routes = []struct{ method, path string }{
	{"GET", "/types"},
	{"GET", "/hosts"},
	{"GET", "/hosts/db01"},
	{"GET", "/hosts/db01/sessions"},
	{"GET", "/hosts/db01/events"},
	{"GET", "/hosts/db01/faults"},
	{"POST", "/hosts/db01/faults"},
	{"GET", "/hosts/db01/faults/known"},
	{"POST", "/hosts/db01/faults/known"},
	{"DELETE", "/hosts/db01/faults/known"},
	{"POST", "/hosts/db01/reset"},
}

// namesWhat is how every 400 answer starts: with the field (a key path such as
// scope.after, or the body as a whole), the fault and parameter, the unknown
// key or fault type, or the byte where the JSON broke.
var namesWhat = regexp.MustCompile(`^(bad JSON at byte \d+: |the body: |[a-z_]+(\.[a-z_]+)*: |unknown key "|unknown fault type "|fault ".*": .+: )`)

// FuzzControlAPI sends random bodies and queries to every endpoint of the
// control API. It must never answer 5xx (a panic in a handler is one), every
// answer must be JSON, and every 400 must name the field, parameter or byte
// it refuses. `make test` runs it for a bounded time; `go test -run '^$' -fuzz
// FuzzControlAPI ./simhost/control` for longer.
func FuzzControlAPI(f *testing.F) {
	h, err := simhost.Start(context.Background(), machine.Description{Hostname: "db01"})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { h.Close() })
	api := control.New("")
	api.AddHost("db01", h)

	for _, seed := range []struct{ body, query string }{
		{`{"type":"latency","params":{"delay":"1ms","jitter":"1ms"}}`, ""},
		{`{"name":"rm-i","type":"alias","scope":{"user":"oracle","command":"^rm "},"params":{"aliases":{"rm":"rm -i"}}}`, "kind=fault"},
		{`{"type":"latency","scope":{"after":"soon"}}`, "since=x"},
		{`{"type":"flood","probability":2,"params":{"bytes":-1}}`, "since=18446744073709551616"},
		{`{"params":null}`, "kind=conn.open,session.close&since=0"},
		{`{"typ":"latency","scope":{"usr":"x"}}`, ""},
		{`{"type":"latency"} {"type":"reset"}`, ""},
		{`[]`, ""},
		{`{"scope":[],"name":7}`, ""},
		{`{`, ""},
		{``, ""},
		{`null`, ""},
	} {
		f.Add([]byte(seed.body), seed.query)
	}

	f.Fuzz(func(t *testing.T, body []byte, query string) {
		h.Faults().Reset()
		if _, err := h.Faults().Add(faults.Spec{Name: "known", Type: "latency", Params: map[string]any{"delay": "1ms"}}); err != nil {
			t.Fatal(err)
		}
		for _, route := range routes {
			req := httptest.NewRequest(route.method, route.path, bytes.NewReader(body))
			req.URL.RawQuery = query
			rec := httptest.NewRecorder()
			api.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s?%s with %q: %d %s", route.method, route.path, query, body, rec.Code, rec.Body)
			}
			if rec.Code == http.StatusNoContent {
				continue
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" || !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s %s with %q: not JSON (%s): %s", route.method, route.path, body, ct, rec.Body)
			}
			if rec.Code < 400 {
				continue
			}
			var answer struct{ Error string }
			if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil || answer.Error == "" {
				t.Fatalf("%s %s with %q: %d without an error message: %s", route.method, route.path, body, rec.Code, rec.Body)
			}
			if rec.Code == http.StatusBadRequest && !namesWhat.MatchString(answer.Error) {
				t.Fatalf("%s %s?%s with %q: the error names no field: %s", route.method, route.path, query, body, answer.Error)
			}
		}
	})
}
