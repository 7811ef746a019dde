package commands_test

import (
	"os"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// openDescriptors counts the test process's own open files.
func openDescriptors() int {
	entries, err := os.ReadDir("/proc/self/fd")
	Expect(err).NotTo(HaveOccurred())
	return len(entries)
}

// A `< file` of the simulated host reads the host's file where it is: no
// pipe of the real machine, no goroutine copying into one that stays when the
// reader stops early (it did, until the garbage collector closed the pipe).
var _ = Describe("input redirected from a file", func() {
	It("takes no descriptor of the real machine, even when its reader stops early", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `yes | head -c 1048576 > /tmp/big; echo done`).Stdout).To(Equal("done\n"))
		before := openDescriptors()
		script := strings.Repeat("head -c 1 < /tmp/big; exec 3< /tmp/big; head -c 1 <&3; exec 3<&-\n", 50)
		r := Run(m, "ops", script)
		Expect(r.Stderr).To(BeEmpty())
		Expect(r.Stdout).To(Equal(strings.Repeat("yy", 50)))
		Expect(openDescriptors()).To(BeNumerically("<", before+5))
	})
})
