package elfbin_test

import (
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestElfbin(t *testing.T) {
	RegisterFailHandler(Fail)
	// A busy machine takes seconds to start a process or answer: waits are for
	// behaviour, not speed (a spec that fails still fails, a minute later).
	SetDefaultEventuallyTimeout(time.Minute)
	RunSpecs(t, "ELF binaries")
}
