package commands_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Captured on hostile-os:bookworm with a full 8 KiB tmpfs on /var/tmp
// (docker run --tmpfs /var/tmp:size=8k, filled with head -c 8192 /dev/zero):
// each writer reports the error and exits 1, leaving an empty file.
var _ = Describe("writing to a full disk", func() {
	fullVarTmp := func() *machine.Machine {
		m := NewHost("debian12", func(d *machine.Description) {
			d.Mounts = []vfs.Mount{{Path: "/var/tmp", FSType: "tmpfs", Device: "tmpfs", SizeBytes: 8192}}
		})
		Expect(Run(m, "root", `printf "%8192s" "" > /var/tmp/fill`)).To(Equal(Result{}))
		return m
	}

	DescribeTable("says write error and exits 1, as bash 5.2 and coreutils do",
		func(script, stderr string) {
			m := fullVarTmp()
			Expect(Run(m, "ops", script)).To(Equal(Result{Stderr: stderr, Code: 1}))
		},
		Entry("bash's echo", "echo x > /var/tmp/f", "bash: line 1: echo: write error: No space left on device\n"),
		Entry("bash's printf", `printf "x\n" > /var/tmp/g`, "bash: line 1: printf: write error: No space left on device\n"),
		Entry("/bin/echo", "/bin/echo x > /var/tmp/h", "/bin/echo: write error: No space left on device\n"),
		Entry("/usr/bin/printf", "/usr/bin/printf x > /var/tmp/h2", "/usr/bin/printf: write error: No space left on device\n"),
		Entry("cat from a pipe", "echo abc | cat > /var/tmp/i", "cat: write error: No space left on device\n"),
		Entry("cat of a file", "cat /etc/hostname > /var/tmp/j", "cat: write error: No space left on device\n"),
	)

	It("shows the mount full in df, as writes see it", func() {
		r := Run(fullVarTmp(), "ops", "df /var/tmp")
		Expect(r.Code).To(Equal(0))
		Expect(r.Stdout).To(MatchRegexp(`(?m)^tmpfs\s+8\s+8\s+0\s+100% /var/tmp$`))
	})

	It("enforces a mount's size: 8,000 bytes do not fit in 4 KiB, and df agrees", func() {
		m := NewHost("debian12", func(d *machine.Description) {
			d.Mounts = []vfs.Mount{{Path: "/small", FSType: "ext4", Device: "/dev/sdb1", SizeBytes: 4096}}
		})
		r := Run(m, "root", `printf "%8000s" "" > /small/big`)
		Expect(r.Code).To(Equal(1))
		Expect(r.Stderr).To(ContainSubstring("No space left on device"))
		Expect(Content(m, "/small/big")).To(HaveLen(4096), "what fit was written")
		df := Run(m, "root", "df /small")
		Expect(df.Stdout).To(MatchRegexp(`(?m)^/dev/sdb1\s+4\s+4\s+0\s+100% /small$`))
		Expect(strings.Count(df.Stdout, "\n")).To(Equal(2))
	})

	It("ends a program writing to a pipe whose reader left as SIGPIPE does: silently, status 141", func() {
		// Debian 12: seq 1 200000 | head -1 prints 1 and nothing on stderr;
		// with pipefail the pipeline's status is seq's 141.
		r := Run(NewHost("debian12"), "ops", `(set -o pipefail; seq 1 200000 | head -1; echo "status $?"); LANG=fr_FR.UTF-8 locale 2>/dev/null | head -1`)
		Expect(r).To(Equal(Result{Stdout: "1\nstatus 141\nLANG=fr_FR.UTF-8\n"}))
	})
})
