package recorder_test

import (
	"context"
	"os/exec"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/internal/recorder"
	"github.com/hostile-lab/hostile/product"
)

// The round trip against a real OS: real sshd, bash, sudo and PAM in a Debian
// container configured to misbehave as the 004 host did, recorded, then
// replayed on the simulated host.
var _ = Describe("hostile record against a real container", Label("container"), func() {
	ctx := context.Background()
	BeforeEach(hostiletest.NeedDocker)

	It("replays every command recorded from the container byte for byte, and the legacy product fails the same way on both", func() {
		original := misbehaving()
		ctr := must(harness.StartContainer(ctx, original, hostiletest.Key(), harness.WithBuildLog(GinkgoWriter)))
		DeferCleanup(func() {
			Expect(ctr.Close()).To(Succeed())
			Expect(exec.Command("docker", "ps", "-aq", "--filter", "id="+ctr.ID()).Output()).To(BeEmpty(), "the container is removed")
		})
		for _, note := range ctr.Notes {
			GinkgoWriter.Println("container:", note)
		}
		r := startRecorder(ctr.Addr(), "vdsm")
		seen := recordSession(r)
		Expect(r.Close()).To(Succeed())
		_, recorded := write(r.Recording(), recorder.ScenarioOptions{Name: "recorded-container", Reference: original.Reference})
		Expect(recorded.Host.Personality).To(Equal("debian12"), "the container is Debian bookworm, whatever personality its scenario has")
		Expect(recorded.Host.Hostname).To(Equal("rhvh01"))

		replaySession(recorded, seen)

		before := harness.Replay(ctx, original, ctr, harness.GoClients(product.Legacy))
		after := harness.Replay(ctx, recorded, simulated(recorded), harness.GoClients(product.Legacy))
		Expect(before.Pass).To(BeFalse())
		Expect(after.Pass).To(BeFalse())
		Expect(after.Why).To(Equal(before.Why))
	})
})
