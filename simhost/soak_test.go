//go:build !race

// The race detector multiplies memory per goroutine and time per operation
// several times over, so a soak under it measures the detector: `make test`
// runs this file in a build of its own, without -race (label "slow").

package simhost_test

import (
	"fmt"
	"io"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("a host under endurance load", Label("slow"), func() {
	const (
		sequentialConns = 2_000 // each runs sessionsPerConn sessions one after another, as a pooled client does
		sessionsPerConn = 10
		sequential      = sequentialConns * sessionsPerConn
		hung            = 1_000 // rm -i prompts waiting on a stdin the client holds open, the 001 escalation
		// heapMargin is what the live heap may have grown by once every session
		// has ended and the event log is emptied: 100 bytes kept per session
		// would already exceed it.
		heapMargin = 2 << 20
	)

	It("holds 20,000 sessions one after another and 1,000 hung at once, loses no session from the log, and gives back every goroutine, fd and byte", func() {
		files := make([]machine.File, hung)
		for i := range files {
			files[i] = machine.File{Path: fmt.Sprintf("/home/ops/held/%d.log", i), Content: "log\n", Owner: "ops"}
		}
		h := startHost(machine.Description{Users: []machine.User{{Name: "ops", Password: "ops"}}, Files: files})
		idle := measure()
		// Once at the peak before the baseline: the runtime keeps what a peak
		// made (every goroutine's descriptor, pools), and that is not the host's.
		holdPrompts(h, hung)()
		Eventually(h.Events().OfKind).WithArguments(events.ConnClose).Should(HaveLen(hung))
		h.Events().Reset()
		before := givenBack(idle, 0)
		began := time.Now()

		for c := range sequentialConns {
			client := dialClosedByHand(h, "ops")
			for s := range sessionsPerConn {
				n := c*sessionsPerConn + s
				Expect(run(client, fmt.Sprintf("/bin/echo soak-%d", n))).To(Equal(fmt.Sprintf("soak-%d\n", n)))
			}
			Expect(client.Close()).To(Succeed())
		}
		sequentialTook := time.Since(began)

		release := holdPrompts(h, hung)
		atPeak := measure()
		release()
		Eventually(h.OpenSessions).Should(BeZero())
		Eventually(h.Events().OfKind).WithArguments(events.ConnClose).Should(HaveLen(sequentialConns + hung))
		took := time.Since(began)

		By("finding every session in the event log, from open to close")
		log := h.Events()
		sessions := sequential + hung
		Expect(log.OfKind(events.ConnOpen)).To(HaveLen(sequentialConns + hung))
		Expect(log.OfKind(events.SessionOpen)).To(HaveLen(sessions))
		Expect(log.OfKind(events.SessionClose)).To(HaveLen(sessions))
		execs := log.Filter(func(e events.Event) bool { return e.Kind == events.Request && strings.HasPrefix(e.Detail, "exec ") })
		Expect(execs).To(HaveLen(sessions))
		var echoed, prompted, answered int
		for _, e := range log.OfKind(events.Command) {
			switch e.Argv[0] {
			case "/bin/echo":
				echoed++
			case "rm":
				prompted++
			}
		}
		Expect(echoed).To(Equal(sequential))
		Expect(prompted).To(Equal(hung))
		for _, e := range log.OfKind(events.SessionClose) {
			if e.Detail == "" && e.Exit == 0 {
				answered++
			}
		}
		Expect(answered).To(BeNumerically(">=", sequential+hung/2), "sessions that ended on their own with status 0")
		Expect(h.Machine().FS.ReadDir(h.Machine().User("ops").Cred(), "/home/ops/held")).To(HaveLen(hung), "every prompt answered no")

		By("giving back every goroutine, fd and heap byte the sessions took")
		log.Reset() // its ~150,000 events are the log's to keep; what else stays is a leak
		after := givenBack(before, 0)
		Expect(after.Heap).To(BeNumerically("<=", before.Heap+heapMargin), "live heap, with %d bytes of margin", heapMargin)
		AddReportEntry("soak", fmt.Sprintf("%d sequential sessions over %d connections in %s; %d hung at once; total %s\n"+
			"goroutines %d -> %d at peak -> %d; fds %d -> %d -> %d; live heap %.1f MiB -> %.1f MiB -> %.1f MiB",
			sequential, sequentialConns, sequentialTook.Round(time.Millisecond), hung, took.Round(time.Millisecond),
			before.Goroutines, atPeak.Goroutines, after.Goroutines, before.FDs, atPeak.FDs, after.FDs,
			mib(before.Heap), mib(atPeak.Heap), mib(after.Heap)))
	})
})

// dialClosedByHand is dial for the soak, which closes every client itself:
// the kit's dial registers a cleanup per client, and 3,000 closed clients
// kept alive to the spec's end by those cleanups were what the heap check saw.
func dialClosedByHand(h *simhost.Host, user string) *gossh.Client {
	GinkgoHelper()
	return must(gossh.Dial("tcp", h.Addr(), clientConfig(user)))
}

// holdPrompts opens n connections to h, each with a session whose `rm -i`
// prompt waits on a stdin the client holds open, and returns once every
// prompt waits. Its release ends them: half get the end of their input and
// answer no, the other half's clients vanish without a word.
func holdPrompts(h *simhost.Host, n int) (release func()) {
	GinkgoHelper()
	clients := make([]*gossh.Client, n)
	stdins := make([]io.WriteCloser, n)
	for i := range n {
		clients[i] = dialClosedByHand(h, "ops")
		s := must(clients[i].NewSession())
		stdins[i] = must(s.StdinPipe())
		Expect(s.Start(fmt.Sprintf("rm -i held/%d.log", i))).To(Succeed())
	}
	Eventually(procsRunning(h, "rm")).Should(Equal(n))
	Expect(h.OpenSessions()).To(Equal(n))
	return func() {
		for i := range n {
			if i%2 == 0 {
				Expect(stdins[i].Close()).To(Succeed())
			} else {
				Expect(clients[i].Close()).To(Succeed())
			}
		}
		Eventually(h.OpenSessions).Should(BeZero())
		for i := 0; i < n; i += 2 {
			Expect(clients[i].Close()).To(Succeed())
		}
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
