package commands_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestCommands(t *testing.T) { progtest.RunSuite(t, "Emulated commands") }
