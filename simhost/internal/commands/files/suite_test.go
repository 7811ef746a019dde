package files_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestFiles(t *testing.T) { progtest.RunSuite(t, "Emulated file programs") }
