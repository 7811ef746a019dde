package privilege_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm and bullseye containers, as
// root with a user made by useradd -m.
var _ = Describe("runuser", func() {
	It("runs a command as the user, directly with -u, through the shell as su does", func() {
		m := NewHost("debian12")
		Expect(Run(m, "root", `cd /tmp; runuser -u ops -- id -un`)).To(Equal(Result{Stdout: "ops\n"}))
		Expect(Run(m, "root", `cd /tmp; runuser -u ops -- sh -c 'echo $HOME $USER $LOGNAME; pwd'`).Stdout).To(Equal("/home/ops ops ops\n/tmp\n"))
		Expect(Run(m, "root", `cd /tmp; runuser ops -c 'echo $HOME $USER; pwd'`).Stdout).To(Equal("/home/ops ops\n/tmp\n"))
		Expect(Run(m, "root", `cd /tmp; runuser -l ops -c 'echo $HOME $USER; pwd'`).Stdout).To(Equal("/home/ops ops\n/home/ops\n"))
		Expect(Run(m, "root", `runuser -u ops -- false`).Code).To(Equal(1))
	})
	DescribeTable("complains as util-linux does",
		func(script, stderr string) {
			Expect(Run(NewHost("debian12"), "root", script)).To(Exited(1, stderr))
		},
		Entry("an unknown user", `runuser -u nosuch -- id`, "runuser: user nosuch does not exist or the user entry does not contain all the required fields\n"),
		Entry("no command", `runuser -u nosuch`, "runuser: no command was specified\n"),
		Entry("su's options with -u", `runuser -u ops -c id`, "runuser: options --{shell,fast,command,session-command,login} and --user are mutually exclusive\n"),
		Entry("a program not there", `runuser -u ops -- nosuchcmd`, "runuser: failed to execute nosuchcmd: No such file or directory\n"),
		Entry("an invalid option", `runuser -x`, "runuser: invalid option -- 'x'\nTry 'runuser --help' for more information.\n"),
		Entry("a long option's missing argument", `runuser --user`, "runuser: option '--user' requires an argument\nTry 'runuser --help' for more information.\n"),
		Entry("a user who is not root", `su ops -c "/sbin/runuser -u root -- id"`, "runuser: may not be used by non-root users\n"),
	)
	It("leaves su's own words to su", func() {
		Expect(Run(NewHost("debian12"), "root", `su --command`)).To(Exited(1, "su: option '--command' requires an argument\nTry 'su --help' for more information.\n"))
		Expect(Run(NewHost("debian12"), "root", `su -c`)).To(Exited(1, "su: option requires an argument -- 'c'\nTry 'su --help' for more information.\n"))
	})
})
