package text_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestText(t *testing.T) { progtest.RunSuite(t, "Emulated text tools") }
