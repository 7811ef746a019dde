package commands_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Captured from hostile-os:bookworm and bullseye as ops (stderr merged), by a
// script that ran each entry's text in both containers.
var _ = DescribeTable("bash reading its script from stdin", MergedOnDebian12And11(nil),
	Entry("bash reads a script from stdin a line at a time: its commands read the rest (cat, read, head, exec sh)", `printf 'cat\nhello\n' | bash; echo rc=$?; printf 'read x\necho got $x\nline2\necho end\n' | bash; printf 'echo a\nexec sh\necho from-sh $0\n' | bash; printf 'echo $-\nhead -1\nabc\ndef\necho after\n' | bash -x`,
		`hello
rc=0
bash: line 2: line2: command not found
end
a
from-sh sh
+ echo hxBs
hxBs
+ head -1
abc
`,
		""),
	Entry("commands over several lines, here-documents, functions, $LINENO and positional parameters", `printf 'cat <<EOF\nin heredoc\nEOF\nif true\nthen echo yes\nfi\necho "multi\nline"\n' | bash; printf 'x=1\nf() { echo f$x; }\nf\necho $LINENO\n' | bash; printf 'echo $1 $2 $#\n' | bash -s a b; printf 'echo a\nexit 3\necho no\n' | bash; echo rc=$?; bash </dev/null; echo rc=$?`,
		`in heredoc
yes
multi
line
f1
4
a b 2
a
rc=3
rc=0
`,
		""),
	Entry("a syntax error ends the script, worded without -c, the end of input on the line after the last", `printf 'echo one\nfoo bar\n(\necho x\necho two\n' | bash; echo rc=$?; printf 'echo "unterminated\n' | bash; echo rc=$?; printf 'echo a\n)\necho b\n' | bash; echo rc=$?; printf '(\necho x' | bash; echo rc=$?; printf 'cat <<EOF\nx\n' | bash; echo rc=$?`,
		"one\nbash: line 2: foo: command not found\nbash: line 6: syntax error: unexpected end of file\nrc=2\nbash: line 1: unexpected EOF while looking for matching `\"'\nrc=2\na\nbash: line 2: syntax error near unexpected token `)'\nbash: line 2: `)'\nrc=2\nbash: line 3: syntax error: unexpected end of file\nrc=2\nbash: line 2: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\nx\nrc=0\n",
		"one\nbash: line 2: foo: command not found\nbash: line 6: syntax error: unexpected end of file\nrc=2\nbash: line 1: unexpected EOF while looking for matching `\"'\nbash: line 2: syntax error: unexpected end of file\nrc=2\na\nbash: line 2: syntax error near unexpected token `)'\nbash: line 2: `)'\nrc=2\nbash: line 3: syntax error: unexpected end of file\nrc=2\nbash: line 2: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\nx\nrc=0\n"),
)
