package faults_test

import (
	"bytes"
	"io"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("flood", func() {
	It("prints without end until the client closes the session", func() {
		h := faulted(faults.Spec{Type: "flood", Scope: faults.Scope{Command: `^tail -f`}})
		sess := must(dial(h, "ops").NewSession())
		stdout := must(sess.StdoutPipe())
		Expect(sess.Start("tail -f /var/log/syslog")).To(Succeed())
		buf := make([]byte, 1<<20)
		_, err := io.ReadFull(stdout, buf)
		Expect(err).NotTo(HaveOccurred())
		Expect(bytes.Equal(buf, bytes.Repeat([]byte("y\n"), 1<<19))).To(BeTrue())

		Expect(sess.Close()).To(Succeed())
		noSessionsLeft(h)
	})

	It("keeps to its rate, on the stream asked for", func() {
		h := faulted(faults.Spec{Type: "flood",
			Params: map[string]any{"text": "kernel: nfs: server filer01 not responding, still trying\n", "rate": 20000, "stream": "stderr"}})
		sess := must(dial(h, "ops").NewSession())
		stderr := must(sess.StderrPipe())
		Expect(sess.Start("journalctl -f")).To(Succeed())
		began := time.Now()
		n, err := io.ReadFull(stderr, make([]byte, 10000))
		Expect(err).NotTo(HaveOccurred())
		Expect(n).To(Equal(10000))
		// 10,000 bytes at 20,000 a second take half a second; a loaded machine may
		// take longer, never less.
		Expect(time.Since(began)).To(BeNumerically(">=", 450*time.Millisecond))
		Expect(sess.Close()).To(Succeed())
		noSessionsLeft(h)
	})
})
