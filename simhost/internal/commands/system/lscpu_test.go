package system_test

import (
	"os"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// lscpuScript is what testdata/lscpu-VERSION holds: the real lscpu of
// util-linux VERSION, run as `lscpu -s ROOT` over a tree holding the
// simulated host's /proc/cpuinfo and the topology (possible, online,
// cpuN/topology, node0) a bookworm container's /sys has, without its caches
// and vulnerabilities, which the simulated host does not describe.
const lscpuScript = `lscpu; echo "--"; lscpu -J; echo "--"; lscpu -p; echo "--"; lscpu -e; echo "--"; lscpu -p=cpu,node,online; lscpu -e=Cpu,online; echo "--"; lscpu -p=bogus; echo "rc=$?"; lscpu -x | grep -e mask -e NUMA`

var _ = Describe("lscpu", func() {
	DescribeTable("prints the host's processors in its util-linux's layout",
		func(personality, version string) {
			want, err := os.ReadFile("testdata/lscpu-" + version)
			Expect(err).NotTo(HaveOccurred())
			m := NewHost(personality)
			Expect(Run(m, "ops", "{ "+lscpuScript+"; } 2>&1").Stdout).To(Equal(string(want)))
			Expect(Run(m, "ops", "lscpu -V; lscpu --help | head -3")).To(Equal(Result{Stdout: "lscpu from util-linux " + version + "\n\nUsage:\n lscpu [options]\n"}))
			Expect(Run(m, "ops", "lscpu -a")).To(Equal(Result{Stderr: "lscpu: options --all, --online and --offline may only be used with options --extended or --parse.\n", Code: 1}))
		},
		Entry("bookworm's 2.38: the rewrite's order, NUMA after Flags, JSON objects over lines", "debian12", "2.38.1"),
		Entry("bullseye's 2.36: CPU MHz, NUMA with the topology, Flags last, JSON an object a line", "debian11", "2.36.1"),
	)
	It("knows 2.38's MHZ column, which 2.36 did not have", func() {
		Expect(Run(NewHost("debian11"), "ops", "lscpu -e=cpu,mhz")).To(Equal(Result{Stderr: "lscpu: unknown column: mhz\n", Code: 1}))
		Expect(strings.Contains(Run(NewHost("debian12"), "ops", "lscpu -e=cpu,mhz").Stderr, "unknown column")).To(BeFalse())
	})
})
