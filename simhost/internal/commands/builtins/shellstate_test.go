package builtins_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// The shell state install and discovery scripts lean on (issue 13), as bash
// 5.2 and dash keep it. Each entry's bytes were captured from bookworm with
// docker run --rm -u 1000:1000 -w /tmp IMAGE bash -c 'SCRIPT': stdout,
// stderr and the exit status.
func asBash(script, stdout, stderr string, code int) {
	r := Run(NewHost("debian12"), "ops", script)
	Expect(r.Stdout).To(Equal(stdout), "stdout")
	Expect(r.Stderr).To(Equal(stderr), "stderr")
	Expect(r.Code).To(Equal(code), "status")
}

var _ = DescribeTable("read and mapfile take their options as bash's builtins do", asBash,
	Entry(nil, `read -r -a parts -d '' <<< $'a b\nc d'; echo "${#parts[@]} ${parts[3]}"`,
		`4 d
`,
		``, 0),
	Entry(nil, `read -s -n1 k <<< yes; echo "[$k]"; read -N 2 v <<< "a b"; echo "[$v]"`,
		`[y]
[a ]
`,
		``, 0),
	Entry(nil, `read -n abc x <<< hi; echo "s $?"; read -d; echo "s $?"`,
		`s 1
s 2
`,
		`bash: line 1: read: abc: invalid number
bash: line 1: read: -d: option requires an argument
read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]
`, 0),
	Entry(nil, `read -a 1x <<< hi; echo "s $?"; read -x; echo "s $?"`,
		`s 1
s 2
`,
		"bash: line 1: read: `1x': not a valid identifier\nbash: line 1: read: -x: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n", 0),
	Entry(nil, `printf '1\n2\n3\n' | { mapfile -t -s 1 -n 1 a; declare -p a; }`,
		`declare -a a=([0]="2")
`,
		``, 0),
	Entry(nil, `a=(x y z w); printf '1\n' | { mapfile -t -O 1 a; declare -p a; }; mapfile -d , -t f <<< "a,b,c"; declare -p f`,
		`declare -a a=([0]="x" [1]="1" [2]="z" [3]="w")
declare -a f=([0]="a" [1]="b" [2]=$'c\n')
`,
		``, 0),
	Entry(nil, `mapfile -s -1 a < /dev/null; echo "s $?"; mapfile -x; echo "s $?"`,
		`s 1
s 2
`,
		`bash: line 1: mapfile: -1: invalid line count
bash: line 1: mapfile: -x: invalid option
mapfile: usage: mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c quantum] [array]
`, 0),
)

var _ = DescribeTable("getopts, traps and the shell's own state, as bash keeps them", asBash,
	Entry(nil, `set -- -a -- -b rest; while getopts ab o; do echo "$o"; done; shift $((OPTIND-1)); echo "$OPTIND $*"`,
		`a
3 -b rest
`,
		``, 0),
	Entry(nil, `set -E; trap 'echo "ERR: $BASH_COMMAND ($?)"' ERR; f() { false; }; f; { false; }; if true; then false; fi; echo after`,
		`ERR: false (1)
ERR: false (1)
ERR: false (1)
ERR: false (1)
after
`,
		``, 0),
	Entry(nil, `trap 'echo "err $?"' ERR; f() { false; echo in; }; f; (false); echo "status $?"`,
		`in
err 1
status 1
`,
		``, 0),
	Entry(nil, `set -eE; trap 'echo "failed: $BASH_COMMAND" >&2' ERR; f() { false; echo no; }; f; echo no`,
		``,
		`failed: false
`, 1),
	Entry(nil, `trap 'echo "returning from ${FUNCNAME[0]}"' RETURN; f() { :; }; f; set -T; g() { :; }; g; trap -p RETURN`,
		`returning from g
trap -- 'echo "returning from ${FUNCNAME[0]}"' RETURN
`,
		``, 0),
	Entry(nil, `trap -l | head -2; trap -l | tail -1`,
		` 1) SIGHUP	 2) SIGINT	 3) SIGQUIT	 4) SIGILL	 5) SIGTRAP
 6) SIGABRT	 7) SIGBUS	 8) SIGFPE	 9) SIGKILL	10) SIGUSR1
63) SIGRTMAX-1	64) SIGRTMAX	
`,
		``, 0),
	Entry(nil, `echo "$-"; set -ET; echo "$-"; shopt -qo errtrace && echo errtrace`,
		`hBc
hBETc
errtrace
`,
		``, 0),
	Entry(nil, `printf 'x\ny\n' | mapfile -t m; echo "${#m[@]}"; echo v | read w; echo "[$w]"; shopt -s lastpipe; echo v | read w; echo "[$w]"`,
		`0
[]
[v]
`,
		``, 0),
	Entry(nil, `(trap 'echo sub exit' EXIT; exit 7); echo "$?"; x=$(trap 'echo in-subst' EXIT; echo out); echo "[$x]"`,
		`sub exit
7
[out
in-subst]
`,
		``, 0),
	Entry(nil, `f() { declare x=inner; declare -g x=outer; echo "in $x"; }; f; echo "out $x"`,
		`in inner
out outer
`,
		``, 0),
	Entry(nil, `sleep 0.2 & (exit 3) & wait -n; echo "status $?"; wait; wait -n; echo "status $?"`,
		`status 3
status 127
`,
		``, 0),
	Entry(nil, `(exit 5) & wait -n -p id; echo "$? $([ "$id" = "$!" ] && echo same)"`,
		`5 same
`,
		``, 0),
)

var _ = DescribeTable("type, hash and command -p, as bash answers them", asBash,
	Entry(nil, `f() { :; }; alias l=ls; type -t f l echo ls [[ nosuch; echo "status $?"`,
		`function
builtin
file
keyword
status 1
`,
		``, 0),
	Entry(nil, `type -P ls bash; type -a ls; type -ap true; type -f echo; f() { :; }; type -f f; echo "status $?"; type -x; echo "s $?"`,
		`/usr/bin/ls
/usr/bin/bash
ls is /usr/bin/ls
ls is /bin/ls
/usr/bin/true
/bin/true
echo is a shell builtin
status 1
s 2
`,
		`bash: line 1: type: f: not found
bash: line 1: type: -x: invalid option
type: usage: type [-afptP] name [name ...]
`, 0),
	Entry(nil, `hash ls; hash -l; hash -t ls; hash -d ls; hash -d ls; echo "status $?"; hash -p /bin/true myt; myt && echo ok; hash -t myt`,
		`builtin hash -p /usr/bin/ls ls
/usr/bin/ls
status 1
ok
/bin/true
`,
		`bash: line 1: hash: ls: not found
`, 0),
	Entry(nil, `command -p ls -d /; command -pv ls; PATH=/nowhere; command -p id -u >/dev/null && echo found`,
		`/
/bin/ls
found
`,
		``, 0),
)

var _ = DescribeTable("arithmetic, computed from its text as bash's expr.c reads it", asBash,
	Entry(nil, `e=""; echo $(( e * 2 )); echo $(( $e * 2 )); echo "not reached"`,
		`0
`,
		`bash: line 1: * 2 : syntax error: operand expected (error token is "* 2 ")
`, 1),
	Entry(nil, `x="1+2"; echo $((x*2)); echo $((5/0 + 1)); echo no`,
		`6
`,
		`bash: line 1: 5/0 + 1: division by 0 (error token is "0 + 1")
`, 1),
	Entry(nil, `echo $(( 3 4 )); echo no`,
		``,
		`bash: line 1: 3 4 : syntax error in expression (error token is "4 ")
`, 1),
	Entry(nil, `echo $(( 1 ? 2 ))`,
		``,
		"bash: line 1: 1 ? 2 : `:' expected for conditional expression (error token is \"2 \")\n", 1),
	Entry(nil, `let "y = 1a + 1"; echo "status $?"; (( 5 = 3 )); echo "status $?"`,
		`status 1
status 1
`,
		`bash: line 1: let: y = 1a: value too great for base (error token is "1a")
bash: line 1: ((: 5 = 3 : attempted assignment to non-variable (error token is "= 3 ")
`, 0),
	Entry(nil, `echo $((1+)); echo "status $?"`,
		``,
		`bash: line 1: 1+: syntax error: operand expected (error token is "+")
`, 1),
	Entry(nil, `a=(1 2 3); (( a[1] += 5, a[-1]=9 )); echo "${a[@]}" $(( a[-1] )); z=x; x=z; echo $(( z ))`,
		`1 7 9 9
`,
		`bash: line 1: x: expression recursion level exceeded (error token is "x")
`, 1),
	Entry(nil, `declare -r c=1; c=3 2>/dev/null; echo unreachable`,
		``,
		`bash: line 1: c: readonly variable
`, 1),
)

var _ = DescribeTable("assignments, redirections and errors in functions, as bash and dash order them", asBash,
	Entry(nil, `x=$(echo err >&2) 2>/dev/null; echo "[$x]"`,
		`[]
`,
		`err
`, 0),
	Entry(nil, `f() { nosuch; cd /nonexistent; }; f`,
		``,
		`environment: line 1: nosuch: command not found
environment: line 1: cd: /nonexistent: No such file or directory
`, 1),
	Entry(nil, `sh -c 'exec 3</nope; echo after'; echo "status $?"; sh -c 'cat < /nope; echo after'`,
		`status 2
after
`,
		`sh: 1: cannot open /nope: No such file
sh: 1: cannot open /nope: No such file
`, 0),
	Entry(nil, `sh -c 'sleep 0 & wait -n'; echo "status $?"; sh -c 'trap -l'; echo "status $?"; sh -c 'set -E'; echo "status $?"`,
		`status 2
status 2
status 0
`,
		`sh: 1: wait: Illegal option -n
sh: 1: trap: Illegal option -l
`, 0),
	Entry(nil, `sh -c 'hash; cat </dev/null; id >/dev/null; ls >/dev/null; hash; hash -r; hash; hash -t ls'; echo "status $?"`,
		`/usr/bin/cat
/usr/bin/id
/usr/bin/ls
status 2
`,
		`sh: 1: hash: Illegal option -t
`, 0),
)

var _ = DescribeTable("bad substitutions, lines bash gives up, associative keys, enable and the other state bash keeps", asBash,
	Entry(nil, `echo a; echo ${x!y}; echo same`,
		`a
`,
		`bash: line 1: ${x!y}: bad substitution
`, 1),
	Entry(nil, `echo $((1/0)); echo same
echo "next $?"
readonly r=1; r=2; echo same
echo "next $?"`,
		`next 1
next 1
`,
		`bash: line 1: 1/0: division by 0 (error token is "0")
bash: line 3: r: readonly variable
`, 0),
	Entry(nil, `declare -A cfg=([db.host]=localhost [a-b]=1); cfg[x.y]=2; cfg[x.y]+=3; k=z; cfg[$k-1]=4; declare -p cfg; echo "${cfg[db.host]} ${cfg[a-b]}"`,
		`declare -A cfg=([x.y]="23" [db.host]="localhost" [z-1]="4" [a-b]="1" )
localhost 1
`,
		``, 0),
	Entry(nil, `printf -v 'arr[2]' %s x; i=1; printf -v "arr[i+2]" %03d 7; declare -p arr; printf -v 1bad x; echo "status $?"`,
		`declare -a arr=([2]="x" [3]="007")
status 2
`,
		"bash: line 1: printf: `1bad': not a valid identifier\n", 0),
	Entry(nil, `exec {log}>>/tmp/fd-spec; echo "fd $log"; echo line >&"$log"; exec {log}>&-; echo x >&"$log"; cat /tmp/fd-spec; rm /tmp/fd-spec`,
		`fd 10
line
`,
		`bash: line 1: "$log": Bad file descriptor
`, 0),
	Entry(nil, `shopt -s failglob nullglob; echo /nope*; echo same
echo "next $?"`,
		`next 1
`,
		`bash: line 1: no match: /nope*
`, 0),
	Entry(nil, `enable -n echo; enable -n; type -t echo; enable echo; type -t echo; enable nosuch; echo "status $?"; enable -a | head -3`,
		`enable -n echo
file
builtin
status 1
enable .
enable :
enable [
`,
		`bash: line 1: enable: nosuch: not a shell builtin
`, 0),
	Entry(nil, `v=a:b:c; ref=v; echo "${!ref%%:*}" "${!ref#*:}" "${!ref/b/B}"`,
		`a b:c a:B:c
`,
		``, 0),
	Entry(nil, `f() { local x=1; declare -g x=2 G=1; echo "in $x"; }; f; echo "out $x $G"; declare -n bad=1x; echo "status $?"`,
		`in 1
out 2 1
status 1
`,
		"bash: line 1: declare: `1x': invalid variable name for name reference\n", 0),
	Entry(nil, `sh -c 'echo a; echo ${a[*]}; echo b'; echo "rc $?"; sh -c 'exit -1'; echo "rc $?"; sh -c 'exec 3</nope; echo after'; echo "rc $?"`,
		`a
rc 2
rc 2
rc 2
`,
		`sh: 1: Bad substitution
sh: 1: exit: Illegal number: -1
sh: 1: cannot open /nope: No such file
`, 0),
	Entry(nil, `bash -c 'echo start
if true; then'; echo "status $?"; sh -c 'echo start
while true; do'; echo "status $?"`,
		`start
status 2
start
status 2
`,
		`bash: -c: line 3: syntax error: unexpected end of file
sh: 2: Syntax error: end of file unexpected (expecting "done")
`, 0),
	Entry(nil, `a=(1); a[0]+=2; a[3]+=y; declare -i n=(1 2); n[1]+=5; declare -p a n`,
		`declare -a a=([0]="12" [3]="y")
declare -ai n=([0]="1" [1]="7")
`,
		``, 0),
)

var _ = DescribeTable("printf %(fmt)T, caller, eval's and sourced files' lines, compound assignments cut short, dot files, 5.2's declare -p", asBash,
	Entry(nil, `printf '%(%Y-%m-%d)T\n' 0; printf '[%10.4(%Y-%m)T] [%-12(%H:%M)T]\n' 86400 3600; printf '[%()T]\n' 0; printf '[%(%s)T]\n' abc; echo "status $?"; TZ=EST5 printf '[%(%H)T]\n' 0`,
		`1970-01-01
[      1970] [01:00       ]
[00:00:00]
[0]
status 1
[19]
`,
		`bash: line 1: printf: abc: invalid number
`, 0),
	Entry(nil, `f() { echo "$LINENO"; }; echo $LINENO; f; caller; g() { caller; caller 0; caller x; echo "s $?"; }; g`,
		`1
1
1 NULL
s 2
`,
		`environment: line 1: caller: x: invalid number
caller: usage: caller [expr]
`, 0),
	Entry(nil, `

eval "echo \$LINENO
nosuch"
eval "echo a; if"
f() {
  eval "echo in f \$LINENO"
}
f`,
		`4
in f 7
`,
		`bash: line 5: nosuch: command not found
bash: eval: line 6: syntax error: unexpected end of file
`, 0),
	Entry(nil, `printf 'echo in\nnosuch\nreturn 3\necho no\n' > /tmp/r3.sh; . /tmp/r3.sh; echo "st $?"; f() { . /tmp/r3.sh; }; f; rm /tmp/r3.sh`,
		`in
st 3
in
`,
		`/tmp/r3.sh: line 2: nosuch: command not found
/tmp/r3.sh: line 2: nosuch: command not found
`, 0),
	Entry(nil, `bash -c 'declare -a a=(1 2'; echo "status $?"; bash -c 'echo $(a'; echo "status $?"`,
		`status 1
status 2
`,
		"bash: -c: line 1: unexpected EOF while looking for matching `)'\nbash: -c: line 2: unexpected EOF while looking for matching `)'\n", 0),
	Entry(nil, `cd /tmp && mkdir -p dots && cd dots && touch .h a && echo .* && sh -c 'echo .*' && cd /tmp && rm -r dots`,
		`.h
. .. .h
`,
		``, 0),
	Entry(nil, `a=($'c\nd' e); declare -A m=([k]=$'v\tw'); x=$'a\nb'; declare -p a m x`,
		`declare -a a=([0]=$'c\nd' [1]="e")
declare -A m=([k]=$'v\tw' )
declare -- x=$'a\nb'
`,
		``, 0),
)
