package network_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestNetwork(t *testing.T) { progtest.RunSuite(t, "Emulated network clients") }
