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

// wholeRun is how long a spec waits for a whole `hostile` run (a replay of
// scenarios, a recording, a comparison with a container) to end: a run of
// seconds on a quiet machine takes minutes on a loaded one, and one that
// hangs still fails.
const wholeRun = 5 * time.Minute

// hostile is the built binary, as a user runs it.
var hostile string

var _ = BeforeSuite(func() {
	var err error
	hostile, err = gexec.Build("github.com/hostile-lab/hostile/cmd/hostile")
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(gexec.CleanupBuildArtifacts)
})
