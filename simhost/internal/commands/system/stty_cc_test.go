package system_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Captured from hostile-os:bookworm and bullseye as ops (stderr merged), by a
// script that ran each entry's text in both containers.
var _ = DescribeTable("stty's control characters off a terminal", MergedOnDebian12And11(nil),
	Entry("control characters: a setting's argument is checked before the terminal, a missing one is a usage error", `stty kill ^U erase ^H intr ^- eof undef quit 0x1c susp 26 lnext ^?; echo rc=$?; stty intr abc; echo rc=$?; stty kill; echo rc=$?; stty erase; echo rc=$?; stty bogus; echo rc=$?; stty -echo; echo rc=$?`,
		`stty: 'standard input': Inappropriate ioctl for device
rc=1
stty: invalid integer argument: 'abc'
rc=1
stty: missing argument to 'kill'
Try 'stty --help' for more information.
rc=1
stty: missing argument to 'erase'
Try 'stty --help' for more information.
rc=1
stty: invalid argument 'bogus'
Try 'stty --help' for more information.
rc=1
stty: 'standard input': Inappropriate ioctl for device
rc=1
`,
		""),
)
