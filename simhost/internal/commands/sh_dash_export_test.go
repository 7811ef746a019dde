package commands_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// dash's export and readonly with no name or -p, which k3s's install.sh reads
// back (`sh -c export | while read x v; do echo $v; done`) to write its
// service's environment file: "export NAME='value'" sorted by name, quotes
// in the value as '"'"', a name with no value alone. Captured from the
// hostile-os containers (exec 2>&1, as ops, from ops's home).
var _ = DescribeTable("dash's export and readonly listings", MergedOnDebian12And11(nil),
	Entry(nil, `sh -c 'export A_B="x y" C=1; export | grep -E "^export (A_B|C)="'`, "export A_B='x y'\nexport C='1'\n", ""),
	Entry(nil, `sh -c 'export A="'\''" B="a'\'''\''b'\''" C= D="x y"; export -p | grep -E "^export [ABCD]="'`, "export A=''\"'\"\nexport B='a'\"''\"'b'\"'\"\nexport C=''\nexport D='x y'\n", ""),
	Entry(nil, `sh -c 'export Z; readonly Y R=1; export -p | grep " Z"; readonly -p; readonly'`, "export Z\nreadonly R='1'\nreadonly Y\nreadonly R='1'\nreadonly Y\n", ""),
	Entry(nil, `sh -c 'Q="it'\''s"; export Q; export | grep Q='`, "export Q='it'\"'\"'s'\n", ""),
)
