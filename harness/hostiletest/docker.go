package hostiletest

import (
	"github.com/onsi/ginkgo/v2"

	"github.com/hostile-lab/hostile/harness"
)

// NeedDocker skips the running spec with one line when no Docker engine
// answers, or fails it when HOSTILE_REQUIRE_DOCKER=1.
func NeedDocker() {
	if err := harness.RequireDocker(); err != nil {
		if harness.DockerRequired() {
			ginkgo.Fail(err.Error() + "; HOSTILE_REQUIRE_DOCKER=1 says container specs must run")
		}
		ginkgo.Skip(err.Error())
	}
}
