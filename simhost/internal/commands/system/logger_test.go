package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Bytes captured from the hostile-os bookworm and bullseye containers.
var _ = Describe("logger", func() {
	DescribeTable("takes a message quietly",
		func(script string) { Expect(Run(NewHost("debian12"), "ops", script)).To(Equal(Result{})) },
		Entry("from its operands", `logger hi`),
		Entry("with a tag and a priority", `logger -t ops-ci -p user.info "deploy done"`),
		Entry("a level alone", `logger -p info m`),
		Entry("from stdin", `echo piped | logger`),
		Entry("with its pid", `logger -i -t t m`),
	)
	DescribeTable("refuses what util-linux refuses",
		func(script, stderr string) { Expect(Run(NewHost("debian12"), "ops", script)).To(Exited(1, stderr)) },
		Entry("a facility", `logger -p bogus.x m`, "logger: unknown facility name: bogus\n"),
		Entry("a level", `logger -p user.bogus m`, "logger: unknown priority name: bogus\n"),
		Entry("a number", `logger -p 13 m`, "logger: unknown priority name: 13\n"),
		Entry("a missing file", `logger -f /nonexistent`, "logger: file /nonexistent: No such file or directory\n"),
		Entry("a missing tag", `logger -t`, "logger: option requires an argument -- 't'\nTry 'logger --help' for more information.\n"),
	)
})
