package text_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("awk (mawk on goawk)", func() {
	It("splits fields, takes -F, -v and file operands", func() {
		m := HostWithFiles("debian12", "/tmp/a", "x:y:z\n1:2:3\n")
		Expect(Run(m, "ops", `echo "a b c" | awk '{print NF, $2}'`).Stdout).To(Equal("3 b\n"))
		Expect(Run(m, "ops", `awk -F: -v OFS=- '{$1=$1; print}' /tmp/a`).Stdout).To(Equal("x-y-z\n1-2-3\n"))
		Expect(Run(m, "ops", `awk -F: '{print FILENAME, FNR, $3}' /tmp/a`).Stdout).To(Equal("/tmp/a 1 z\n/tmp/a 2 3\n"))
		Expect(Run(m, "ops", `awk -v 'x=a\tb' 'BEGIN{print x}'`).Stdout).To(Equal("a\tb\n"))
		Expect(Run(m, "ops", `awk 'BEGIN{exit 3}'`).Code).To(Equal(3))
	})
	It("answers mawk's version, usage and option errors", func() {
		m := HostWithFiles("debian12")
		r := Run(m, "ops", `awk -W version`)
		Expect(r.Stdout).To(HavePrefix("mawk 1.3.4 20200120\nCopyright 2008-2019,2020, Thomas E. Dickey\n"))
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "ops", `awk -Wv | head -1`).Stdout).To(Equal("mawk 1.3.4 20200120\n"))
		r = Run(m, "ops", `awk`)
		Expect(r.Stderr).To(HavePrefix("Usage: mawk [Options] [Program] [file ...]\n"))
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "ops", `awk --version`)).To(Exited(2, "awk: not an option: --version\n"))
		Expect(Run(m, "ops", `awk -v`)).To(Exited(2, "awk: option -v lacks argument\n"))
		Expect(Run(m, "ops", `awk -W bogus 'BEGIN{print 1}'`)).To(Printed("1\n", "awk: vacuous option: -W bogus\n"))
	})
	It("reports files it cannot open as mawk does", func() {
		m := HostWithFiles("debian12")
		Expect(Run(m, "ops", `awk '{print}' /nope`)).To(Exited(2, "awk: cannot open /nope (No such file or directory)\n"))
		Expect(Run(m, "ops", `awk 'BEGIN { print "z" > "/nodir/f" }'`)).To(Exited(2, "awk: cannot open \"/nodir/f\" for output (No such file or directory)\n"))
		Expect(Run(m, "ops", `awk '{print}' /tmp`)).To(Exited(2, "awk: read error (Is a directory)\n"))
		r := Run(m, "ops", `awk 'BEGIN{x=1'`)
		Expect(r.Stderr).To(HavePrefix("awk: line "))
		Expect(r.Code).To(Equal(2))
	})
	It("runs system(), command | getline and print | command on the simulated host", func() {
		m := HostWithFiles("debian12")
		Expect(Run(m, "ops", `awk 'BEGIN { while (("echo hi" | getline l) > 0) print "got", l; print system("exit 4") }'`).Stdout).To(Equal("got hi\n4\n"))
		Expect(Run(m, "ops", `awk 'BEGIN { print "b\na" | "sort"; close("sort"); print "done" }'`).Stdout).To(Equal("a\nb\ndone\n"))
		Expect(Run(m, "ops", `awk 'BEGIN { print "x" > "/tmp/o"; close("/tmp/o"); getline y < "/tmp/o"; print y; print (getline z < "/nope") }'`).Stdout).To(Equal("x\n-1\n"))
		Expect(Run(m, "ops", `cat /tmp/o; ls -l /tmp/o | cut -c1-10`).Stdout).To(Equal("x\n-rw-r--r--\n"))
		Expect(Run(m, "ops", `awk 'BEGIN { system("id -un") }'`).Stdout).To(Equal("ops\n"))
		Expect(Run(m, "ops", `awk 'BEGIN { print ENVIRON["HOME"] }'`).Stdout).To(Equal("/home/ops\n"))
	})
	It("parses the discovery lines real products run", func() {
		m := HostWithFiles("debian12", "/tmp/meminfo", "MemTotal:       24683772 kB\nMemFree:        22877288 kB\n")
		Expect(Run(m, "ops", `awk '/MemTotal/ {print $2}' /tmp/meminfo`).Stdout).To(Equal("24683772\n"))
		Expect(Run(m, "ops", `awk -F: '$3 == 0 {print $1}' /etc/passwd`).Stdout).To(Equal("root\n"))
		Expect(Run(m, "ops", `df -P / | awk 'NR==2 {print $6}'`).Stdout).To(Equal("/\n"))
		Expect(Run(m, "ops", `awk 'BEGIN{printf "%d %s\n", "3x", substr("hello",2,3); print length("abc"), toupper("a"), index("abc","c")}'`).Stdout).
			To(Equal("3 ell\n3 A 3\n"))
	})
})

var _ = Describe("awk under timeout", func() {
	It("stops an endless program when its time is up", func() {
		m := HostWithFiles("debian12")
		Expect(Run(m, "ops", `timeout 0.2 awk 'BEGIN { while (1) n++ }'; echo st=$?`).Stdout).To(Equal("st=124\n"))
	})
})

var _ = Describe("awk's command pipes", func() {
	It("close a command that still writes, as SIGPIPE would end it", func() {
		m := HostWithFiles("debian12")
		Expect(Run(m, "ops", `awk 'BEGIN { "yes" | getline y; print y; close("yes"); print "done" }'`).Stdout).To(Equal("y\ndone\n"))
		Expect(Run(m, "ops", `awk 'BEGIN { for (i = 0; i < 3; i++) print i | "head -1"; close("head -1"); print "done" }'`).Stdout).To(Equal("0\ndone\n"))
	})
})

var _ = Describe("awk on a host whose awk is gawk", func() {
	It("runs the program and records that gawk is not emulated", func() {
		m := NewHost("rhel7")
		Expect(Run(m, "ops", `echo "a b" | awk '{print $2}'`).Stdout).To(Equal("b\n"))
		Expect(m.Log.OfKind("not-emulated")).To(ContainElement(HaveField("Detail", "gawk (this host's awk); the simulated host runs mawk's dialect")))
		Expect(Run(NewHost("debian12"), "ops", `echo "a b" | awk '{print $2}'`).Stdout).To(Equal("b\n"))
	})
})

var _ = Describe("awk's commands", func() {
	It("run in /bin/sh, whose messages they carry", func() {
		m := HostWithFiles("debian12")
		Expect(Run(m, "ops", `awk 'BEGIN { system("nosuch"); "nosuch2" | getline; print "x" | "nosuch3" }'; echo st=$?`)).To(Printed("st=0\n", "sh: 1: nosuch: not found\n/bin/sh: 1: nosuch2: not found\n/bin/sh: 1: nosuch3: not found\n"))
	})
})

var _ = Describe("awk's syntax errors", func() {
	It("are worded as mawk words them (captured from Debian 12)", func() {
		m := HostWithFiles("debian12")
		for script, msg := range map[string]string{
			`BEGIN { x = }`:        "awk: line 1: syntax error at or near }\n",
			`BEGIN { print ( }`:    "awk: line 1: missing ) near }\n",
			`{ print $1 `:          "awk: line 2: missing } near end of file\n",
			`BEGIN { if x }`:       "awk: line 1: syntax error at or near x\n",
			`BEGIN { foo( }`:       "awk: line 1: missing ) near }\n",
			`BEGIN { print "abc }`: "awk: line 1: runaway string constant \"abc } ...\n",
			"\nBEGIN {\n x = ;\n}": "awk: line 3: syntax error at or near ;\n",
		} {
			r := Run(m, "ops", "awk '"+script+"'")
			Expect(r.Stderr).To(Equal(msg), script)
			Expect(r.Code).To(Equal(2))
		}
	})
})

// A '/' in a bracket expression of a regex literal is part of it, as mawk
// reads it (node_exporter's fstab-check.sh: $2 ~ /^[/]/); checked against
// the containers' mawk.
var _ = Describe("awk regex literals with '/' in brackets", func() {
	DescribeTable("match as mawk does",
		func(script, want string) {
			Expect(RunMerged(NewHost("debian12"), "ops", script)).To(Equal(want))
		},
		Entry("[/]", `echo 'a /b' | awk '$2 ~ /^[/]/ {print $2}'`, "/b\n"),
		Entry("in gsub", `echo 'a/b' | awk '{gsub(/[/]/, "-"); print}'`, "a-b\n"),
		Entry("a ']' first in the brackets", `echo 'x]/y' | awk '/[]/]/ {print "ok"}'`, "ok\n"),
		Entry("a class beside it", `echo 'a:b' | awk '/[[:punct:]/]/ {print "class"}'`, "class\n"),
		Entry("an escaped '/' still", `echo 'a/b' | awk '/a\/b/ {print "esc"}'`, "esc\n"),
		Entry("fstab-check.sh's mount points", `printf '# c /x\n/dev/sda1 / ext4\nproc /proc proc\nnone swap sw\n' | awk '$1 !~ /^#/ && $2 ~ /^[/]/ {print $2}'`, "/\n/proc\n"),
	)
})
