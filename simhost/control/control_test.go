package control_test

import (
	"net/http"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/control"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("the control API", func() {
	var (
		h *simhost.Host
		a *api
	)
	BeforeEach(func() {
		h = startHost()
		s := control.New("")
		s.AddHost("db01", h)
		a = serveAPI(s)
	})

	Describe("GET /types", func() {
		It("lists every fault type with its depth, summary and parameters", func() {
			code, body := a.call("GET", "/types", nil)
			Expect(code).To(Equal(http.StatusOK))
			type typeView struct {
				Name, Depth, Summary string
				Params               []faults.Param
			}
			types := as[[]typeView](body)
			Expect(types).To(HaveLen(len(faults.Types())))
			Expect(types).To(ContainElement(And(
				HaveField("Name", "latency"), HaveField("Depth", "transport"),
				HaveField("Summary", ContainSubstring("delay every chunk")),
				HaveField("Params", ContainElement(faults.Param{Name: "delay", Type: "duration", Default: "100ms", Min: new(float64), Range: ">= 0", Help: "added to every read or write"})))))
			Expect(types).To(ContainElement(And(HaveField("Name", "test-answer"), HaveField("Depth", "shell"))))
		})
	})

	Describe("hosts", func() {
		It("lists the hosts with address, personality, open sessions and fault count", func() {
			c := dial(h, "ops")
			sess := must(c.NewSession())
			_ = must(sess.StdinPipe())
			Expect(sess.Start("cat")).To(Succeed())
			Eventually(h.OpenSessions).Should(Equal(1))
			Expect(must(h.Faults().Add(faults.Spec{Type: "latency", Params: map[string]any{"delay": "1ms"}}))).NotTo(BeNil())

			code, body := a.call("GET", "/hosts", nil)
			Expect(code).To(Equal(http.StatusOK))
			want := control.HostInfo{Name: "db01", Addr: h.Addr(), Hostname: "db01", Personality: "debian12", OpenSessions: 1, Faults: 1}
			Expect(as[[]control.HostInfo](body)).To(Equal([]control.HostInfo{want}))

			code, body = a.call("GET", "/hosts/db01", nil)
			Expect(code).To(Equal(http.StatusOK))
			Expect(as[control.HostInfo](body)).To(Equal(want))
		})

		It("answers 404 for an unknown host, naming the known ones", func() {
			for _, path := range []string{"/hosts/db02", "/hosts/db02/faults", "/hosts/db02/events", "/hosts/db02/sessions"} {
				code, body := a.call("GET", path, nil)
				Expect(code).To(Equal(http.StatusNotFound), path)
				Expect(errorOf(body)).To(Equal(`no host "db02" (known: db01)`))
			}
			code, _ := a.call("POST", "/hosts/db02/faults", `{"type":"latency"}`)
			Expect(code).To(Equal(http.StatusNotFound))
		})

		It("forgets a removed host", func() {
			s := control.New("")
			s.AddHost("db01", h)
			s.AddHost("db02", h)
			b := serveAPI(s)
			Expect(as[[]control.HostInfo](must2(b.call("GET", "/hosts", nil)))).To(HaveLen(2))
			s.RemoveHost("db02")
			Expect(as[[]control.HostInfo](must2(b.call("GET", "/hosts", nil)))).To(ConsistOf(HaveField("Name", "db01")))
		})
	})

	Describe("faults", func() {
		It("adds a fault that takes effect for new sessions, shows it with its fired count, and removes it", func() {
			c := dial(h, "ops") // opened before the fault: its new sessions see it too
			Expect(output(c, "hostname")).To(Equal("db01\n"))

			code, body := a.call("POST", "/hosts/db01/faults", map[string]any{"type": "test-answer", "scope": map[string]any{"command": "^hostname"}})
			Expect(code).To(Equal(http.StatusCreated), body)
			f := as[control.FaultInfo](body)
			Expect(f.Name).To(Equal("test-answer"))
			Expect(f.Depth).To(Equal(faults.Shell))
			Expect(f.Scope.Command).To(Equal("^hostname"))

			Expect(output(c, "hostname")).To(Equal("faulted\n"))
			Expect(output(c, "id -un")).To(Equal("ops\n")) // out of scope

			code, body = a.call("GET", "/hosts/db01/faults", nil)
			Expect(code).To(Equal(http.StatusOK))
			Expect(as[[]control.FaultInfo](body)).To(ConsistOf(And(HaveField("Spec.Name", "test-answer"), HaveField("Fired", int64(1)))))
			code, body = a.call("GET", "/hosts/db01/faults/test-answer", nil)
			Expect(code).To(Equal(http.StatusOK))
			Expect(as[control.FaultInfo](body).Fired).To(Equal(int64(1)))

			code, body = a.call("DELETE", "/hosts/db01/faults/test-answer", nil)
			Expect(code).To(Equal(http.StatusNoContent), body)
			Expect(output(c, "hostname")).To(Equal("db01\n"))
			code, body = a.call("GET", "/hosts/db01/faults/test-answer", nil)
			Expect(code).To(Equal(http.StatusNotFound))
			Expect(errorOf(body)).To(Equal(`no fault "test-answer" on host "db01"`))
			code, body = a.call("POST", "/hosts/db01/faults/test-answer", `{"probability": 0.5}`)
			Expect(code).To(Equal(http.StatusNotFound))
			Expect(errorOf(body)).To(Equal(`no fault "test-answer" on host "db01"`))
			code, _ = a.call("DELETE", "/hosts/db01/faults/test-answer", nil)
			Expect(code).To(Equal(http.StatusNotFound))
			Expect(as[[]control.FaultInfo](must2(a.call("GET", "/hosts/db01/faults", nil)))).To(BeEmpty())
		})

		It("applies a transport fault to new connections and records its firing", func() {
			code, body := a.call("POST", "/hosts/db01/faults", `{"name": "slow", "type": "latency", "params": {"delay": "30ms", "direction": "downstream"}}`)
			Expect(code).To(Equal(http.StatusCreated), body)
			began := time.Now()
			Expect(output(dial(h, "ops"), "hostname")).To(Equal("db01\n"))
			Expect(time.Since(began)).To(BeNumerically(">", 150*time.Millisecond))
			Expect(as[control.FaultInfo](must2(a.call("GET", "/hosts/db01/faults/slow", nil))).Fired).To(Equal(int64(1)))
		})

		It("updates a fault atomically: given keys replace, params merge, the name stays", func() {
			c := dial(h, "ops")
			must2(a.call("POST", "/hosts/db01/faults", map[string]any{"name": "a", "type": "test-answer", "params": map[string]any{"text": "one"}, "scope": map[string]any{"command": "^hostname"}}))
			Expect(output(c, "hostname")).To(Equal("one\n"))

			code, body := a.call("POST", "/hosts/db01/faults/a", `{"params": {"text": "two"}, "probability": 1}`)
			Expect(code).To(Equal(http.StatusOK), body)
			f := as[control.FaultInfo](body)
			Expect(f.Name).To(Equal("a"))
			Expect(f.Params).To(Equal(map[string]any{"text": "two"}))
			Expect(f.Scope.Command).To(Equal("^hostname")) // kept
			Expect(f.Probability).To(Equal(1.0))
			Expect(output(c, "hostname")).To(Equal("two\n"))

			code, body = a.call("POST", "/hosts/db01/faults/a", `{"name": "b"}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(ContainSubstring(`a fault keeps its name ("a")`))
			code, body = a.call("POST", "/hosts/db01/faults/a", `{"params": {"text": ""}}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal(`fault "a": text: is empty`))
			Expect(output(c, "hostname")).To(Equal("two\n")) // a refused update changes nothing
			code, _ = a.call("POST", "/hosts/db01/faults/nope", `{"probability": 0.5}`)
			Expect(code).To(Equal(http.StatusNotFound))
		})

		It("refuses an unknown type, listing the known ones", func() {
			code, body := a.call("POST", "/hosts/db01/faults", `{"type": "latncy"}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			msg := errorOf(body)
			Expect(msg).To(HavePrefix(`unknown fault type "latncy" (did you mean "latency"?); known types: `))
			for _, t := range faults.Types() {
				Expect(msg).To(ContainSubstring(t.Name))
			}
			code, body = a.call("POST", "/hosts/db01/faults", `{"name": "x"}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal("type: missing (GET /types lists them)"))
		})

		It("refuses a bad parameter, naming the field and what is allowed", func() {
			code, body := a.call("POST", "/hosts/db01/faults", `{"type": "latency", "probability": 2}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal(`fault "latency": probability: 2 is outside 0..1`))

			code, body = a.call("POST", "/hosts/db01/faults", `{"type": "latency", "params": {"delay": "-1s"}}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal(`fault "latency": delay: -1s is negative`))

			code, body = a.call("POST", "/hosts/db01/faults", `{"type": "latency", "params": {"direction": "sideways"}}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(And(HavePrefix(`fault "latency": direction: "sideways"`), ContainSubstring("downstream")))

			code, body = a.call("POST", "/hosts/db01/faults", `{"type": "latency", "params": {"delay": true}}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(And(HavePrefix(`fault "latency": `), ContainSubstring("is not a duration such as 2s or 150ms")))

			code, body = a.call("POST", "/hosts/db01/faults", `{"type": "latency", "params": {"delya": "1s"}}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(ContainSubstring(`fault "latency": delya: unknown parameter, did you mean "delay"?`))

			code, body = a.call("POST", "/hosts/db01/faults", `{"type": "latency", "scope": {"channel": "pty"}}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal(`fault "latency": scope.channel: "pty" is not exec, shell or subsystem`))
			Expect(h.Faults().Snapshot()).To(BeEmpty())
		})

		It("refuses an unknown JSON key, naming it, and JSON that does not parse", func() {
			code, body := a.call("POST", "/hosts/db01/faults", `{"type": "latency", "parms": {"delay": "1s"}}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal(`unknown key "parms", did you mean "params"? (known: name, type, probability, scope, params)`))
			code, body = a.call("POST", "/hosts/db01/faults", `{"type": "latency", "scope": {"usr": "ops"}}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(HavePrefix(`unknown key "scope.usr", did you mean "scope.user"? (known: user, command, channel, `))
			code, body = a.call("POST", "/hosts/db01/faults", `{"type": "latency",`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(HavePrefix("bad JSON"))
			code, body = a.call("POST", "/hosts/db01/faults", `{"type": 5}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal("type: want a string, got number"))
			code, body = a.call("POST", "/hosts/db01/faults", `{"type": "latency", "scope": {"after": "soon"}}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal(`scope.after: "soon" is not a duration such as 2s or 150ms`))
			code, body = a.call("POST", "/hosts/db01/faults", `[{"type": "latency"}]`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal("the body: want an object, got array"))
			code, body = a.call("POST", "/hosts/db01/faults", "")
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal("the body: empty, send a JSON object"))
			code, body = a.call("POST", "/hosts/db01/faults", `{"type": "latency"} {"type": "latency"}`)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal("the body: more than one JSON value"))
			Expect(h.Faults().Snapshot()).To(BeEmpty())
		})

		It("answers 409 for a name already installed", func() {
			code, _ := a.call("POST", "/hosts/db01/faults", `{"type": "latency", "params": {"delay": "1ms"}}`)
			Expect(code).To(Equal(http.StatusCreated))
			code, body := a.call("POST", "/hosts/db01/faults", `{"type": "latency"}`)
			Expect(code).To(Equal(http.StatusConflict))
			Expect(errorOf(body)).To(Equal(`fault "latency" already exists; remove or update it`))
			code, _ = a.call("POST", "/hosts/db01/faults", `{"name": "latency2", "type": "latency"}`)
			Expect(code).To(Equal(http.StatusCreated))
			Expect(h.Faults().Snapshot()).To(HaveLen(2))
		})
	})

	Describe("events, sessions and reset", func() {
		It("reads the events after a sequence number, of the given kinds", func() {
			c := dial(h, "ops")
			Expect(output(c, "hostname")).To(Equal("db01\n"))
			all := as[[]events.Event](must2(a.call("GET", "/hosts/db01/events", nil)))
			Expect(all).NotTo(BeEmpty())
			Expect(all[0].Seq).To(Equal(uint64(1)))
			Expect(all).To(ContainElement(And(HaveField("Kind", events.Command), HaveField("Argv", []string{"hostname"}), HaveField("User", "ops"))))

			last := all[len(all)-1].Seq
			Expect(output(c, "id -un")).To(Equal("ops\n"))
			code, body := a.call("GET", "/hosts/db01/events?since="+strconv.FormatUint(last, 10)+"&kind=command", nil)
			Expect(code).To(Equal(http.StatusOK))
			Expect(as[[]events.Event](body)).To(ConsistOf(HaveField("Argv", []string{"id", "-un"})))
			code, body = a.call("GET", "/hosts/db01/events?kind=auth.ok,conn.open", nil)
			Expect(code).To(Equal(http.StatusOK))
			Expect(as[[]events.Event](body)).To(ConsistOf(HaveField("Kind", events.ConnOpen), HaveField("Kind", events.AuthOK)))

			code, body = a.call("GET", "/hosts/db01/events?since=yesterday", nil)
			Expect(code).To(Equal(http.StatusBadRequest))
			Expect(errorOf(body)).To(Equal(`since: "yesterday" is not a sequence number (0 or more)`))
		})

		It("gives every field of every event, so a client reading them into events.Event has what the host recorded", func() {
			must2(a.call("POST", "/hosts/db01/faults", `{"type": "test-answer", "scope": {"command": "^df"}}`))
			c := dial(h, "ops")
			Expect(output(c, "hostname")).To(Equal("db01\n"))
			Expect(output(c, "df")).To(Equal("faulted\n"))
			c.Close()
			Eventually(h.Events().Events).Should(ContainElement(HaveField("Kind", events.ConnClose)))

			got := as[[]events.Event](must2(a.call("GET", "/hosts/db01/events", nil)))
			want := h.Events().Events()
			Expect(got).To(HaveLen(len(want)))
			for i := range want {
				Expect(got[i].Time.Equal(want[i].Time)).To(BeTrue(), "event %d: time %s, want %s", i, got[i].Time, want[i].Time)
				got[i].Time, want[i].Time = time.Time{}, time.Time{}
			}
			Expect(got).To(Equal(want))
			// What a reader of the API looks for, present rather than zero on both sides.
			Expect(got).To(ContainElement(And(HaveField("Kind", events.SessionClose), HaveField("BytesOut", int64(len("db01\n"))))))
			Expect(got).To(ContainElement(And(HaveField("Kind", events.FaultFired), HaveField("FaultType", "test-answer"))))
			Expect(got).To(ContainElement(And(HaveField("Kind", events.Command), HaveField("Duration", BeNumerically(">", 0)))))
		})

		It("lists the open sessions with user, channel and command", func() {
			Expect(as[[]simhost.SessionInfo](must2(a.call("GET", "/hosts/db01/sessions", nil)))).To(BeEmpty())
			c := dial(h, "ops")
			for range 2 {
				s := must(c.NewSession())
				_ = must(s.StdinPipe())
				Expect(s.Start("cat")).To(Succeed())
			}
			Eventually(func() []simhost.SessionInfo {
				return as[[]simhost.SessionInfo](must2(a.call("GET", "/hosts/db01/sessions", nil)))
			}).Should(ConsistOf(
				And(HaveField("User", "ops"), HaveField("Channel", "exec"), HaveField("Command", "cat"), HaveField("Conn", uint64(1))),
				And(HaveField("User", "ops"), HaveField("Channel", "exec"), HaveField("Command", "cat"), HaveField("Conn", uint64(1))),
			))
			c.Close()
			Eventually(func() []simhost.SessionInfo {
				return as[[]simhost.SessionInfo](must2(a.call("GET", "/hosts/db01/sessions", nil)))
			}).Should(BeEmpty())
		})

		It("resets a host: every fault removed, events forgotten", func() {
			c := dial(h, "ops")
			must2(a.call("POST", "/hosts/db01/faults", `{"type": "test-answer"}`))
			must2(a.call("POST", "/hosts/db01/faults", `{"type": "latency", "params": {"delay": "1ms"}}`))
			Expect(output(c, "hostname")).To(Equal("faulted\n"))
			Eventually(h.OpenSessions).Should(BeZero()) // its session.close is logged before the reset

			code, body := a.call("POST", "/hosts/db01/reset", nil)
			Expect(code).To(Equal(http.StatusOK))
			Expect(as[control.HostInfo](body).Faults).To(BeZero())
			Expect(as[[]control.FaultInfo](must2(a.call("GET", "/hosts/db01/faults", nil)))).To(BeEmpty())
			Expect(as[[]events.Event](must2(a.call("GET", "/hosts/db01/events", nil)))).To(BeEmpty())
			Expect(output(c, "hostname")).To(Equal("db01\n"))
		})
	})

	Describe("bad requests", func() {
		It("answers an unknown route and a wrong method with a JSON error", func() {
			code, body := a.call("GET", "/nothing", nil)
			Expect(code).To(Equal(http.StatusNotFound))
			Expect(errorOf(body)).To(Equal("no route GET /nothing"))
			code, body = a.call("PUT", "/hosts/db01/faults", `{}`)
			Expect(code).To(Equal(http.StatusMethodNotAllowed))
			Expect(errorOf(body)).To(HavePrefix("method PUT not allowed on /hosts/db01/faults (allowed: "))
		})

		It("never panics: a failing handler answers 500 with a JSON error", func() {
			s := control.New("")
			s.AddHost("broken", nil) // every use of it panics
			b := serveAPI(s)
			code, body := b.call("GET", "/hosts/broken/faults", nil)
			Expect(code).To(Equal(http.StatusInternalServerError))
			Expect(errorOf(body)).To(HavePrefix("internal error: "))
			code, _ = b.call("GET", "/types", nil) // and it keeps serving
			Expect(code).To(Equal(http.StatusOK))
		})
	})
})

var _ = Describe("the token", func() {
	It("is required when set: none or a wrong one is a 401 with a JSON error", func() {
		h := startHost()
		s := control.New("s3cret")
		s.AddHost("db01", h)
		a := serveAPI(s)
		code, body := a.call("GET", "/hosts", nil)
		Expect(code).To(Equal(http.StatusUnauthorized))
		Expect(errorOf(body)).To(Equal("missing or wrong token: send Authorization: Bearer <token>"))
		a.token = "guess"
		code, _ = a.call("POST", "/hosts/db01/faults", `{"type": "latency"}`)
		Expect(code).To(Equal(http.StatusUnauthorized))
		Expect(h.Faults().Snapshot()).To(BeEmpty())
		a.token = "s3cret"
		code, _ = a.call("GET", "/hosts", nil)
		Expect(code).To(Equal(http.StatusOK))
	})
})

// must2 is must for call's two results: the status must be below 400.
func must2(code int, body string) string {
	GinkgoHelper()
	Expect(code).To(BeNumerically("<", 400), body)
	return body
}
