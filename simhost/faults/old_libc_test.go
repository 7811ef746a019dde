package faults_test

import (
	"debug/elf"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/personality"
)

var _ = Describe("old-libc", func() {
	It("makes a binary linked on bookworm fail on the host's older glibc with glibc's words (the 000 case)", func() {
		h := startHost(machine.Description{Personality: "debian12"},
			faults.Spec{Type: "old-libc", Params: map[string]any{"version": "2.31"}})
		push(h, "ops", "/tmp/h/hello", elfbin.LinuxAmd64("GLIBC_2.34"))

		s := run(h, "ops", "/tmp/h/hello")
		Expect(s.ExitCode()).To(Equal(1))
		Expect(s.Out.Contents()).To(BeEmpty())
		Expect(string(s.Err.Contents())).To(Equal(
			"/tmp/h/hello: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /tmp/h/hello)\n"))
		Expect(h.Events().OfKind(events.FaultFired)).To(ContainElement(HaveField("Detail", HavePrefix("old-libc (old-libc)"))))

		Expect(h.Faults().Remove("old-libc")).To(Succeed())
		Expect(run(h, "ops", "/tmp/h/hello").ExitCode()).To(Equal(0))
	})

	It("makes ld.so.1 refuse a binary on an older Solaris 10 update, and kill it", func() {
		h := startHost(machine.Description{Personality: "solaris10-sparc"},
			faults.Spec{Type: "old-libc", Params: map[string]any{"version": "SUNW_1.21"}})
		push(h, "root", "/opt/y/rsync", elfbin.SolarisSparc("SUNW_1.22"))
		push(h, "root", "/opt/x/rsync", elfbin.SolarisSparc("SUNW_1.23"))

		// The host's own libc stops at SUNW_1.22: the fault takes the update before it.
		s := run(h, "root", "/opt/y/rsync --version")
		Expect(s.ExitCode()).To(Equal(137))
		Expect(s.Out.Contents()).To(BeEmpty())
		Expect(string(s.Err.Contents())).To(Equal(
			"ld.so.1: rsync: fatal: libc.so.1: version `SUNW_1.22' not found (required by file /opt/y/rsync)\nKilled\n"))
		s = run(h, "root", "/opt/x/rsync --version")
		Expect(s.ExitCode()).To(Equal(137))
		Expect(string(s.Err.Contents())).To(Equal(
			"ld.so.1: rsync: fatal: libc.so.1: version `SUNW_1.23' not found (required by file /opt/x/rsync)\nKilled\n"))

		Expect(h.Faults().Remove("old-libc")).To(Succeed())
		Expect(run(h, "root", "/opt/y/rsync --version").ExitCode()).To(Equal(0))
	})

	It("caps only a libc of its own family, and only downwards", func() {
		loader := func(version string) faults.LoaderFault {
			a, err := faults.Compile(faults.Spec{Type: "old-libc", Params: map[string]any{"version": version}})
			Expect(err).NotTo(HaveOccurred())
			return a.Fault.(faults.LoaderFault)
		}
		debian := must(personality.Lookup("debian12"))
		solaris := must(personality.Lookup("solaris10-sparc"))

		libc, machines := loader("GLIBC_2.17").Loader(debian.Libc, debian.Machines)
		Expect(libc.Version).To(Equal("2.17"))
		Expect(libc.Versions).To(ContainElements("GLIBC_2.2.5", "GLIBC_2.3.4", "GLIBC_2.17"))
		Expect(libc.Versions).NotTo(ContainElement("GLIBC_2.18"))
		Expect(libc.Path).To(Equal(debian.Libc.Path))
		Expect(machines).To(Equal([]elf.Machine{elf.EM_X86_64}))
		Expect(debian.Libc.Versions).To(ContainElement("GLIBC_2.36"), "the personality is left alone")

		Expect(loader("2.40").Loader(debian.Libc, nil)).To(Equal(debian.Libc))
		Expect(loader("2.31").Loader(solaris.Libc, nil)).To(Equal(solaris.Libc))

		libc, _ = loader("SUNW_1.9").Loader(solaris.Libc, nil)
		Expect(libc.Version).To(Equal("SUNW_1.9"))
		Expect(libc.Versions).To(Equal([]string{"SYSVABI_1.3", "SUNWprivate_1.1", "SUNW_1.1", "SUNW_1.2", "SUNW_1.3",
			"SUNW_1.4", "SUNW_1.5", "SUNW_1.6", "SUNW_1.7", "SUNW_1.8", "SUNW_1.9"}))
	})

	It("refuses a version that is not a libc version, naming the parameter", func() {
		_, err := faults.Compile(faults.Spec{Type: "old-libc", Params: map[string]any{"version": "bullseye"}})
		Expect(err).To(MatchError(`fault "old-libc": version: "bullseye" is not a libc version such as 2.31, GLIBC_2.31 or SUNW_1.22`))
	})
})
