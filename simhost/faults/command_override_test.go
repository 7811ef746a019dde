package faults_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("command-override", func() {
	override := func(params map[string]any) faults.Spec {
		return faults.Spec{Name: "qa", Type: "command-override", Params: params}
	}

	It("answers in a command's place with stdout, stderr and an exit status, after a delay", func() {
		h := faulted(override(map[string]any{"match": `^df\b`, "delay": "300ms", "exit": 1,
			"stdout": "Filesystem 1K-blocks Used Available Use% Mounted on\n",
			"stderr": "df: /mnt/nfs: Stale file handle\n"}))
		began := time.Now()
		s := sshRun(h, "ops", "df -k; echo status=$?")
		Expect(s).To(gexec.Exit(0))
		Expect(time.Since(began)).To(BeNumerically(">=", 300*time.Millisecond))
		Expect(string(s.Out.Contents())).To(Equal("Filesystem 1K-blocks Used Available Use% Mounted on\nstatus=1\n"))
		Expect(string(s.Err.Contents())).To(Equal("df: /mnt/nfs: Stale file handle\n"))
		Expect(h.Events().OfKind(events.FaultFired)).To(ContainElement(HaveField("Detail", "qa (command-override): df -k")))

		Expect(h.Faults().Remove("qa")).To(Succeed())
		s = sshRun(h, "ops", "df -k")
		Expect(s).To(gexec.Exit(0))
		Expect(s.Err.Contents()).To(BeEmpty())
	})

	It("fires on the Nth matching call only", func() {
		h := faulted(override(map[string]any{"match": `^hostname$`, "nth": 2, "stdout": "localhost\n"}))
		s := sshRun(h, "ops", "hostname; hostname; hostname")
		Expect(string(s.Out.Contents())).To(Equal("db01\nlocalhost\ndb01\n"))
	})

	It("fires only with or without a terminal, as tty says", func() {
		h := faulted(override(map[string]any{"match": `^id`, "tty": true, "stdout": "uid=0(root)\n"}))
		Expect(string(sshRun(h, "ops", "id -un").Out.Contents())).To(Equal("ops\n"))
		Expect(string(sshRun(h, "ops", "-tt", "id -un").Out.Contents())).To(Equal("uid=0(root)\r\n"))

		_, err := h.Faults().Update("qa", override(map[string]any{"match": `^id`, "tty": "false", "stdout": "uid=0(root)\n"}))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(sshRun(h, "ops", "id -un").Out.Contents())).To(Equal("uid=0(root)\n"))
		Expect(string(sshRun(h, "ops", "-tt", "id -un").Out.Contents())).To(Equal("ops\r\n"))
	})

	It("fires for one user only with scope.user", func() {
		spec := override(map[string]any{"stderr": "Account locked.\n", "exit": 126})
		spec.Scope.User = "root"
		h := faulted(spec)
		root := sshRun(h, "root", "whoami")
		Expect(root).To(gexec.Exit(126))
		Expect(string(root.Err.Contents())).To(Equal("Account locked.\n"))
		Expect(sshRun(h, "ops", "whoami")).To(SatisfyAll(gexec.Exit(0), WithTransform(func(s *gexec.Session) string { return string(s.Out.Contents()) }, Equal("ops\n"))))
	})

	It("prompts first and waits for a line before answering", func() {
		h := faulted(override(map[string]any{"match": `^yum update`,
			"prompt": "Is this ok [y/d/N]: ", "stdout": "Complete!\n"}))
		cmd := openssh(h).SSH("ops", "yum update -y kernel")
		w := must(cmd.StdinPipe()) // held open: an os pipe, so Wait does not wait for a copy
		s := start(cmd)
		Eventually(s.Err).Should(gbytes.Say(`Is this ok \[y/d/N\]: $`))
		Consistently(s, "500ms").ShouldNot(gexec.Exit())
		w.Write([]byte("y\n"))
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("Complete!\n"))
	})

	It("fills placeholders in its texts", func() {
		h := faulted(override(map[string]any{"match": `^cat `, "exit": 1,
			"stderr": "{cmd}: {last}: Input/output error ({user}@{host})\n"}))
		s := sshRun(h, "ops", "cat /etc/hostname")
		Expect(s).To(gexec.Exit(1))
		Expect(string(s.Err.Contents())).To(Equal("cat: /etc/hostname: Input/output error (ops@db01)\n"))
	})

	It("refuses bad parameters, naming them", func() {
		_, err := faults.Compile(override(map[string]any{"exit": 300}))
		Expect(err).To(MatchError(`fault "qa": exit: 300 is outside 0..255`))
		_, err = faults.Compile(override(map[string]any{"match": "[a-"}))
		Expect(err).To(MatchError(ContainSubstring(`fault "qa": match: error parsing regexp`)))
		_, err = faults.Compile(override(map[string]any{"tty": "maybe"}))
		Expect(err).To(MatchError(ContainSubstring(`fault "qa": tty:`)))
		_, err = faults.Compile(override(map[string]any{"nth": -1}))
		Expect(err).To(MatchError(`fault "qa": nth: -1 is negative`))
	})
})
