package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("timeout", func() {
	It("ends the program at the limit with 124, or its own status in time", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `timeout 0.2 sleep 30; echo st=$?`).Stdout).To(Equal("st=124\n"))
		Expect(Run(m, "ops", `timeout --preserve-status 0.2 sleep 30; echo st=$?`).Stdout).To(Equal("st=143\n"))
		Expect(Run(m, "ops", `timeout -s KILL 0.2 sleep 30; echo st=$?`).Stdout).To(Equal("st=137\n"))
		Expect(Run(m, "ops", `timeout 30 sh -c 'echo in; exit 3'; echo st=$?`).Stdout).To(Equal("in\nst=3\n"))
		Expect(Run(m, "ops", `timeout -k 1 5m true; echo st=$?`).Stdout).To(Equal("st=0\n"))
	})
	It("answers coreutils' usage errors with 125 and start failures with 126/127", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `timeout`)).To(Exited(125, "Try 'timeout --help' for more information.\n"))
		Expect(Run(m, "ops", `timeout x sleep 1`)).To(Exited(125, "timeout: invalid time interval 'x'\nTry 'timeout --help' for more information.\n"))
		Expect(Run(m, "ops", `timeout 1 nope`)).To(Exited(127, "timeout: failed to run command 'nope': No such file or directory\n"))
		Expect(Run(m, "ops", `timeout 1 /etc`)).To(Exited(126, "timeout: failed to run command '/etc': Permission denied\n"))
		Expect(Run(m, "ops", `timeout --bogus 1 true`)).To(Exited(125, "timeout: unrecognized option '--bogus'\nTry 'timeout --help' for more information.\n"))
	})
})

var _ = Describe("nohup", func() {
	It("just runs the program when nothing is a terminal", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `cd /tmp; nohup echo hi; echo st=$?; ls nohup.out`)).To(Printed("hi\nst=0\n", "ls: cannot access 'nohup.out': No such file or directory\n"))
	})
	It("ignores a terminal's input and appends its output to nohup.out", func() {
		m := NewHost("debian12")
		Expect(RunTTY(m, "ops", `cd /tmp; nohup echo hi; echo st=$?; cat nohup.out; nohup echo b >/dev/null`, "")).To(Printed("st=0\nhi\n", "nohup: ignoring input and appending output to 'nohup.out'\nnohup: ignoring input and redirecting stderr to stdout\n"))
	})
	// Captured with `docker run --rm -t IMAGE bash -c '...'` on bookworm
	// and bullseye, which print the same (without the terminal's \r).
	DescribeTable("words what it does to each terminal stream, and leaves its program ignoring HUP",
		func(personality string) {
			m := NewHost(personality)
			Expect(RunTTY(m, "ops", `cd /tmp; nohup echo hi; echo st=$?; cat nohup.out; nohup echo b >/dev/null; nohup echo c 2>/dev/null; nohup echo d </dev/null; nohup true </dev/null >/dev/null 2>&1; echo end; nohup sleep 1 & sleep 0.3; grep SigIgn /proc/$!/status; wait`, "")).To(Printed(
				"st=0\nhi\nend\nSigIgn:\t0000000000000007\n",
				"nohup: ignoring input and appending output to 'nohup.out'\nnohup: ignoring input and redirecting stderr to stdout\nnohup: appending output to 'nohup.out'\nnohup: appending output to 'nohup.out'\n"))
		},
		Entry("bookworm", "debian12"), Entry("bullseye", "debian11"))
	It("says what is missing or cannot run", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `nohup`)).To(Exited(125, "nohup: missing operand\nTry 'nohup --help' for more information.\n"))
		Expect(Run(m, "ops", `nohup nope`)).To(Exited(127, "nohup: failed to run command 'nope': No such file or directory\n"))
	})
})

var _ = Describe("nice", func() {
	It("prints the niceness, which a program run under nice inherits", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `nice; nice -n 5 nice; nice nice; nice -3 nice`).Stdout).To(Equal("0\n5\n10\n3\n"))
	})
	It("refuses a bad adjustment and reports a missing program", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `nice -n x nice`)).To(Exited(125, "nice: invalid adjustment 'x'\n"))
		Expect(Run(m, "ops", `nice nope`)).To(Exited(127, "nice: 'nope': No such file or directory\n"))
	})
})

var _ = Describe("mktemp", func() {
	It("makes a 0600 file or 0700 directory from a template", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `f=$(mktemp); echo "$f"; ls -l "$f" | cut -c1-10`).Stdout).To(MatchRegexp(`^/tmp/tmp\.[A-Za-z0-9]{10}\n-rw-------\n$`))
		Expect(Run(m, "ops", `d=$(mktemp -d); ls -ld "$d" | cut -c1-10`).Stdout).To(Equal("drwx------\n"))
		Expect(Run(m, "ops", `mktemp -p /var/tmp`).Stdout).To(MatchRegexp(`^/var/tmp/tmp\.[A-Za-z0-9]{10}\n$`))
		Expect(Run(m, "ops", `mktemp -t foo.XXXX`).Stdout).To(MatchRegexp(`^/tmp/foo\.[A-Za-z0-9]{4}\n$`))
		Expect(Run(m, "ops", `TMPDIR=/var/tmp mktemp -t foo.XXXX`).Stdout).To(MatchRegexp(`^/var/tmp/foo\.[A-Za-z0-9]{4}\n$`))
		Expect(Run(m, "ops", `cd /tmp && mktemp x.XXXXXX.txt`).Stdout).To(MatchRegexp(`^x\.[A-Za-z0-9]{6}\.txt\n$`))
	})
	It("answers coreutils' errors", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `mktemp bad`)).To(Exited(1, "mktemp: too few X's in template 'bad'\n"))
		Expect(Run(m, "ops", `mktemp -p /nope`).Stderr).To(Equal("mktemp: failed to create file via template '/nope/tmp.XXXXXXXXXX': No such file or directory\n"))
		Expect(Run(m, "ops", `mktemp -d /etc/x.XXXX`).Stderr).To(Equal("mktemp: failed to create directory via template '/etc/x.XXXX': Permission denied\n"))
		Expect(Run(m, "ops", `mktemp -q bad`).Stderr).To(BeEmpty())
	})
})
