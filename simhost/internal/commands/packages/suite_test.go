package packages_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestPackages(t *testing.T) { progtest.RunSuite(t, "Emulated package tools") }
