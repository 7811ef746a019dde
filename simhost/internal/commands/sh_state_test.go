package commands_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// The shell's own state as bash and dash keep it under sshd, and the /proc
// and /sys the host makes from its description. The texts were printed by
// Debian 12 and 11 containers (hostile-os images) over ssh.
var _ = Describe("shell state and the kernel's view of the host", func() {
	It("keeps umask per process: Ansible's bootstrap leaves a 0700 directory, and the mask does not leak out of the subshell", func() {
		m := NewHost("debian12")
		bootstrap := `( umask 77 && mkdir -p "` + "` echo ~/.ansible/tmp `" + `"&& mkdir "` + "` echo ~/.ansible/tmp/ansible-tmp-1 `" + `" && echo ansible-tmp-1="` + "` echo ~/.ansible/tmp/ansible-tmp-1 `" + `" ) && sleep 0`
		Expect(Run(m, "ops", "/bin/sh -c '"+bootstrap+"'")).To(Equal(Result{Stdout: "ansible-tmp-1=/home/ops/.ansible/tmp/ansible-tmp-1\n"}))
		Expect(Run(m, "ops", `stat -c '%a %n' ~/.ansible ~/.ansible/tmp ~/.ansible/tmp/ansible-tmp-1`).Stdout).To(Equal(
			"700 /home/ops/.ansible\n700 /home/ops/.ansible/tmp\n700 /home/ops/.ansible/tmp/ansible-tmp-1\n"))
		Expect(Run(m, "ops", `(umask 077; touch /tmp/a); umask; stat -c %a /tmp/a`).Stdout).To(Equal("0022\n600\n"))
		Expect(Run(m, "ops", `umask 0002; echo x > /tmp/b; stat -c %a /tmp/b`).Stdout).To(Equal("664\n"), "a redirect creates with 0666 less the mask")
		Expect(Run(m, "ops", `f() { umask 027; }; f; umask; mkdir /tmp/c; stat -c %a /tmp/c`).Stdout).To(Equal("0027\n750\n"), "a function sets its caller's")
		Expect(Run(m, "ops", `umask -S; umask -p; umask u=rwx,g=rx,o=; umask`).Stdout).To(Equal("u=rwx,g=rx,o=rx\numask 0022\n0027\n"))
		Expect(Run(m, "ops", `umask 999`)).To(Equal(Result{Stderr: "bash: line 1: umask: 999: octal number out of range\n", Code: 1}))
		Expect(Run(m, "ops", `umask 077; grep ^Umask /proc/self/status`).Stdout).To(Equal("Umask:\t0077\n"))
		root := NewHost("debian12")
		Expect(Run(root, "root", `umask 002; sudo sh -c umask; umask 077; sudo sh -c umask`).Stdout).To(Equal("0022\n0077\n"), "sudo unites its umask with the user's")
		Expect(Run(m, "ops", `/bin/sh -c 'umask 999'`)).To(Equal(Result{Stderr: "/bin/sh: 1: umask: Illegal number: 999\n", Code: 2}))
	})

	It("reports the description's processors, memory and limits in /proc, /sys and ulimit", func() {
		m := NewHost("debian12", func(d *machine.Description) {
			d.Hardware = machine.Hardware{CPUs: 3, Memory: 8 << 30, FileMax: 812345,
				NICs:   []machine.NIC{{Name: "ens3", MTU: 9000}},
				Limits: machine.ULimits{OpenFiles: 4096, OpenFilesHard: 8192}}
		})
		Expect(Run(m, "ops", `cat /proc/cpuinfo | grep -c processor`).Stdout).To(Equal("3\n"))
		Expect(Run(m, "ops", `grep -E '^(MemTotal|SwapTotal):' /proc/meminfo`).Stdout).To(Equal("MemTotal:        8388608 kB\nSwapTotal:             0 kB\n"))
		Expect(Run(m, "ops", `cat /proc/sys/fs/file-max /proc/sys/kernel/hostname /proc/sys/kernel/ostype`).Stdout).To(Equal("812345\ndb01\nLinux\n"))
		Expect(Run(m, "ops", `ls /sys/class/net; cat /sys/class/net/ens3/mtu /sys/class/net/lo/operstate`).Stdout).To(Equal("ens3\nlo\n9000\nunknown\n"))
		Expect(Run(m, "ops", `cut -d' ' -f1-3 /proc/version`).Stdout).To(Equal("Linux version 6.1.0-28-amd64\n"))
		Expect(Run(m, "ops", `tr -s ' ' '\n' < /proc/loadavg | wc -l; tr ' ' '\n' < /proc/uptime | wc -l`).Stdout).To(Equal("5\n2\n"))
		Expect(Run(m, "ops", `grep ' /proc ' /proc/mounts | cut -d' ' -f1,3`).Stdout).To(Equal("proc proc\n"))
		Expect(Run(m, "ops", `ulimit -n; ulimit -Hn; ulimit -n 9000; echo "status $?"`)).To(Equal(Result{
			Stdout: "4096\n8192\nstatus 1\n", Stderr: "bash: line 1: ulimit: open files: cannot modify limit: Operation not permitted\n"}))
		Expect(Run(m, "ops", `ulimit -n 512; sh -c 'ulimit -n'; bash -c 'ulimit -n'; ulimit -n`).Stdout).To(Equal("512\n512\n512\n"), "a child shell inherits the limits")
		Expect(Run(m, "ops", `ulimit -a | head -2`).Stdout).To(Equal("real-time non-blocking time  (microseconds, -R) unlimited\ncore file size              (blocks, -c) 0\n"))
		Expect(Run(m, "ops", `/bin/sh -c 'ulimit -a' | grep nofiles`).Stdout).To(Equal("nofiles              4096\n"))
	})

	It("shows each program its own /proc/self, and /proc/PID only while the process runs", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `head -1 /proc/self/status; grep -E '^(Uid|Gid):' /proc/self/status`).Stdout).To(Equal(
			"Name:\thead\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n"))
		Expect(Run(m, "ops", `readlink /proc/self/exe; cat /proc/1/comm`).Stdout).To(Equal("/usr/bin/readlink\ninit\n"))
		// Counted from a file, not through a pipe: whether wc has started
		// when ls reads /proc is a race of the pipeline, not a leftover.
		count := `ls -d /proc/[0-9]* > /tmp/procs; wc -l < /tmp/procs`
		before := Run(m, "ops", count).Stdout
		Expect(Run(m, "ops", count).Stdout).To(Equal(before), "no /proc/PID is left behind by a session")
	})

	It("resolves /proc/self to the process that opens it: a program's own stat, cwd and streams, the shell's through its redirects", func() {
		m := NewHost("debian12")
		// Captured from the bookworm and bullseye containers (same on both).
		Expect(Run(m, "ops", `readlink -f /proc/self/exe; ls -l /proc/self/exe | awk '{print $NF}'; cat /proc/self/cmdline | tr '\0' ' '; echo`).Stdout).To(Equal(
			"/usr/bin/readlink\n/usr/bin/ls\ncat /proc/self/cmdline \n"))
		Expect(Run(m, "ops", `awk '{print $2}' /proc/self/stat; grep PPid /proc/self/status | awk -v shell=$$ '{print $2 == shell}'`).Stdout).To(Equal("(awk)\n1\n"))
		Expect(Run(m, "ops", `read pid comm rest < /proc/self/stat; [ "$pid" = "$$" ] && echo "$comm"`).Stdout).To(Equal("(bash)\n"), "the shell opens a redirect itself")
		Expect(Run(m, "ops", `cd /tmp && readlink /proc/self/cwd /proc/$$/cwd; cd /var && ls -l /proc/self/cwd | awk '{print $NF}'`).Stdout).To(Equal("/tmp\n/tmp\n/var\n"))
		Expect(Run(m, "ops", `readlink /proc/self | awk -v shell=$$ '{print ($1 > shell)}'; readlink /proc/thread-self | awk -F/ '{print $1 == $3, $2}'; cat /proc/thread-self/comm`).Stdout).To(Equal("1\n1 task\ncat\n"))
		Expect(Run(m, "ops", `ls /proc/self/fd | head -3 | tr '\n' ' '; bash -c 'cat /proc/$$/comm; readlink /proc/$$/exe; true'`).Stdout).To(Equal("0 1 2 bash\n/usr/bin/bash\n"))
		Expect(Run(m, "ops", `bash -c 'cat /proc/$$/comm; readlink /proc/$$/exe'`).Stdout).To(Equal("bash\n/usr/bin/readlink\n"), "bash -c runs its last program in its own place")
	})

	It("runs the session under sshd's processes as ps shows them on Debian", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `ps -eo user,args | grep 'sshd: ops' | grep -v grep | sed 's/  */ /g'`).Stdout).To(Equal(
			"root sshd: ops [priv]\nops sshd: ops@notty\n"))
		Expect(Run(m, "root", `ps -eo user,args | grep 'sshd: root' | grep -v grep | sed 's/  */ /g'`).Stdout).To(Equal("root sshd: root@notty\n"))
		out := Run(m, "ops", `ps -eo pid,ppid,args | sed 's/^ *//; s/  */ /g'`).Stdout
		pidOf := map[string]string{}
		ppidOf := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			f := strings.SplitN(line, " ", 3)
			pidOf[f[2]], ppidOf[f[2]] = f[0], f[1]
		}
		Expect(ppidOf["sshd: ops@notty"]).To(Equal(pidOf["sshd: ops [priv]"]))
		Expect(ppidOf["bash -c ps -eo pid,ppid,args | sed 's/^ *//; s/ */ /g'"]).To(Equal(pidOf["sshd: ops@notty"]), "the shell is the @notty process's child, and its command line is bash -c TEXT: %s", out)
		Expect(Run(m, "ops", `ps -eo args | grep '^ps'`).Stdout).To(Equal("ps -eo args\n"))
		Expect(Run(m, "ops", `echo 'ps -eo args' > /tmp/s`).Code).To(Equal(0))
		Expect(Run(m, "ops", `. /tmp/s`).Stdout).To(ContainSubstring("\nbash -c . /tmp/s\n"),
			"a sourced command is not exec'd in the shell's place, even at the position of the text's last command")
		Expect(Run(m, "ops", `ps -o comm= -u ops`).Stdout).To(Equal("sshd\nps\n"), "bash -c execs its last command in its own place")
	})

	It("answers kill as the shell's builtin with the shell's messages", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `kill 999999`)).To(Equal(Result{Stderr: "bash: line 1: kill: (999999) - No such process\n", Code: 1}))
		Expect(Run(m, "ops", `kill`)).To(Equal(Result{Stderr: "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n", Code: 2}))
		Expect(Run(m, "ops", `kill -0 1`)).To(Equal(Result{Stderr: "bash: line 1: kill: (1) - Operation not permitted\n", Code: 1}))
		Expect(Run(m, "ops", `/bin/sh -c 'kill -0 999999'`)).To(Equal(Result{Stderr: "/bin/sh: 1: kill: No such process\n\n", Code: 1}))
		Expect(Run(m, "ops", `/bin/sh -c 'kill abc'`)).To(Equal(Result{Stderr: "/bin/sh: 1: kill: Illegal number: abc\n", Code: 2}))
	})

	It("keeps bash's TERM, options, shopt and hash table, and dash's messages", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `echo "[$TERM]"; printenv TERM; echo "status $?"`).Stdout).To(Equal("[dumb]\nstatus 1\n"), "bash's own, not exported")
		Expect(Run(m, "ops", `echo "$BASH"`).Stdout).To(Equal("/usr/bin/bash\n"))
		Expect(Run(m, "ops", `shopt login_shell; shopt -q login_shell; echo "status $?"`).Stdout).To(Equal("login_shell    \toff\nstatus 1\n"))
		Expect(Run(m, "ops", `set -o | head -4`).Stdout).To(Equal("allexport      \toff\nbraceexpand    \ton\nemacs          \toff\nerrexit        \toff\n"))
		Expect(Run(m, "ops", `set -euo pipefail; set +o | grep -E 'errexit|nounset|pipefail'`).Stdout).To(Equal("set -o errexit\nset -o nounset\nset -o pipefail\n"))
		Expect(Run(m, "ops", `hash; ls >/dev/null; hash; hash -r; hash`).Stdout).To(Equal("hash: hash table empty\nhits\tcommand\n   1\t/usr/bin/ls\nhash: hash table empty\n"))
		Expect(Run(m, "ops", `/bin/sh -c 'cd /nonexistent'`)).To(Equal(Result{Stderr: "/bin/sh: 1: cd: can't cd to /nonexistent\n", Code: 2}))
		Expect(Run(m, "ops", `set -u; echo $nosuch; echo not reached`)).To(Equal(Result{Stderr: "bash: line 1: nosuch: unbound variable\n", Code: 127}))
		Expect(Run(m, "ops", `/bin/sh -c 'set -u; echo $nope'; echo "status $?"`)).To(Equal(Result{Stdout: "status 2\n", Stderr: "/bin/sh: 1: nope: parameter not set\n"}))
		Expect(Run(m, "ops", `/bin/sh -c '/usr/bin/python3'`)).To(Equal(Result{Stderr: "/bin/sh: 1: /usr/bin/python3: not found\n", Code: 127}))
	})

	It("refuses a hardware description it cannot report, naming the field", func() {
		for _, tc := range []struct {
			hw    machine.Hardware
			field string
		}{
			{machine.Hardware{CPUs: -1}, "hardware.cpus"},
			{machine.Hardware{NICs: []machine.NIC{{Name: "lo"}}}, "hardware.nics[0].name"},
			{machine.Hardware{NICs: []machine.NIC{{Name: "eth0", MAC: "zz"}}}, "hardware.nics[0].mac"},
			{machine.Hardware{Limits: machine.ULimits{OpenFiles: 10, OpenFilesHard: 5}}, "hardware.limits.open_files"},
		} {
			_, err := machine.New(machine.Description{Personality: "debian12", Hardware: tc.hw}, nil)
			Expect(err).To(MatchError(HavePrefix(tc.field + ": ")))
		}
	})
})

var _ = Describe("another user's process in /proc", func() {
	// Captured from bookworm as a user, PID 1 being root's: the kernel lets
	// only the owner and root read or follow /proc/PID/exe and cwd.
	It("hides its exe and cwd links from a user, not from root", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `readlink /proc/1/exe; echo $?; readlink -f /proc/1/cwd; echo $?; cat /proc/1/exe > /dev/null`)).
			To(Exited(1, "cat: /proc/1/exe: Permission denied\n"))
		Expect(Run(m, "ops", `readlink /proc/1/exe; echo $?`).Stdout).To(Equal("1\n"))
		r := Run(m, "ops", `ls -l /proc/1/exe`)
		Expect(r.Stderr).To(Equal("ls: cannot read symbolic link '/proc/1/exe': Permission denied\n"))
		Expect(r.Stdout).To(MatchRegexp(`^lrwxrwxrwx 1 root root 0 .* /proc/1/exe\n$`))
		Expect(r.Code).To(Equal(1))
		Expect(Run(m, "ops", `readlink /proc/$$/cwd`).Stdout).To(Equal(OpsHome("debian12") + "\n"))
		Expect(Run(m, "root", `readlink /proc/1/exe >/dev/null; echo $?`).Stdout).To(Equal("0\n"))
	})
})

var _ = Describe("loops' exit status", func() {
	// Captured from bookworm's bash 5.2: a while or until loop's status is
	// its body's last command's, zero when the body never ran, and not the
	// status of the condition that ended it.
	DescribeTable("is the body's last, as bash and dash give it",
		func(shell, script, want string) {
			Expect(Run(NewHost("debian12"), "ops", shell+" -c '"+script+"'").Stdout).To(Equal(want))
		},
		Entry("a body ending false", "bash", `while read -r l; do false; done < /etc/hostname; echo $?`, "1\n"),
		Entry("a test and list", "bash", `printf "a\nb\n" | while read -r l; do [ "$l" = a ] && echo "$l"; done; echo $?`, "a\n1\n"),
		Entry("a body never run", "bash", `while false; do :; done; echo $?`, "0\n"),
		Entry("until", "bash", `i=0; until [ $i = 2 ]; do i=$((i+1)); false; done; echo $?`, "1\n"),
		Entry("break", "bash", `while true; do false; break; done; echo $?`, "0\n"),
		Entry("return in the body", "bash", `f() { while true; do return 3; done; }; f; echo $?`, "3\n"),
		Entry("dash", "sh", `while read -r l; do false; done < /etc/hostname; echo $?`, "1\n"),
	)
})

var _ = Describe("the host's devices", func() {
	It("has /dev/null as a character device that reads empty and swallows writes", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `stat -c %F /dev/null; test -c /dev/null && echo char`).Stdout).To(Equal("character special file\nchar\n"))
		Expect(Run(m, "ops", `echo x | tee /dev/null; cp /srv/nosuch /dev/null 2>/dev/null; cat /dev/null | wc -c; cp /dev/null /tmp/empty && stat -c %s /tmp/empty`).Stdout).To(Equal("x\n0\n0\n"))
		Expect(Run(m, "ops", `echo data | tee -a /dev/null >/dev/null; wc -c < /dev/null`).Stdout).To(Equal("0\n"))
	})
})
