package simhost_test

import (
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("a session's transcript", func() {
	It("keeps a character whole when the output cuts it in two", func() {
		dir := GinkgoT().TempDir()
		euros := strings.Repeat("€", 20000) // three bytes each
		h := startHost(machine.Description{Files: []machine.File{{Path: "/tmp/euros", Content: euros}}}, simhost.WithTranscripts(dir))
		c := dial(h, "ops")
		// head's 32767 bytes end one byte into a character; tail sends the rest.
		Expect(run(c, "head -c 32767 /tmp/euros; tail -c +32768 /tmp/euros")).To(Equal(euros))
		c.Close()
		Expect(h.Close()).To(Succeed())
		files := must(filepath.Glob(filepath.Join(dir, "*.cast")))
		Expect(files).To(HaveLen(1))
		Expect(must(harness.ReadTranscript(files[0])).Output()).To(Equal(euros))
	})
})
