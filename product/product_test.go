package product_test

import (
	"context"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/product"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

var _ = Describe("the reference product client", func() {
	ctx := context.Background()

	Describe("removing a file on a Solaris host where rm is aliased to rm -i (001)", func() {
		var d machine.Description
		BeforeEach(func() {
			d = machine.Description{Personality: "solaris10-sparc", Users: []machine.User{{
				Name: "oracle", Shell: "/bin/ksh", RC: map[string]string{".kshrc": "alias rm='rm -i'\n"},
			}}, Files: []machine.File{
				{Path: "/export/home/oracle/logs", Dir: true, Owner: "oracle"},
				{Path: "/export/home/oracle/logs/arch_1.log", Content: "redo\n", Owner: "oracle"}}}
		})

		It("legacy hangs on the prompt with its connection open until the client is closed", func() {
			h := host(d)
			c := client(h, "oracle", product.Legacy)
			done := make(chan error, 1)
			go func() { done <- c.RemoveFile(ctx, "/export/home/oracle/logs/arch_1.log") }()
			// Evidence, not elapsed time: its rm waits at the prompt, however
			// slowly a busy machine got it there, and it stays there.
			Eventually(h.BlockedOnInput).Should(ConsistOf(HaveField("Command", ContainSubstring("rm "))))
			Consistently(done, 500*time.Millisecond).ShouldNot(Receive())
			Expect(h.OpenSessions()).To(Equal(1))
			Expect(c.OpenConnections()).To(Equal(1))
			c.Close()
			Eventually(done).Should(Receive(HaveOccurred()))
			Expect(h.Machine().FS.Stat(vfs.Root, "/export/home/oracle/logs/arch_1.log")).NotTo(BeNil())
		})

		It("hardened deletes the file, alias or not, and checks it is gone", func() {
			h := host(d)
			c := client(h, "oracle", product.Hardened)
			Expect(c.RemoveFile(ctx, "/export/home/oracle/logs/arch_1.log")).To(Succeed())
			_, err := h.Machine().FS.Stat(vfs.Root, "/export/home/oracle/logs/arch_1.log")
			Expect(err).To(HaveOccurred())
		})
	})

	Describe("listing physical volumes through a sudo that prints a PAM banner (004)", func() {
		var d machine.Description
		banner := faults.Spec{Type: "command-override", Params: map[string]any{
			"match": `^sudo `, "stdout": "Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0\n", "then": "run"}}
		BeforeEach(func() {
			d = machine.Description{Personality: "rhel7", Users: []machine.User{{Name: "vdsm"}},
				Sudoers: []string{"vdsm ALL=(ALL) NOPASSWD: ALL"},
				LVM: machine.LVM{VGs: []machine.VG{{Name: "vg0"}},
					PVs: []machine.PV{{Name: "/dev/sda2", VG: "vg0", Size: 20 << 30, Free: 4 << 30}}},
				Files: []machine.File{{Path: "/etc/pam.d/sudo", Content: "session optional pam_exec.so type=open_session stdout /usr/local/bin/lastlog-banner\n"},
					{Path: "/usr/local/bin/lastlog-banner", Mode: 0o755, Content: "#!/bin/sh\necho 'Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0'\n"}}}
		})
		_ = banner

		It("legacy dies on the foreign line with vdsm's error", func() {
			c := client(host(d), "vdsm", product.Legacy)
			_, _, err := c.ListPhysicalVolumes(ctx)
			Expect(err).To(MatchError("InvalidLine: Missing field 'pv_name' in line 'Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0'"))
		})

		It("hardened gets the volumes and reports the foreign line", func() {
			c := client(host(d), "vdsm", product.Hardened)
			pvs, warnings, err := c.ListPhysicalVolumes(ctx)
			Expect(err).NotTo(HaveOccurred())
			Expect(pvs).To(Equal([]product.PV{{Name: "/dev/sda2", VG: "vg0", Size: 20 << 30, Free: 4 << 30}}))
			Expect(warnings).To(ConsistOf(ContainSubstring("Last login: Fri Dec 28 21:41:33 EST 2018 on pts/0")))
		})
	})

	Describe("pushing a helper built for a newer libc (000)", func() {
		newer := product.Build{Name: "helper-glibc2.34", Data: must(elfbin.Write(elfbin.LinuxAmd64("GLIBC_2.34")))}
		older := product.Build{Name: "helper-glibc2.28", Data: must(elfbin.Write(elfbin.LinuxAmd64("GLIBC_2.28")))}
		d := machine.Description{Personality: "debian11", Users: []machine.User{{Name: "app"}}}

		It("legacy sends it anyway and the loader refuses it", func() {
			c := client(host(d), "app", product.Legacy)
			_, err := c.PushBinary(ctx, []product.Build{newer, older}, "/tmp/helper", []string{"--version"})
			Expect(err).To(MatchError(ContainSubstring("version `GLIBC_2.34' not found")))
		})

		It("hardened sends the build that fits", func() {
			h := host(d)
			c := client(h, "app", product.Hardened)
			_, err := c.PushBinary(ctx, []product.Build{newer, older}, "/tmp/helper", []string{"--version"})
			Expect(err).NotTo(HaveOccurred())
			Expect(h.Machine().FS.ReadFile(vfs.Root, "/tmp/helper")).To(Equal(older.Data))
		})

		It("hardened refuses when nothing fits, naming what is needed and what the host has", func() {
			c := client(host(d), "app", product.Hardened)
			_, err := c.PushBinary(ctx, []product.Build{newer}, "/tmp/helper", nil)
			Expect(err).To(MatchError(SatisfyAll(ContainSubstring("GLIBC_2.31"), ContainSubstring("needs GLIBC_2.34"))))
		})

		It("hardened reads a Solaris host's libc with pvs -d and picks the SUNW build that fits", func() {
			sol := machine.Description{Personality: "solaris10-sparc", Users: []machine.User{{Name: "oracle"}}}
			h := host(sol)
			c := client(h, "oracle", product.Hardened)
			fits := product.Build{Name: "rsync-sunw1.22", Data: must(elfbin.Write(elfbin.SolarisSparc("SUNW_1.22")))}
			_, err := c.PushBinary(ctx, []product.Build{{Name: "rsync-sunw1.23", Data: must(elfbin.Write(elfbin.SolarisSparc("SUNW_1.23")))}, fits}, "/var/tmp/rsync", []string{"--version"})
			Expect(err).NotTo(HaveOccurred())
			Expect(h.Machine().FS.ReadFile(vfs.Root, "/var/tmp/rsync")).To(Equal(fits.Data))
		})
	})
})

func must[T any](v T, err error) T {
	Expect(err).NotTo(HaveOccurred())
	return v
}
