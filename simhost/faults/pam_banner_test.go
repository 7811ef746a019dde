package faults_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("pam-banner", func() {
	const pvs = "sudo -n pvs --noheadings -o pv_name,vg_name"

	// The 004 hypervisor: RHEL 7 with LVM, ops allowed to sudo anything.
	hypervisor := func(specs ...faults.Spec) *simhost.Host {
		return startHost(machine.Description{Personality: "rhel7",
			Sudoers: []string{"ops ALL=(ALL) NOPASSWD: ALL"},
			LVM: machine.LVM{
				VGs: []machine.VG{{Name: "rhel"}, {Name: "data"}},
				PVs: []machine.PV{{Name: "/dev/sda2", VG: "rhel", Size: 100 << 30, Free: 4 << 30},
					{Name: "/dev/sdb", VG: "data", Size: 500 << 30, Free: 500 << 30}},
			},
		}, specs...)
	}

	It("puts sudo's 'Last login' line before pvs output on stdout (004)", func() {
		h := hypervisor()
		clean := sshRun(h, "ops", pvs)
		Expect(clean).To(gexec.Exit(0))
		pvLines := string(clean.Out.Contents())
		Expect(strings.Split(strings.TrimSpace(pvLines), "\n")).To(HaveLen(2))

		_, err := h.Faults().Add(faults.Spec{Type: "pam-banner"})
		Expect(err).NotTo(HaveOccurred())
		s := sshRun(h, "ops", pvs)
		Expect(s).To(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0\n" + pvLines))
		Expect(s.Err.Contents()).To(BeEmpty())

		Expect(h.Faults().Remove("pam-banner")).To(Succeed())
		Expect(string(sshRun(h, "ops", pvs).Out.Contents())).To(Equal(pvLines))
	})

	It("speaks only when sudo runs a shell with only_shell, as stock pam_lastlog does", func() {
		h := hypervisor(faults.Spec{Type: "pam-banner", Params: map[string]any{"only_shell": true, "text": "Last login: Mon Jan  7 09:00:00 UTC 2019 from 10.1.1.1"}})
		Expect(string(sshRun(h, "ops", "sudo -n true").Out.Contents())).To(BeEmpty())
		s := sshRun(h, "ops", "sudo -n -s true")
		Expect(s).To(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("Last login: Mon Jan  7 09:00:00 UTC 2019 from 10.1.1.1\n"))
	})

	It("greets a login shell with MOTD and lastlog for sshd", func() {
		h := faulted(faults.Spec{Type: "pam-banner", Params: map[string]any{
			"services": []string{"sshd"}, "motd": "Authorized use only.", "text": "Last login: Fri Dec 28 21:41:33 2018 from 10.0.0.7"}})
		cmd := openssh(h).SSH("ops", "-T")
		cmd.Stdin = strings.NewReader("echo hi\n")
		s := start(cmd)
		Eventually(s).Should(gexec.Exit(0))
		Expect(string(s.Out.Contents())).To(Equal("Authorized use only.\nLast login: Fri Dec 28 21:41:33 2018 from 10.0.0.7\nhi\n"))
		// not for sudo, nor for a command
		Expect(string(sshRun(h, "ops", "echo hi").Out.Contents())).To(Equal("hi\n"))
	})

	It("refuses an unknown PAM service", func() {
		_, err := faults.Compile(faults.Spec{Type: "pam-banner", Params: map[string]any{"services": []string{"sudoo"}}})
		Expect(err).To(MatchError(`fault "pam-banner": services: "sudoo" is not sudo, sudo-i, su, su-l or sshd`))
	})
})
