package faults_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("disk-full", func() {
	var (
		h     *simhost.Host
		local string
	)
	BeforeEach(func() {
		h = startHost(machine.Description{Files: []machine.File{{Path: "/data", Dir: true, Owner: "ops"}}},
			faults.Spec{Type: "disk-full", Params: map[string]any{"path": "/data"}})
		local = hostiletest.WriteTemp("big", strings.Repeat("x", 64<<10), 0o644)
	})
	size := func(p string) int64 { return must(h.Machine().FS.Stat(vfs.Root, p)).Size }

	It("fails an upload with what sftp and scp print for a full disk, leaving an empty file", func() {
		// sftp-server answers ENOSPC with SSH_FX_FAILURE, which the client prints as Failure.
		s := start(must(openssh(h).SFTP("ops", "put "+local+" /data/big")))
		Eventually(s).Should(gexec.Exit(1))
		Expect(string(s.Err.Contents())).To(Equal("write remote \"/data/big\": Failure\r\n"))
		Expect(size("/data/big")).To(BeZero())

		s = start(openssh(h).SCP(nil, local, openssh(h).Remote("ops", "/data/big2")))
		Eventually(s).Should(gexec.Exit(1))
		Expect(string(s.Err.Contents())).To(HavePrefix("scp: write remote \"/data/big2\": Failure\r\nscp: failed to upload file "))

		// The scp protocol's sink (scp -t on the host) names the errno itself.
		s = start(openssh(h).SCP([]string{"-O"}, local, openssh(h).Remote("ops", "/data/big3")))
		Eventually(s).Should(gexec.Exit(1))
		Expect(string(s.Err.Contents())).To(Equal("scp: /data/big3: No space left on device\n"))
		expectFired(h, "disk-full")

		Expect(h.Faults().Remove("disk-full")).To(Succeed())
		Eventually(start(must(openssh(h).SFTP("ops", "put "+local+" /data/big")))).Should(gexec.Exit(0))
		Expect(size("/data/big")).To(Equal(int64(64 << 10)))
	})

	It("fails writes and mkdir under the path only, as commands report them", func() {
		s := run(h, "ops", "cp /etc/hostname /data/h; mkdir /data/d; echo y | tee /data/t /tmp/t; cp /etc/hostname /tmp/h && echo tmp ok")
		Expect(string(s.Err.Contents())).To(Equal("cp: error writing '/data/h': No space left on device\n" +
			"mkdir: cannot create directory '/data/d': No space left on device\n" +
			"tee: /data/t: No space left on device\n"))
		Expect(string(s.Out.Contents())).To(Equal("y\ntmp ok\n"))
		Expect(size("/tmp/t")).To(Equal(int64(2)))
	})

	It("makes bash's echo report the failed write", func() {
		s := run(h, "ops", "echo x > /data/f")
		Expect(s.ExitCode()).To(Equal(1))
		Expect(string(s.Err.Contents())).To(Equal("bash: line 1: echo: write error: No space left on device\n"))
	})

	It("makes df agree with what writes see: the disk holding the path is full", func() {
		s := run(h, "ops", "df /data")
		Expect(s.ExitCode()).To(Equal(0))
		Expect(string(s.Out.Contents())).To(MatchRegexp(`(?m)^/dev/vda1\s+\d+\s+\d+\s+0\s+100% /$`))
		Expect(h.Faults().Remove("disk-full")).To(Succeed())
		// Without the fault the disk has the free space the host's limits
		// give it (the installed system takes the rest), as statfs says.
		s = run(h, "ops", "df /data")
		Expect(string(s.Out.Contents())).To(MatchRegexp(`(?m)^/dev/vda1 .* /$`))
		Expect(dfRow(string(s.Out.Contents()))).To(Equal(statfsFigures(h, "/data")))
		Expect(statfsFigures(h, "/data").Avail).To(Equal(int64(machine.DefaultDiskFreeBytes / 1024)))
	})

	It("refuses a relative path, naming the parameter", func() {
		_, err := faults.Compile(faults.Spec{Type: "disk-full", Params: map[string]any{"path": "data"}})
		Expect(err).To(MatchError(`fault "disk-full": path: "data" is not an absolute path`))
	})
})
