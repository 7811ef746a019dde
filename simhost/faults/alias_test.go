package faults_test

import (
	"regexp"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("alias", func() {
	const logs = "/export/home/oracle/logs"

	// The 001 host: Solaris 10, an oracle user whose shell is ksh, redo logs.
	solaris := func(specs ...faults.Spec) *simhost.Host {
		return startHost(machine.Description{Personality: "solaris10-sparc",
			Users: []machine.User{{Name: "oracle", Shell: "/bin/ksh"}},
			Files: []machine.File{{Path: logs, Dir: true, Owner: "oracle"},
				{Path: logs + "/x.log", Content: "redo\n", Owner: "oracle"},
				{Path: logs + "/a.log", Content: "redo\n", Owner: "oracle"},
				{Path: logs + "/b.log", Content: "redo\n", Owner: "oracle"}},
		}, specs...)
	}

	It("makes rm -f prompt on Solaris and wait until stdin closes, leaving the file (001)", func() {
		h := solaris(faults.Spec{Type: "alias"})
		rm := startHeld(h, "oracle", "rm -f "+logs+"/x.log")
		Eventually(rm.stderr).Should(gbytes.Say(regexp.QuoteMeta("rm: remove " + logs + "/x.log (yes/no)? ")))
		Consistently(rm.done, time.Second).ShouldNot(Receive())

		Expect(rm.stdin.Close()).To(Succeed())
		Eventually(rm.done).Should(Receive(BeNil())) // exit 0
		Expect(exists(h, logs+"/x.log")).To(BeTrue())
		Expect(commandArgvs(h)).To(ContainElement([]string{"rm", "-i", "-f", logs + "/x.log"}))
		Expect(string(rm.stdout.Contents())).To(BeEmpty())
	})

	It("is bypassed by \\rm and /bin/rm, and removing it restores rm -f", func() {
		h := solaris(faults.Spec{Type: "alias"})
		Expect(sshRun(h, "oracle", `\rm -f `+logs+"/a.log")).To(gexec.Exit(0))
		Expect(exists(h, logs+"/a.log")).To(BeFalse())
		Expect(sshRun(h, "oracle", "/bin/rm -f "+logs+"/b.log")).To(gexec.Exit(0))
		Expect(exists(h, logs+"/b.log")).To(BeFalse())
		Expect(commandArgvs(h)).To(ContainElements([]string{"rm", "-f", logs + "/a.log"}, []string{"/bin/rm", "-f", logs + "/b.log"}))

		Expect(h.Faults().Remove("alias")).To(Succeed())
		cmd := openssh(h).SSH("oracle", "rm -f "+logs+"/x.log")
		_ = must(cmd.StdinPipe()) // held open (until Wait), yet rm -f no longer waits on it
		rm := start(cmd)
		Eventually(rm).Should(gexec.Exit(0))
		Expect(rm.Err.Contents()).To(BeEmpty())
		Expect(exists(h, logs+"/x.log")).To(BeFalse())
	})

	It("lets GNU rm's later -f win on Debian, while a bare rm prompts", func() {
		h := startHost(machine.Description{Personality: "debian12",
			Files: []machine.File{{Path: "/tmp/x", Content: "data\n", Owner: "ops"}, {Path: "/tmp/y", Content: "data\n", Owner: "ops"}},
		}, faults.Spec{Type: "alias"})
		s := sshRun(h, "ops", "rm -f /tmp/x")
		Expect(s).To(gexec.Exit(0))
		Expect(s.Err.Contents()).To(BeEmpty())
		Expect(exists(h, "/tmp/x")).To(BeFalse())

		s = sshRun(h, "ops", "rm /tmp/y") // stdin at EOF: the answer is no
		Expect(s).To(gexec.Exit(0))
		Expect(string(s.Err.Contents())).To(Equal("rm: remove regular file '/tmp/y'? "))
		Expect(exists(h, "/tmp/y")).To(BeTrue())
		Expect(commandArgvs(h)).To(ContainElements([]string{"rm", "-i", "-f", "/tmp/x"}, []string{"rm", "-i", "/tmp/y"}))
	})

	It("adds RHEL's root aliases for cp and mv, and shows them to alias and type", func() {
		h := startHost(machine.Description{Personality: "rhel7"}, faults.Spec{Type: "alias", Scope: faults.Scope{User: "root"},
			Params: map[string]any{"rhel-root": true, "aliases": map[string]any{"ll": "ls -l"}}})
		s := sshRun(h, "root", "type cp mv rm ll")
		Expect(s).To(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("cp is aliased to `cp -i'\nmv is aliased to `mv -i'\nrm is aliased to `rm -i'\nll is aliased to `ls -l'\n"))
		Expect(string(sshRun(h, "ops", "type rm").Out.Contents())).To(Equal("rm is /usr/bin/rm\n"))
	})

	It("refuses a bad alias name, naming the parameter", func() {
		_, err := faults.Compile(faults.Spec{Type: "alias", Params: map[string]any{"aliases": map[string]any{"r m": "rm -i"}}})
		Expect(err).To(MatchError(ContainSubstring(`fault "alias": aliases: "r m" is not an alias name`)))
		_, err = faults.Compile(faults.Spec{Type: "alias", Params: map[string]any{"aliases": map[string]any{}}})
		Expect(err).To(MatchError(`fault "alias": aliases: no alias given`))
	})
})
