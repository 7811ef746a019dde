package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("read-only", func() {
	It("fails modifications under the path with Read-only file system, while reads go on", func() {
		h := startHost(machine.Description{Files: []machine.File{{Path: "/data/old", Content: "kept\n"}}},
			faults.Spec{Type: "read-only", Params: map[string]any{"path": "/data"}})

		s := run(h, "root", "touch /data/x")
		Expect(s.ExitCode()).To(Equal(1))
		Expect(string(s.Err.Contents())).To(Equal("touch: cannot touch '/data/x': Read-only file system\n"))

		s = run(h, "root", "cat /data/old; rm /data/old; touch /tmp/x && echo tmp ok")
		Expect(string(s.Out.Contents())).To(Equal("kept\ntmp ok\n"))
		Expect(string(s.Err.Contents())).To(Equal("rm: cannot remove '/data/old': Read-only file system\n"))

		// sftp-server has no code for EROFS: the client sees Failure.
		local := hostiletest.WriteTemp("f", "x", 0o644)
		sf := start(must(openssh(h).SFTP("root", "put "+local+" /data/f")))
		Eventually(sf).Should(gexec.Exit(1))
		Expect(string(sf.Err.Contents())).To(Equal("dest open \"/data/f\": Failure\r\n"))

		Expect(h.Faults().Remove("read-only")).To(Succeed())
		Expect(run(h, "root", "touch /data/x").ExitCode()).To(Equal(0))
	})
})
