package scenarios_test

import (
	"context"
	"net"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// serve starts s's host with its faults, closed when the spec ends.
func serve(s *scenarios.Scenario) *simhost.Host {
	GinkgoHelper()
	h, err := simhost.Start(context.Background(), s.Host)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(h.Close)
	// Host.Close hangs when it runs before the server has taken up its
	// listener (gliderlabs tracks it only once Serve runs): wait for the host
	// to accept a connection first.
	c, err := net.Dial("tcp", h.Addr())
	Expect(err).NotTo(HaveOccurred())
	Eventually(func() []events.Event { return h.Events().OfKind(events.ConnOpen) }).ShouldNot(BeEmpty())
	c.Close()
	for _, f := range s.Faults {
		_, err := h.Faults().Add(f)
		Expect(err).NotTo(HaveOccurred(), "fault %s", f.Name)
	}
	return h
}

func get(name string) *scenarios.Scenario {
	GinkgoHelper()
	s, err := scenarios.Get(name)
	Expect(err).NotTo(HaveOccurred())
	return s
}

var _ = Describe("the built-in library", func() {
	It("holds the three escalations, a baseline per personality and at least 15 field misbehaviours", func() {
		Expect(scenarios.Names()).To(ContainElements("rm-alias-solaris", "sudo-pam-lastlog", "old-glibc-push", "old-libc-solaris",
			"healthy-debian12", "healthy-debian11", "healthy-rhel7", "healthy-solaris10"))
		Expect(len(scenarios.Names())).To(BeNumerically(">=", 19))
		all, err := scenarios.Library()
		Expect(err).NotTo(HaveOccurred())
		Expect(all).To(HaveLen(len(scenarios.Names())))
	})

	for _, name := range scenarios.Names() {
		It(name+" loads, tells its story, names a known operation and both reference verdicts, and comes back the same from its YAML", func() {
			s := get(name)
			Expect(s.Name).To(Equal(name), "the name inside the file is the file's")
			Expect(s.Story).NotTo(BeEmpty())
			Expect(s.File).To(Equal("library:" + name))
			Expect([]string{scenarios.OpRun, scenarios.OpRemoveFile, scenarios.OpListPVs, scenarios.OpPushBinary, scenarios.OpConnectCheck}).
				To(ContainElement(s.Stimulus.Operation))
			Expect([]scenarios.Result{s.Reference.Legacy, s.Reference.Hardened}).To(HaveEach(BeElementOf(scenarios.Pass, scenarios.Fail)))

			again, err := scenarios.Parse("shown.yaml", s.YAML())
			Expect(err).NotTo(HaveOccurred(), "%s", s.YAML())
			again.File, again.Extends = s.File, s.Extends
			Expect(again).To(Equal(s))
		})

		It(name+" serves, with the user ops, its faults and its files", func() {
			s := get(name).WithOps()
			_, err := scenarios.Parse("with-ops.yaml", s.YAML())
			Expect(err).NotTo(HaveOccurred(), "the scenario with ops is a valid scenario too")
			h := serve(s)
			Expect(h.Machine().User("ops")).NotTo(BeNil())
			Expect(h.Faults().Snapshot()).To(HaveLen(len(s.Faults)))
			for _, f := range s.Host.Files {
				_, err := h.Machine().FS.Lstat(vfs.Root, f.Path)
				Expect(err).NotTo(HaveOccurred())
			}
		})
	}

	It("uses only fault types the catalogue has, with parameters it accepts", func() {
		all, err := scenarios.Library()
		Expect(err).NotTo(HaveOccurred())
		for _, s := range all {
			for _, f := range s.Faults {
				_, err := faults.Compile(f)
				Expect(err).NotTo(HaveOccurred(), "%s: %s", s.Name, f.Type)
			}
		}
	})

	It("puts 900 archived logs on the 001 host, owned by oracle, from one generate entry", func() {
		s := get("rm-alias-solaris")
		Expect(s.Generate).To(HaveLen(1))
		var logs []string
		for _, f := range s.Host.Files {
			if strings.HasPrefix(f.Path, "/export/home/oracle/logs/arch_") {
				logs = append(logs, f.Path)
				Expect(f.Owner).To(Equal("oracle"))
			}
		}
		Expect(logs).To(HaveLen(900))
		Expect(logs[0]).To(Equal("/export/home/oracle/logs/arch_1.log"))
		Expect(logs[899]).To(Equal("/export/home/oracle/logs/arch_900.log"))
		Expect(string(s.YAML())).To(ContainSubstring("count: 900"))
		Expect(string(s.YAML())).NotTo(ContainSubstring("arch_900.log"), "shown as its generate entry, not 900 files")

		h := serve(s)
		data, err := h.Machine().FS.ReadFile(vfs.Root, "/export/home/oracle/logs/arch_417.log")
		Expect(err).NotTo(HaveOccurred())
		Expect(string(data)).To(Equal("archived redo log 417, shipped by LogSync\n"))
	})
})
