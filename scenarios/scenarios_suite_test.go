package scenarios_test

import (
	"testing"

	"github.com/hostile-lab/hostile/harness/hostiletest"
)

func TestScenarios(t *testing.T) {
	hostiletest.RunSuite(t, "Scenarios")
}
