package faults_test

import (
	"bytes"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("slicer", func() {
	It("keeps a session byte for byte while every write goes out in tiny pieces", func() {
		h := faulted(faults.Spec{Type: "slicer", Params: map[string]any{"size": 3, "direction": "both"}})
		s := sshStart(h, "ops", "seq 1 3000")
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal(seqOutput(3000)))
		expectFired(h, "slicer")
	})

	It("splits a write into chunks of the size, pausing after each", func() {
		c := newRecordingConn()
		w := wrap(faults.Spec{Type: "slicer", Params: map[string]any{"size": 7, "delay": "10ms"}}, c)
		msg := []byte("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n") // 40 bytes
		began := time.Now()
		Expect(w.Write(msg)).To(Equal(len(msg)))
		Expect(time.Since(began)).To(BeNumerically(">=", 60*time.Millisecond))
		Expect(c.Writes()).To(HaveLen(6))
		Expect(c.Writes()[0]).To(Equal([]byte("SSH-2.0")))
		Expect(bytes.Join(c.Writes(), nil)).To(Equal(msg))
		Expect(w.Close()).To(Succeed())
	})
})
