package simhost_test

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/pkg/sftp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/asciicast"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// Close under load is how every `hostile serve` ends and every spec's host
// goes: whatever the sessions were doing, their transcripts and events must be
// whole afterwards.
var _ = Describe("a host closed under load", func() {
	It("flushes every session's transcript whole and logs every session's and connection's end", func() {
		dir := GinkgoT().TempDir()
		h := startHost(machine.Description{}, simhost.WithTranscripts(dir))
		const each = 4
		stop := make(chan struct{})
		defer close(stop)
		for range each {
			// A flood the client never reads: the host's write waits on the window.
			s := must(dial(h, "ops").NewSession())
			_ = must(s.StdoutPipe())
			Expect(s.Start("yes")).To(Succeed())
			// Output the client reads as it comes.
			s = must(dial(h, "ops").NewSession())
			s.Stdout = io.Discard
			Expect(s.Start("while :; do echo tick; sleep 0.005; done")).To(Succeed())
			// cat echoing a client that keeps typing.
			s = must(dial(h, "ops").NewSession())
			s.Stdout = io.Discard
			go typeInto(must(s.StdinPipe()), stop)
			Expect(s.Start("cat")).To(Succeed())
			// A terminal at a prompt, with a command running.
			s = must(dial(h, "ops").NewSession())
			Expect(s.RequestPty("xterm", 24, 80, gossh.TerminalModes{})).To(Succeed())
			s.Stdout = io.Discard
			stdin := must(s.StdinPipe())
			Expect(s.Shell()).To(Succeed())
			must(io.WriteString(stdin, "sleep 1000\n"))
			// An sftp client between two requests.
			c := must(sftp.NewClient(dial(h, "ops")))
			must(c.ReadDir("/"))
		}
		const sessions = 5 * each
		Eventually(h.OpenSessions).Should(Equal(sessions))
		Eventually(procsRunning(h, "sleep")).Should(BeNumerically(">=", each)) // the terminals' sleep 1000, and the ticks' short ones
		Eventually(procsRunning(h, "cat")).Should(Equal(each))

		Expect(h.Close()).To(Succeed())

		closed := h.Events().OfKind(events.SessionClose)
		Expect(closed).To(HaveLen(sessions))
		Expect(h.Events().OfKind(events.ConnClose)).To(HaveLen(sessions))
		Expect(h.Events().OfKind(events.ConnClose)).To(HaveEach(HaveField("Detail", "host shut down")))
		Expect(must(filepath.Glob(filepath.Join(dir, "*.cast")))).To(HaveLen(sessions))
		for _, e := range closed {
			Expect(e.Detail).To(MatchRegexp(`^host shut down while the (command|shell|subsystem) ran$`), "session %d", e.Session)
			named := must(filepath.Glob(filepath.Join(dir, fmt.Sprintf("db01-conn%d-session%d-*.cast", e.Conn, e.Session))))
			Expect(named).To(HaveLen(1), "session %d's transcript", e.Session)
			cast, err := asciicast.Read(named[0])
			Expect(err).NotTo(HaveOccurred())
			if e.Channel == "subsystem" {
				continue // asciicast holds text: sftp's binary bytes are in it as U+FFFD
			}
			Expect(len(cast.Output()+cast.Stderr())).To(BeNumerically("==", e.BytesOut+e.BytesErr),
				"session %d (%s): the transcript holds every byte that reached the client", e.Session, e.Channel)
		}
	})
})

// typeInto writes a line into w every millisecond until stop or a failed write.
func typeInto(w io.WriteCloser, stop <-chan struct{}) {
	defer GinkgoRecover()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			w.Close()
			return
		case <-tick.C:
			if _, err := io.WriteString(w, "typed\n"); err != nil {
				return
			}
		}
	}
}
