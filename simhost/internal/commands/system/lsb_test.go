package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("lsb_release", func() {
	It("answers from /etc/os-release in the form of the lsb-release the host ships", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", "lsb_release -a")).To(Equal(Result{
			Stdout: "Distributor ID:\tDebian\nDescription:\tDebian GNU/Linux 12 (bookworm)\nRelease:\t12\nCodename:\tbookworm\n"}))
		Expect(Run(m, "ops", "lsb_release -sr; lsb_release -is; lsb_release -sc").Stdout).To(Equal("12\nDebian\nbookworm\n"))
		Expect(Run(m, "ops", "lsb_release -x")).To(Equal(Result{Stderr: "lsb_release: invalid option -- 'x'\n", Code: 2}))
		// Debian 11's is the Python program, which speaks of LSB modules
		m = NewHost("debian11")
		Expect(Run(m, "ops", "lsb_release -a")).To(Equal(Result{
			Stdout: "Distributor ID:\tDebian\nDescription:\tDebian GNU/Linux 11 (bullseye)\nRelease:\t11\nCodename:\tbullseye\n",
			Stderr: "No LSB modules are available.\n"}))
		Expect(Run(m, "ops", "lsb_release -x")).To(Equal(Result{
			Stderr: "Usage: lsb_release [options]\n\nlsb_release: error: no such option: -x\n", Code: 2}))
	})
})
