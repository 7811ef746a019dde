package scenarios_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/scenarios"
)

var _ = Describe("loading", func() {
	It("loads a built-in scenario", func() {
		s, err := scenarios.Get("healthy-debian12")
		Expect(err).NotTo(HaveOccurred())
		Expect(s.Host.Users[0].Groups).To(Equal([]string{"sudo"}))
		Expect(s.Host.LVM.PVs[0].Size).To(Equal(int64(20 << 30)))
		Expect(s.Stimulus.User).To(Equal("app"))
	})
})
