package archive_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestArchive(t *testing.T) { progtest.RunSuite(t, "Emulated archivers") }
