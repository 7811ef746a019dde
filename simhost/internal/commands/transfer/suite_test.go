package transfer_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestTransfer(t *testing.T) { progtest.RunSuite(t, "Emulated transfer ends") }
