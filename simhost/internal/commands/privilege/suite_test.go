package privilege_test

import (
	"testing"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

func TestPrivilege(t *testing.T) { progtest.RunSuite(t, "Emulated privilege tools") }
