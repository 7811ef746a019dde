package privilege_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Expected bytes captured from hostile-os:bookworm and bullseye (util-linux
// 2.38.1 and 2.36.1), root running commands as a user "app" (here ops).
var _ = Describe("runuser", func() {
	It("runs a command as the user with no password, directly with -u or through the user's shell", func() {
		m := NewHost("debian12")
		home := OpsHome("debian12")
		Expect(Run(m, "root", `runuser -u ops -- id -un; runuser -u ops -- sh -c 'echo $HOME $USER $LOGNAME'`).Stdout).
			To(Equal("ops\n" + home + " ops ops\n"))
		Expect(Run(m, "root", `runuser -l ops -c 'echo $HOME; pwd'; runuser ops -c 'id -un'; runuser -s /bin/sh ops -c 'echo $0'`).Stdout).
			To(Equal(home + "\n" + home + "\nops\nsh\n"))
	})
	DescribeTable("refuses what util-linux refuses",
		func(user, script string, stderr string) {
			Expect(Run(NewHost("debian12"), user, script)).To(Exited(1, stderr))
		},
		Entry("a user", "ops", `/usr/sbin/runuser -u root id`, "runuser: may not be used by non-root users\n"),
		Entry("an unknown user", "root", `runuser -u nosuch id`, "runuser: user nosuch does not exist or the user entry does not contain all the required fields\n"),
		Entry("-un read as -u n", "root", `runuser -u ops id -un`, "runuser: user n does not exist or the user entry does not contain all the required fields\n"),
		Entry("no command", "root", `runuser -u ops`, "runuser: no command was specified\n"),
		Entry("-u with -c", "root", `runuser -u ops -c id`, "runuser: options --{shell,fast,command,session-command,login} and --user are mutually exclusive\n"),
		Entry("a missing program", "root", `runuser -u ops -- nosuchcmd`, "runuser: failed to execute nosuchcmd: No such file or directory\n"),
		Entry("a bad option", "root", `runuser -x`, "runuser: invalid option -- 'x'\nTry 'runuser --help' for more information.\n"),
	)
})
