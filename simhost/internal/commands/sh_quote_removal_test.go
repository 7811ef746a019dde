package commands_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Captured from hostile-os:bookworm and bullseye as ops (stderr merged), by a
// script that ran each entry's text in both containers.
var _ = DescribeTable("quote removal in words the shell takes whole", MergedOnDebian12And11(nil),
	Entry("an unquoted backslash quotes the next character in an assignment's value, a redirection's file, local, declare and export (quote removal)", "x=\\\"abc\\\"; echo \"$x\"; y=\\\"`echo a`\\\"; echo \"$y\"; y=`echo x`\\\\; echo \"$y\"; v=a\\ b; echo \"$v\"; v=x\\; echo \"[$v]\"; echo hi > /tmp/\\\"f\\\"; cat < /tmp/\\\"f\\\"; rm /tmp/\\\"f\\\"; export e=\\*; echo \"$e\"; f() { local l=\\\"x\\\"; echo \"$l\"; }; f; declare d=\\'q; echo \"$d\"; sh -c 'x=\\\"abc\\\"; echo \"$x\"; z=`echo a`\\\"; echo \"$z\"'",
		`"abc"
"a"
x\
a b
[a b]
hi
*
"x"
'q
"abc"
a"
`,
		""),
	Entry("a backslash stays in the words read as patterns: ${s//\\*/x}, ${s#\\*}, case items, [[ == ]]", `s='a*b'; echo "${s//\*/x}" "${s#a\*}" "${s%\*b}"; case x in \?) echo any;; x) echo x;; esac; case '?' in \?) echo q;; esac; [[ ab == a\* ]] || echo literal-star; [[ 'a*' == a\* ]] && echo star`,
		`axb b a
x
q
literal-star
star
`,
		""),
)
