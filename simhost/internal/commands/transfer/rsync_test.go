package transfer_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("rsync", func() {
	It("answers --version as Debian 12's rsync 3.2.7 does (captured from the image)", func() {
		r := Run(NewHost("debian12"), "ops", "rsync --version")
		Expect(r.Stdout).To(HavePrefix("rsync  version 3.2.7  protocol version 32\nCopyright (C) 1996-2022 by Andrew Tridgell, Wayne Davison, and others.\n"))
		Expect(r.Stdout).To(ContainSubstring("\nDaemon auth list:\n    sha512 sha256 sha1 md5 md4\n\nrsync comes with ABSOLUTELY NO WARRANTY."))
		Expect(r.Code).To(Equal(0))
		Expect(Run(NewHost("rhel7"), "ops", "rsync --version").Stdout).To(HavePrefix("rsync  version 3.1.2  protocol version 31\n"))
	})

	It("refuses anything else as a usage error", func() {
		Expect(Run(NewHost("debian12"), "ops", "rsync -a /etc/hostname /tmp/")).To(Equal(Result{Stderr: "rsync error: syntax or usage error (code 1) at main.c(1795) [client=3.2.7]\n", Code: 1}))
	})

	It("answers rsync --server with its protocol version, as bullseye's 3.2.3 (protocol 31) does", func() {
		r := Run(NewHost("debian11"), "ops", "rsync --server -vlogDtpre.iLsfxCIvu . /tmp/")
		Expect(r.Stdout).To(HavePrefix("\x1f\x00\x00\x00")) // 31, little-endian, before the client's version
		// bullseye's build, as `rsync --version` in its container prints it
		Expect(Run(NewHost("debian11"), "ops", "rsync --version").Stdout).To(ContainSubstring("\nOptimizations:\n    SIMD, asm, openssl-crypto\n"))
	})

	It("takes a client's long options (BackupPC 3's RsyncArgs) and says on stderr when the client closed before the handshake", func() {
		script := "mkdir -p /tmp/rs && echo a > /tmp/rs/a\n" +
			"rsync --server --sender --numeric-ids --perms --owner --group -D --links --hard-links --times --block-size=2048 --recursive --ignore-times . /tmp/rs/ < /dev/null | od -An -c; echo \"status ${PIPESTATUS[0]}\"\n" +
			"rsync --server -logDtpre.iLsfxCIvu . /tmp/rs2/ < /dev/null | od -An -c"
		for pers, want := range map[string]struct{ stdout, at, version string }{
			"debian12": {"      \\0  \\0  \\0\nstatus 12\n      \\0  \\0  \\0\n", "io.c(232)", "3.2.7"},
			"debian11": {" 037  \\0  \\0  \\0\nstatus 12\n 037  \\0  \\0  \\0\n", "io.c(228)", "3.2.3"},
		} {
			r := Run(NewHost(pers), "ops", script)
			Expect(r.Stdout).To(Equal(want.stdout), pers)
			Expect(r.Stderr).To(Equal("rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n"+
				"rsync error: error in rsync protocol data stream (code 12) at "+want.at+" [sender="+want.version+"]\n"+
				"rsync: connection unexpectedly closed (0 bytes received so far) [Receiver]\n"+
				"rsync error: error in rsync protocol data stream (code 12) at "+want.at+" [Receiver="+want.version+"]\n"), pers)
		}
	})

	It("is not installed on Solaris 10", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "rsync --version")).To(Exited(127, "sh: rsync: not found\n"))
	})
})
