package harness_test

import (
	"testing"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

func TestHarness(t *testing.T) {
	hostiletest.RunSuite(t, "harness")
}
