package main_test

import (
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

func TestHostile(t *testing.T) {
	// Polls often: the CLI's specs wait on processes that answer in milliseconds.
	SetDefaultEventuallyPollingInterval(50 * time.Millisecond)
	hostiletest.RunSuite(t, "hostile CLI")
}

// hostile is the built binary, as a user runs it.
var hostile string

var _ = BeforeSuite(func() {
	var err error
	hostile, err = gexec.Build("github.com/hostile-lab/hostile/cmd/hostile")
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(gexec.CleanupBuildArtifacts)
})
