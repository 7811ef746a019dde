package personality

import (
	"testing"

	"github.com/hostile-lab/hostile/harness/hostiletest/suite"
)

func TestPersonality(t *testing.T) { suite.Run(t, "personalities") }
