package builtins_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestBuiltins(t *testing.T) { progtest.RunSuite(t, "Emulated programs with builtin twins") }
