package control_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/control"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func TestControl(t *testing.T) {
	hostiletest.RunSuite(t, "Control API")
}

// answer is a fault type for these specs only: a shell-depth fault that prints
// its text in place of the command, so a spec sees at once whether it is on.
type answer struct {
	Text string `json:"text" help:"printed in place of the command"`
}

func (a *answer) Validate() error { return faults.Check(a.Text == "", "text", "is empty") }

func (a *answer) Command(p *shell.Proc) (bool, int) {
	p.Printf("%s\n", a.Text)
	return true, 0
}

func init() {
	faults.Register(faults.Type{Name: "test-answer", Depth: faults.Shell, Summary: "print a text in place of the command (control specs only)",
		New: func() faults.Fault { return &answer{Text: "faulted"} }})
}

// startHost serves a debian12 host db01 with root and ops, both accepting the
// suite's key, until the spec ends.
func startHost() *simhost.Host {
	GinkgoHelper()
	return hostiletest.StartHost(machine.Description{})
}

// dial opens an x/crypto client to a host as user with the suite's key.
var dial = hostiletest.Dial

// output runs cmd in a new session on c and returns its stdout.
func output(c *gossh.Client, cmd string) string {
	GinkgoHelper()
	s := must(c.NewSession())
	defer s.Close()
	return string(must(s.Output(cmd)))
}

// api is a control server over HTTP for one spec.
type api struct {
	srv    *httptest.Server
	client *http.Client
	token  string
}

// serveAPI serves s until the spec ends.
func serveAPI(s *control.Server) *api {
	srv := httptest.NewServer(s)
	DeferCleanup(srv.Close)
	c := srv.Client()
	c.Timeout = 10 * time.Second
	return &api{srv: srv, client: c}
}

// call sends body (a string as it is, anything else as JSON) and returns the
// status and the answer's body; every answer must be JSON.
func (a *api) call(method, path string, body any) (int, string) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		rd = bytes.NewReader(must(json.Marshal(b)))
	}
	req := must(http.NewRequest(method, a.srv.URL+path, rd))
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp := must(a.client.Do(req))
	defer resp.Body.Close()
	data := string(must(io.ReadAll(resp.Body)))
	if resp.StatusCode != http.StatusNoContent {
		Expect(resp.Header.Get("Content-Type")).To(Equal("application/json"), data)
		Expect(json.Valid([]byte(data))).To(BeTrue(), data)
	}
	return resp.StatusCode, data
}

// errorOf is the "error" of a JSON error body.
func errorOf(body string) string {
	var e struct{ Error string }
	Expect(json.Unmarshal([]byte(body), &e)).To(Succeed())
	return e.Error
}

// as decodes a JSON body into a T.
func as[T any](body string) T {
	var v T
	Expect(json.Unmarshal([]byte(body), &v)).To(Succeed(), body)
	return v
}

func must[T any](v T, err error) T {
	GinkgoHelper()
	Expect(err).NotTo(HaveOccurred())
	return v
}
