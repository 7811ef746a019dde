package system_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestSystem(t *testing.T) { progtest.RunSuite(t, "Emulated system tools") }
