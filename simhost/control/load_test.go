package control_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/control"
	"github.com/hostile-lab/hostile/simhost/events"
)

var _ = Describe("faults switched under load", func() {
	It("adds, updates and removes faults 50 times while 100 sessions run; every call answers at once and each switch shows on new sessions", func() {
		h := startHost()
		s := control.New("")
		s.AddHost("db01", h)
		a := serveAPI(s)

		// 100 sessions: 20 connections of 5 sessions, each a cat with stdin open,
		// echoing a line every few milliseconds until the spec ends.
		const conns, perConn = 20, 5
		clients := make([]*gossh.Client, conns)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var echoed, failed atomic.Int64
		for i := range clients {
			clients[i] = dial(h, "ops")
			for range perConn {
				sess := must(clients[i].NewSession())
				in := must(sess.StdinPipe())
				out := bufio.NewReader(must(sess.StdoutPipe()))
				Expect(sess.Start("cat")).To(Succeed())
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer sess.Close()
					defer in.Close()
					for n := 0; ; n++ {
						select {
						case <-stop:
							return
						case <-time.After(5 * time.Millisecond):
						}
						line := fmt.Sprintf("line %d\n", n)
						if _, err := io.WriteString(in, line); err != nil {
							failed.Add(1)
							return
						}
						if got, err := out.ReadString('\n'); err != nil || got != line {
							failed.Add(1)
							return
						}
						echoed.Add(1)
					}
				}()
			}
		}
		DeferCleanup(func() { close(stop); wg.Wait() })
		Eventually(h.OpenSessions).Should(Equal(conns * perConn))

		// Every API call, timed: none may wait on the sessions.
		var slowest time.Duration
		call := func(method, path string, body any) (int, string) {
			began := time.Now()
			code, out := a.call(method, path, body)
			slowest = max(slowest, time.Since(began))
			return code, out
		}
		const bound = 2 * time.Second
		on := clients[0] // a connection opened before any fault: its new sessions see each switch

		for round := range 50 {
			code, body := call("POST", "/hosts/db01/faults", map[string]any{"type": "test-answer", "params": map[string]any{"text": "on"}, "scope": map[string]any{"command": "^hostname"}})
			Expect(code).To(Equal(http.StatusCreated), body)
			code, body = call("POST", "/hosts/db01/faults", map[string]any{"type": "latency", "params": map[string]any{"delay": "2ms"}})
			Expect(code).To(Equal(http.StatusCreated), body)
			Expect(output(on, "hostname")).To(Equal("on\n"))

			code, body = call("POST", "/hosts/db01/faults/test-answer", map[string]any{"params": map[string]any{"text": fmt.Sprint("round ", round)}})
			Expect(code).To(Equal(http.StatusOK), body)
			Expect(output(on, "hostname")).To(Equal(fmt.Sprintf("round %d\n", round)))

			if round%10 == 0 { // a new connection is slowed by the transport fault
				c := dial(h, "ops")
				Expect(output(c, "hostname")).To(Equal(fmt.Sprintf("round %d\n", round)))
				c.Close()
				Expect(as[control.FaultInfo](must2(call("GET", "/hosts/db01/faults/latency", nil))).Fired).To(Equal(int64(1)))
			}
			code, body = call("GET", "/hosts/db01", nil)
			Expect(code).To(Equal(http.StatusOK), body)
			Expect(as[control.HostInfo](body).OpenSessions).To(BeNumerically(">=", conns*perConn))

			code, body = call("DELETE", "/hosts/db01/faults/test-answer", nil)
			Expect(code).To(Equal(http.StatusNoContent), body)
			code, body = call("DELETE", "/hosts/db01/faults/latency", nil)
			Expect(code).To(Equal(http.StatusNoContent), body)
			Expect(output(on, "hostname")).To(Equal("db01\n"))
		}
		Expect(slowest).To(BeNumerically("<", bound))
		GinkgoWriter.Printf("slowest API call: %s; lines echoed meanwhile: %d\n", slowest, echoed.Load())

		// Removal restored normal behaviour: a new connection is not slowed and
		// no fault fires; the sessions ran through every switch unharmed.
		firedBefore := len(as[[]events.Event](must2(a.call("GET", "/hosts/db01/events?kind=fault", nil))))
		Expect(output(dial(h, "ops"), "hostname")).To(Equal("db01\n"))
		Expect(as[[]events.Event](must2(a.call("GET", "/hosts/db01/events?kind=fault", nil)))).To(HaveLen(firedBefore))
		Expect(failed.Load()).To(BeZero())
		Expect(echoed.Load()).To(BeNumerically(">", 100))
		sessions := as[[]map[string]any](must2(a.call("GET", "/hosts/db01/sessions", nil)))
		Expect(len(sessions)).To(BeNumerically(">=", conns*perConn))
	})
})
