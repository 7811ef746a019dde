package faults_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("auth-banner", func() {
	const banner = "*** NOTICE: Unauthorized access to db01 is prohibited ***\nDisconnect NOW if you are not an authorized user.\n"

	It("makes OpenSSH print the banner on stderr before the command's output; the command still runs", func() {
		h := faulted(faults.Spec{Type: "auth-banner", Params: map[string]any{"text": banner}})
		cmd := sshWith(h, nil, "ops", "echo in")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out := must(cmd.Output())
		Expect(string(out)).To(Equal("in\n"))
		Expect(stderr.String()).To(ContainSubstring(banner))

		// In one stream, as a tool that merges them reads it: the banner comes first.
		both := string(must(sshWith(h, nil, "ops", "echo in").CombinedOutput()))
		Expect(both).To(HaveSuffix(banner + "in\n"))

		Expect(h.Faults().Remove("auth-banner")).To(Succeed())
		both = string(must(sshWith(h, nil, "ops", "echo in").CombinedOutput()))
		Expect(both).NotTo(ContainSubstring("NOTICE"))
		Expect(both).To(HaveSuffix("in\n"))
	})

	It("refuses an empty banner", func() {
		_, err := faults.Compile(faults.Spec{Type: "auth-banner", Params: map[string]any{"text": ""}})
		Expect(err).To(MatchError(`fault "auth-banner": text: is empty; remove the fault for no banner`))
	})
})
