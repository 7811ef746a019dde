package accounts_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestAccounts(t *testing.T) { progtest.RunSuite(t, "Emulated account tools") }
