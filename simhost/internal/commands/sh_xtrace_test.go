package commands_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// set -x's trace lines as bash 5.2/5.1 and dash 0.5.12/0.5.11 print them:
// dash writes the words as they are, a command's assignments on its line,
// no loop or case head; bash quotes each word that needs it, traces each
// assignment on a line of its own and repeats PS4's "+" per level of command
// substitution and eval. Install scripts run with set -x (get.docker.com's
// $sh_c lines), and their logs are what an operator reads. Captured from the
// hostile-os containers (exec 2>&1, as ops, from ops's home).
var _ = DescribeTable("set -x", MergedOnDebian12And11(nil),
	Entry(nil, `sh -c 'set -x; echo "a b" c; x=1 y="p q"; echo $x >/dev/null; : "it'"'"'s"; f() { :; }; f "1 2"'`, "+ echo a b c\na b c\n+ x=1 y=p q\n+ echo 1\n+ : it's\n+ f 1 2\n+ :\n", ""),
	Entry(nil, `sh -c 'set -x; cd /tmp; [ -d / ]; echo ""; test -n "a b"'`, "+ cd /tmp\n+ [ -d / ]\n+ echo \n\n+ test -n a b\n", ""),
	Entry(nil, `sh -c 'set -x; a=$(echo hi) true; echo "*" "x\"y" "\$v" "t	ab"'`, "+ echo hi\n+ a=hi true\n+ echo * x\"y $v t\tab\n* x\"y $v t\tab\n", ""),
	Entry(nil, `sh -c 'set -x; for i in 1 2; do :; done; case a in a) : ;; esac; v=; w=""; export E=1; readonly RO=2 2>/dev/null'`, "+ :\n+ :\n+ :\n+ v=\n+ w=\n+ export E=1\n+ readonly RO=2\n", ""),
	Entry(nil, `sh -c 'set -x; eval "echo x; y=\$(echo z)"; x=$(echo $(echo deep))'`, "+ eval echo x; y=$(echo z)\n+ echo x\nx\n+ echo z\n+ y=z\n+ echo deep\n+ echo deep\n+ x=deep\n", ""),
	Entry(nil, `sh -c 'set -x; PS4="> "; echo a'`, "> PS4=> \n> echo a\na\n", ""),
	Entry(nil, `bash -c 'set -x; echo "a b" c; x=1 y="p q"; echo $x >/dev/null; : "it'"'"'s"; f() { :; }; f "1 2"'`, "+ echo 'a b' c\na b c\n+ x=1\n+ y='p q'\n+ echo 1\n+ : 'it'\\''s'\n+ f '1 2'\n+ :\n", ""),
	Entry(nil, `bash -c 'set -x; cd /tmp; [ -d / ]; echo ""; test -n "a b"'`, "+ cd /tmp\n+ '[' -d / ']'\n+ echo ''\n\n+ test -n 'a b'\n", ""),
	Entry(nil, `bash -c 'set -x; a=$(echo hi) true; echo "*" "x\"y" "\$v" "a\\b" "t	ab" "'"'"'" é'`, "++ echo hi\n+ a=hi\n+ true\n+ echo '*' 'x\"y' '$v' 'a\\b' 't\tab' \\' $'\\303\\251'\n* x\"y $v a\\b t\tab ' é\n", ""),
	Entry(nil, `bash -c 'set -x; for i in 1 2; do :; done; case a in a) : ;; esac; v=; w=""; export E=1 F="x y"; readonly RO=2 2>/dev/null'`, "+ for i in 1 2\n+ :\n+ for i in 1 2\n+ :\n+ case a in\n+ :\n+ v=\n+ w=\n+ export E=1 'F=x y'\n+ E=1\n+ F='x y'\n+ readonly RO=2\n", ""),
	Entry(nil, `bash -c 'set -x; eval "echo x; y=\$(echo z)"; x=$(echo $(echo deep))'`, "+ eval 'echo x; y=$(echo z)'\n++ echo x\nx\n+++ echo z\n++ y=z\n+++ echo deep\n++ echo deep\n+ x=deep\n", ""),
	Entry(nil, `bash -c 'set -x; PS4="> "; echo a; echo "~x" "a~" "#c" "d#" "a=~"'`, "+ PS4='> '\n> echo a\na\n> echo '~x' a~ '#c' d# 'a=~'\n~x a~ #c d# a=~\n", ""),
)
