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

	It("refuses a copy to another host as a usage error", func() {
		Expect(Run(NewHost("debian12"), "ops", "rsync -a /etc/hostname backup01:/tmp/")).To(Equal(Result{Stderr: "rsync error: syntax or usage error (code 1) at main.c(1795) [client=3.2.7]\n", Code: 1}))
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

	It("copies between this host's paths as rsnapshot and wrappers run it (-a, -i, -v, -n, --delete, --relative), with rsync's sender errors and code 23", func() {
		script := "cd /tmp && mkdir -p src/sub && echo a > src/a && echo bb > src/sub/b && ln -s a src/l && touch -t 202001020304.05 src/a src/sub/b src/sub src && echo s > sec && chmod 000 sec\n" +
			"rsync -a --dry-run --itemize-changes src/ dst1/; echo \"status $?\"; ls dst1 2>&1\n" +
			"rsync -a src/ dst2/ && rsync -a --itemize-changes src/ dst2/; echo \"status $?\"; stat -c '%n %Y %a' dst2/a dst2/sub/b; readlink dst2/l\n" +
			"rsync -ai src dst3; echo \"status $?\"\n" +
			"rsync -av src/ dst4/ | sed '/^sent\\|^total/d'\n" +
			"rsync -a sec dst5/; echo \"status $?\"\n" +
			"rsync -a nosuch/ dst6/; echo \"status $?\"\n" +
			"rsync -a nosuch dst6/; echo \"status $?\"\n" +
			"mkdir -p dst7 && rsync -a --delete --numeric-ids --relative --delete-excluded /tmp/src/sub /tmp/dst7/; echo \"status $?\"; find dst7 | sort\n" +
			"echo extra > dst2/extra && rsync -ai --delete src/ dst2/; echo \"status $?\"\n" +
			"echo changed > src/a && rsync -ai src/ dst2/; echo \"status $?\"\n" +
			""
		for pers, want := range map[string][2]string{
			"debian12": {"created directory dst1\n" +
				"cd+++++++++ ./\n" +
				">f+++++++++ a\n" +
				"cL+++++++++ l -> a\n" +
				"cd+++++++++ sub/\n" +
				">f+++++++++ sub/b\n" +
				"status 0\n" +
				"ls: cannot access 'dst1': No such file or directory\n" +
				"status 0\n" +
				"dst2/a 1577934245 644\n" +
				"dst2/sub/b 1577934245 644\n" +
				"a\n" +
				"created directory dst3\n" +
				"cd+++++++++ src/\n" +
				">f+++++++++ src/a\n" +
				"cL+++++++++ src/l -> a\n" +
				"cd+++++++++ src/sub/\n" +
				">f+++++++++ src/sub/b\n" +
				"status 0\n" +
				"sending incremental file list\n" +
				"created directory dst4\n" +
				"./\n" +
				"a\n" +
				"l -> a\n" +
				"sub/\n" +
				"sub/b\n" +
				"\n" +
				"status 23\n" +
				"status 23\n" +
				"status 23\n" +
				"status 0\n" +
				"dst7\n" +
				"dst7/tmp\n" +
				"dst7/tmp/src\n" +
				"dst7/tmp/src/sub\n" +
				"dst7/tmp/src/sub/b\n" +
				"*deleting   extra\n" +
				".d..t...... ./\n" +
				"status 0\n" +
				">f.st...... a\n" +
				"status 0\n" +
				"", "rsync: [sender] send_files failed to open \"/tmp/sec\": Permission denied (13)\n" +
				"rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1347) [sender=3.2.7]\n" +
				"rsync: [sender] change_dir \"/tmp/nosuch\" failed: No such file or directory (2)\n" +
				"rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1347) [sender=3.2.7]\n" +
				"rsync: [sender] link_stat \"/tmp/nosuch\" failed: No such file or directory (2)\n" +
				"rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1347) [sender=3.2.7]\n" +
				""},
			"debian11": {"cd+++++++++ ./\n" +
				">f+++++++++ a\n" +
				"cL+++++++++ l -> a\n" +
				"cd+++++++++ sub/\n" +
				">f+++++++++ sub/b\n" +
				"status 0\n" +
				"ls: cannot access 'dst1': No such file or directory\n" +
				"status 0\n" +
				"dst2/a 1577934245 644\n" +
				"dst2/sub/b 1577934245 644\n" +
				"a\n" +
				"cd+++++++++ src/\n" +
				">f+++++++++ src/a\n" +
				"cL+++++++++ src/l -> a\n" +
				"cd+++++++++ src/sub/\n" +
				">f+++++++++ src/sub/b\n" +
				"status 0\n" +
				"sending incremental file list\n" +
				"created directory dst4\n" +
				"./\n" +
				"a\n" +
				"l -> a\n" +
				"sub/\n" +
				"sub/b\n" +
				"\n" +
				"status 23\n" +
				"status 23\n" +
				"status 23\n" +
				"status 0\n" +
				"dst7\n" +
				"dst7/tmp\n" +
				"dst7/tmp/src\n" +
				"dst7/tmp/src/sub\n" +
				"dst7/tmp/src/sub/b\n" +
				"*deleting   extra\n" +
				".d..t...... ./\n" +
				"status 0\n" +
				">f.st...... a\n" +
				"status 0\n" +
				"", "rsync: [sender] send_files failed to open \"/tmp/sec\": Permission denied (13)\n" +
				"rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1333) [sender=3.2.3]\n" +
				"rsync: [sender] change_dir \"/tmp/nosuch\" failed: No such file or directory (2)\n" +
				"rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1333) [sender=3.2.3]\n" +
				"rsync: [sender] link_stat \"/tmp/nosuch\" failed: No such file or directory (2)\n" +
				"rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1333) [sender=3.2.3]\n" +
				""},
		} {
			r := Run(NewHost(pers), "ops", script)
			Expect(r.Stdout).To(Equal(want[0]), pers)
			Expect(r.Stderr).To(Equal(want[1]), pers)
		}
	})

	It("is not installed on Solaris 10", func() {
		Expect(Run(NewHost("solaris10-sparc"), "ops", "rsync --version")).To(Exited(127, "sh: rsync: not found\n"))
	})
})
