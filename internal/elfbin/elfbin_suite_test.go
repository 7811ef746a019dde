package elfbin_test

import (
	"testing"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

func TestElfbin(t *testing.T) {
	hostiletest.RunSuite(t, "ELF binaries")
}
