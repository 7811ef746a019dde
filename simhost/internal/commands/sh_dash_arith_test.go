package commands_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// dash's $(( )) as dash 0.5.12/0.5.11 computes it: the text read after its
// expansions, so an empty operand fails (kickstart.sh's
// $(($(tput colors 2>/dev/null))) with no terminal), a variable's value is a
// number or "Illegal number", no ** or ++ or comma, and the errors name the
// whole text. Captured from the hostile-os containers (exec 2>&1, as ops,
// from ops's home).
var _ = DescribeTable("dash's arithmetic", MergedOnDebian12And11(nil),
	Entry(nil, `sh -c 'echo $(( ))'`, "sh: 1: arithmetic expression: expecting primary: \" \"\n", ""),
	Entry(nil, `sh -c 'x=""; echo $(($x)); echo next'`, "sh: 1: arithmetic expression: expecting primary: \"\"\n", ""),
	Entry(nil, `sh -c 'echo $(($(printf "")))'`, "sh: 1: arithmetic expression: expecting primary: \"\"\n", ""),
	Entry(nil, `sh -c 'echo $((1 +)); echo $((a b))'`, "sh: 1: arithmetic expression: expecting primary: \"1 +\"\n", ""),
	Entry(nil, `sh -c 'echo $(( 08 )); echo $((1/0))'`, "sh: 1: arithmetic expression: expecting EOF: \" 08 \"\n", ""),
	Entry(nil, `sh -c 'x=abc; echo $((x))'`, "sh: 1: Illegal number: abc\n", ""),
	Entry(nil, `sh -c 'x=" 5 "; y=0x10; z=010; echo $((x + y + z)) $((-3 % 2)) $((7/-2))'`, "29 -1 -3\n", ""),
	Entry(nil, `sh -c 'x=1+2; echo $((x))'`, "sh: 1: Illegal number: 1+2\n", ""),
	Entry(nil, `sh -c 'echo $((x=3, 4))'`, "sh: 1: arithmetic expression: expecting EOF: \"x=3, 4\"\n", ""),
	Entry(nil, `sh -c 'echo $((a=2)) $((a+=3)) $((a*=2)) $((a<<=1)) $a'`, "2 5 10 20 20\n", ""),
	Entry(nil, `sh -c 'echo $((1 ? 2 : 3)) $((0 ? 1/0 : 5)) $((0 && 1/0)) $((1 || 1/0))'`, "2 5 0 1\n", ""),
	Entry(nil, `sh -c 'echo $((2**3))'`, "sh: 1: arithmetic expression: expecting primary: \"2**3\"\n", ""),
	Entry(nil, `sh -c 'echo $((x++))'`, "sh: 1: arithmetic expression: expecting primary: \"x++\"\n", ""),
	Entry(nil, `sh -c 'echo $((1 ? 2))'`, "sh: 1: arithmetic expression: expecting ':': \"1 ? 2\"\n", ""),
	Entry(nil, `sh -c 'echo $((1 @ 2))'`, "sh: 1: arithmetic expression: expecting EOF: \"1 @ 2\"\n", ""),
	Entry(nil, `sh -c 'echo $((0x))'`, "sh: 1: arithmetic expression: expecting EOF: \"0x\"\n", ""),
	Entry(nil, `sh -c 'echo $((9223372036854775807 + 1)) $((99999999999999999999))'`, "-9223372036854775808 9223372036854775807\n", ""),
	Entry(nil, `sh -c 'n=5; echo $(( n > 3 && n < 10 )) $(( !n )) $(( ~n )) $(( n == 5 ))'`, "1 0 -6 1\n", ""),
	Entry(nil, `sh -c 'set -u; echo $((undefined_v + 1))'`, "1\n", ""),
)
