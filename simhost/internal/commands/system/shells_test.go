package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("sh, bash, dash and ksh as programs", func() {
	It("run -c text with its $0 and arguments, and pass the exit status", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `sh -c 'exit 3'`).Code).To(Equal(3))
		Expect(Run(m, "ops", `bash -c 'echo "$1-$2"' name a b`).Stdout).To(Equal("a-b\n"))
		Expect(Run(m, "ops", `sh -ec 'false; echo not reached'; echo $?`).Stdout).To(Equal("1\n"))
	})
	It("run a script file with arguments, or a script on stdin", func() {
		m := HostWithFiles("debian12", "/home/ops/s.sh", "echo \"args: $1 $2\"\nexit 4\n")
		r := Run(m, "ops", `bash s.sh a b`)
		Expect(r.Stdout).To(Equal("args: a b\n"))
		Expect(r.Code).To(Equal(4))
		Expect(Run(m, "ops", `echo 'echo from stdin' | bash`).Stdout).To(Equal("from stdin\n"))
		Expect(Run(m, "ops", `echo 'echo "got $1"' | sh -s x`).Stdout).To(Equal("got x\n"))
	})
	It("read the profile files first as a login shell (bash -l, bash --login, dash -l), as Fabric's bash -l -c does", func() {
		// Captured from bookworm: runuser -u ops -- bash -l -c '...' with an
		// echo in ~/.profile; Debian's /etc/profile sets PATH.
		m := HostWithFiles("debian12", "/home/ops/.profile", "echo profile-ran; export FROMPROFILE=yes\n")
		r := Run(m, "ops", `cd /tmp; bash -l -c 'shopt -q login_shell && echo login; echo $0 $FROMPROFILE; pwd; echo $PATH'`)
		Expect(r.Stdout).To(Equal("profile-ran\nlogin\nbash yes\n/tmp\n/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games\n"))
		Expect(Run(m, "ops", `bash -c 'shopt -q login_shell && echo login; echo $0 $FROMPROFILE'`).Stdout).To(Equal("bash\n"))
		Expect(Run(m, "ops", `bash --login -c 'echo $FROMPROFILE'`).Stdout).To(Equal("profile-ran\nyes\n"))
		Expect(Run(m, "ops", `dash -l -c 'echo $0 $FROMPROFILE'`).Stdout).To(Equal("profile-ran\ndash yes\n"))
		r = Run(m, "ops", `bash -l --noprofile -c true`)
		Expect(r.Stderr).To(HavePrefix("bash: --: invalid option\n"), "long options come first")
		Expect(r.Code).To(Equal(2))
	})
	It("word a failing command as the shell that runs it", func() {
		Expect(Run(NewHost("debian12"), "ops", `sh -c nope`).Stderr).To(Equal("sh: 1: nope: not found\n"))
		Expect(Run(NewHost("debian12"), "ops", `bash -c nope`).Stderr).To(Equal("bash: line 1: nope: command not found\n"))
		Expect(Run(NewHost("rhel7"), "ops", `sh -c nope`).Stderr).To(Equal("sh: nope: command not found\n"))
	})
	It("report usage errors and missing scripts", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `bash -c`)).To(Exited(2, "bash: -c: option requires an argument\n"))
		Expect(Run(m, "ops", `bash missing.sh`)).To(Exited(127, "bash: missing.sh: No such file or directory\n"))
		Expect(Run(m, "ops", `sh missing.sh`)).To(Exited(2, "sh: 0: cannot open missing.sh: No such file\n"))
		Expect(Run(m, "ops", `bash /tmp`)).To(Exited(126, "bash: /tmp: Is a directory\n"))
		Expect(Run(m, "ops", `dash -c`)).To(Exited(2, "dash: 0: -c requires an argument\n"))
	})
	It("print bash's version for the host", func() {
		Expect(Run(NewHost("debian12"), "ops", `bash --version`).Stdout).To(Equal("GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)\n" +
			"Copyright (C) 2022 Free Software Foundation, Inc.\n" +
			"License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n" +
			"This is free software; you are free to change and redistribute it.\n" +
			"There is NO WARRANTY, to the extent permitted by law.\n"))
		Expect(Run(NewHost("rhel7"), "ops", `bash --version`).Stdout).To(HavePrefix("GNU bash, version 4.2.46(2)-release (x86_64-redhat-linux-gnu)\n"))
		Expect(Run(NewHost("solaris10-sparc"), "ops", `bash --version`).Stdout).
			To(Equal("GNU bash, version 3.2.51(1)-release (sparc-sun-solaris2.10)\nCopyright (C) 2007 Free Software Foundation, Inc.\n"))
	})
	It("has ksh but no dash on Solaris", func() {
		m := NewHost("solaris10-sparc")
		Expect(Run(m, "ops", `ksh -c 'echo $((1+2))'`).Stdout).To(Equal("3\n"))
		Expect(Run(m, "ops", `dash -c true`).Code).To(Equal(127))
		Expect(Run(m, "ops", `sh missing.sh`).Stderr).To(Equal("sh: missing.sh: cannot open\n"))
	})
})

var _ = Describe("mesg, which root's ~/.profile runs", func() {
	It("fails with 2 without a terminal, saying so only with -v, as util-linux mesg does", func() {
		// Captured from bookworm: docker run (no -t) ... bash -c 'mesg n; ...'
		r := Run(NewHost("debian12"), "ops", `mesg n; echo "st $?"; mesg -v n; echo "st $?"; mesg -z; echo "st $?"; mesg --version`)
		Expect(r.Stdout).To(Equal("st 2\nst 2\nst 1\nmesg from util-linux 2.38.1\n"))
		Expect(r.Stderr).To(Equal("mesg: no tty\nmesg: invalid option -- 'z'\nTry 'mesg --help' for more information.\n"))
	})
	It("reports and takes y or n at a terminal", func() {
		// Captured from bookworm: docker run -t ... bash -c 'mesg; mesg -v y; mesg x'
		r := RunTTY(NewHost("debian12"), "ops", `mesg; echo "st $?"; mesg -v y; mesg x; echo "st $?"`, "")
		Expect(r.Stdout).To(Equal("is y\nst 0\nwrite access to your terminal is allowed\nst 1\n"))
		Expect(r.Stderr).To(Equal("mesg: invalid argument: x\nTry 'mesg --help' for more information.\n"))
	})
})
