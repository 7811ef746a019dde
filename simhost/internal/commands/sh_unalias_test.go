package commands_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Captured from hostile-os:bookworm and bullseye as ops (stderr merged), by a
// script that ran each entry's text in both containers.
var _ = DescribeTable("dash's unalias", MergedOnDebian12And11(nil),
	Entry("dash's unalias: a name that is no alias, -a, an option it lacks", `printf 'unalias x; echo rc=$?\nunalias -a; echo ok\nalias a=b c=d; unalias -a; alias; echo rc=$?\nunalias -z\necho after\n' | sh; echo rc=$?; printf 'alias a=b; unalias a; echo rc=$?; alias\n' | sh`,
		`unalias: x not found
rc=1
ok
rc=0
sh: 4: unalias: Illegal option -z
after
rc=0
rc=0
`,
		""),
)
