package faults_test

import (
	"io"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("stall-output", func() {
	It("delivers exactly N bytes of stdout, then nothing, with the command still running", func() {
		h := faulted(faults.Spec{Type: "stall-output", Params: map[string]any{"bytes": 1000}})
		s := must(dial(h, "ops").NewSession())
		stdout := must(s.StdoutPipe())
		Expect(s.Start("seq 1 100000")).To(Succeed())
		got := make([]byte, 1000)
		_, err := io.ReadFull(stdout, got)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(got[:8])).To(Equal("1\n2\n3\n4\n"))

		more := make(chan int, 1)
		go func() {
			n, _ := stdout.Read(make([]byte, 10))
			more <- n
		}()
		Consistently(more, 500*time.Millisecond).ShouldNot(Receive())
		Expect(h.OpenSessions()).To(Equal(1))

		// Closing the session releases the stalled writer and ends the command.
		Expect(s.Close()).To(Succeed())
		Eventually(more).Should(Receive(BeZero()))
		Eventually(h.OpenSessions).Should(BeZero())
		Expect(h.Events().OfKind(events.SessionClose)).To(ContainElement(HaveField("BytesOut", int64(1000))))

		Expect(h.Faults().Remove("stall-output")).To(Succeed())
		out := must(must(dial(h, "ops").NewSession()).Output("seq 1 100000"))
		Expect(out).To(HaveLen(588895))
	})

	It("stalls only the stream it names", func() {
		h := faulted(faults.Spec{Type: "stall-output", Params: map[string]any{"bytes": 10, "stream": "stderr"}})
		s := must(dial(h, "ops").NewSession())
		stdout, stderr := gbytes.NewBuffer(), gbytes.NewBuffer()
		s.Stdout, s.Stderr = stdout, stderr
		Expect(s.Start("echo before; cat /nonexistent; echo after")).To(Succeed())
		Eventually(stdout).Should(gbytes.Say("before\n"))
		Eventually(stderr).Should(gbytes.Say("cat: /none"))
		Consistently(func() []byte { return stderr.Contents() }, 500*time.Millisecond).Should(Equal([]byte("cat: /none")))
		Expect(stdout.Contents()).To(Equal([]byte("before\n"))) // the command is stuck writing its error
		Expect(s.Close()).To(Succeed())
		Eventually(h.OpenSessions).Should(BeZero())
	})

	It("refuses a bad stream", func() {
		_, err := faults.Compile(faults.Spec{Type: "stall-output", Params: map[string]any{"stream": "stdin"}})
		Expect(err).To(MatchError(`fault "stall-output": stream: "stdin" is not stdout, stderr or both`))
	})
})
