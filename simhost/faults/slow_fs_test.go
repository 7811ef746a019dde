package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("slow-fs", func() {
	It("makes rm of a file take the delay, without holding up the rest of the filesystem", func() {
		// long enough that a busy machine's scheduling is far below it
		const delay = 5 * time.Second
		h := startHost(machine.Description{Files: []machine.File{{Path: "/data/big", Content: "blocks\n"}}},
			faults.Spec{Type: "slow-fs", Params: map[string]any{"path": "/data", "delay": delay.String(), "ops": []string{"unlink"}}})
		fs := h.Machine().FS

		began := time.Now()
		s := sshStart(h, "root", "-n", "rm /data/big")
		Eventually(func() []events.Event { return h.Events().OfKind(events.Request) }, time.Minute, 5*time.Millisecond).
			Should(ContainElement(HaveField("Detail", "exec rm /data/big")))
		time.Sleep(100 * time.Millisecond) // the shell starts rm, which lstats, then sleeps in unlink
		// While rm sleeps in the interceptor, the filesystem's lock is free.
		quick := time.Now()
		Expect(fs.WriteFile(vfs.Root, "/data/other", []byte("x"), 0o644)).To(Succeed())
		Expect(must(fs.Stat(vfs.Root, "/data/big")).Size).To(Equal(int64(7)))
		Expect(time.Since(quick)).To(BeNumerically("<", delay))
		Expect(s.ExitCode()).To(Equal(-1), "rm is still running")

		Eventually(s).Should(gexec.Exit(0))
		Expect(time.Since(began)).To(BeNumerically(">=", delay))
		_, err := fs.Stat(vfs.Root, "/data/big")
		Expect(err).To(HaveOccurred())

		Expect(h.Faults().Remove("slow-fs")).To(Succeed())
		began = time.Now()
		Expect(fs.Unlink(vfs.Root, "/data/other")).To(Succeed())
		Expect(time.Since(began)).To(BeNumerically("<", delay))
	})

	It("refuses an unknown operation and an unbounded delay, naming the parameter", func() {
		_, err := faults.Compile(faults.Spec{Type: "slow-fs", Params: map[string]any{"ops": []string{"unlnk"}}})
		Expect(err).To(MatchError(HavePrefix(`fault "slow-fs": ops: "unlnk" is not an operation (known: access, chmod,`)))
		_, err = faults.Compile(faults.Spec{Type: "slow-fs", Params: map[string]any{"delay": "1h"}})
		Expect(err).To(MatchError(`fault "slow-fs": delay: 1h0m0s is outside 0..10m0s`))
	})
})
