package storage_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestStorage(t *testing.T) { progtest.RunSuite(t, "Emulated storage tools") }
