package recorder_test

import (
	"errors"
	"os"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/internal/recorder"
	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("an upstream that drops mid-session", func() {
	It("keeps what was recorded, and the error names the command and the bytes seen", func() {
		s := scenario("healthy-debian12")
		// Connection 1 is the recorder's probe; the product's is the second.
		s.Faults = append(s.Faults, faults.Spec{Name: "cut", Type: "reset", Scope: faults.Scope{Connection: 2},
			Params: map[string]any{"bytes": 60000, "direction": "downstream"}})
		r := startRecorder(simulated(s).Addr(), "app")
		client := dial(r, "app")

		before := must(goRun(client, "echo before the drop"))
		Expect(before).To(Equal(result{"before the drop\n", "", 0}))
		_, err := goRun(client, "seq 1 100000")
		Expect(err).To(HaveOccurred(), "the product's session died with the host's connection")
		Eventually(r.Lost()).Should(BeClosed())

		err = r.Close()
		var stop *recorder.StopError
		Expect(errors.As(err, &stop)).To(BeTrue(), "Close says where the recording stopped: %v", err)
		Expect(stop.Command).To(Equal("seq 1 100000"))
		Expect(stop.Session).To(Equal(2))
		Expect(stop.Stdout).To(BeNumerically(">", 0))
		Expect(stop.Stdout).To(BeNumerically("<", len("100000\n")*100000))
		Expect(err.Error()).To(MatchRegexp(`^the connection to app@127\.0\.0\.1:\d+ dropped during "seq 1 100000" \(client connection 1, session 2\) after \d+ bytes of stdout and 0 of stderr, 0 bytes of stdin sent`))

		rec := r.Recording()
		Expect(rec.Stopped).To(Equal(stop))
		file, recorded := write(rec, recorder.ScenarioOptions{})
		Expect(recorded.Faults).To(ContainElement(HaveField("Params", HaveKeyWithValue("line", "echo before the drop"))))
		Expect(recorded.Faults).NotTo(ContainElement(HaveField("Params", HaveKeyWithValue("line", "seq 1 100000"))))
		text := string(must(os.ReadFile(file)))
		Expect(text).To(ContainSubstring("# The recording stopped early: " + strings.SplitN(err.Error(), " (", 2)[0]))
		Expect(text).To(ContainSubstring(`not replayed: "seq 1 100000" (connection 1, session 2) was cut short when the connection to the host dropped`))
	})
})
