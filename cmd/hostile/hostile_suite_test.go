package main_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
	"go.uber.org/goleak"

	"github.com/hostile-lab/hostile/harness"
)

func TestHostile(t *testing.T) {
	defer goleak.VerifyNone(t, harness.GinkgoGoroutines...)
	RegisterFailHandler(Fail)
	RunSpecs(t, "hostile CLI")
}

// hostile is the built binary, as a user runs it.
var hostile string

var _ = BeforeSuite(func() {
	var err error
	hostile, err = gexec.Build("github.com/hostile-lab/hostile/cmd/hostile")
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(gexec.CleanupBuildArtifacts)
})
