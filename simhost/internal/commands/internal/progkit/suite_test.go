package progkit_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestProgkit(t *testing.T) {
	progtest.RunSuite(t, "The shared option parser, through the programs")
}
