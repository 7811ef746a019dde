package files_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Captured from hostile-os:bookworm and bullseye as ops (stderr merged), by a
// script that ran each entry's text in both containers.
var _ = DescribeTable("ls's quoting styles, --dired, -w, numeric ids and files -L cannot follow", MergedOnDebian12And11(nil),
	Entry("every --quoting-style over names with blanks, quotes, backslashes and control characters, in -1 and long listings (the shell styles indent unquoted names when one is quoted)", `mkdir q; cd q; touch a 'a b' "it's" 'q"x' "$(printf 'tab\tx')" "$(printf 'nl\nx')" 'd$x' 'b\s'; ln -s 'a b' l; cd; for st in literal locale shell shell-always shell-escape shell-escape-always c c-maybe escape clocale; do echo "== $st"; ls --quoting-style=$st q; ls -ln --time-style=+T --quoting-style=$st q | sed 's/^.* T /|/'; done`,
		`== literal
a
a b
b\s
d$x
it's
l
nl
x
q"x
tab	x
total 0
|a
|a b
|b\s
|d$x
|it's
|l -> a b
|nl
x
|q"x
|tab	x
== locale
'a'
'a b'
'b\\s'
'd$x'
'it\'s'
'l'
'nl\nx'
'q"x'
'tab\tx'
total 0
|'a'
|'a b'
|'b\\s'
|'d$x'
|'it\'s'
|'l' -> 'a b'
|'nl\nx'
|'q"x'
|'tab\tx'
== shell
a
'a b'
'b\s'
'd$x'
"it's"
l
'nl
x'
'q"x'
'tab	x'
total 0
| a
|'a b'
|'b\s'
|'d$x'
|"it's"
| l -> 'a b'
|'nl
x'
|'q"x'
|'tab	x'
== shell-always
'a'
'a b'
'b\s'
'd$x'
"it's"
'l'
'nl
x'
'q"x'
'tab	x'
total 0
|'a'
|'a b'
|'b\s'
|'d$x'
|"it's"
|'l' -> 'a b'
|'nl
x'
|'q"x'
|'tab	x'
== shell-escape
a
'a b'
'b\s'
'd$x'
"it's"
l
'nl'$'\n''x'
'q"x'
'tab'$'\t''x'
total 0
| a
|'a b'
|'b\s'
|'d$x'
|"it's"
| l -> 'a b'
|'nl'$'\n''x'
|'q"x'
|'tab'$'\t''x'
== shell-escape-always
'a'
'a b'
'b\s'
'd$x'
"it's"
'l'
'nl'$'\n''x'
'q"x'
'tab'$'\t''x'
total 0
|'a'
|'a b'
|'b\s'
|'d$x'
|"it's"
|'l' -> 'a b'
|'nl'$'\n''x'
|'q"x'
|'tab'$'\t''x'
== c
"a"
"a b"
"b\\s"
"d$x"
"it's"
"l"
"nl\nx"
"q\"x"
"tab\tx"
total 0
|"a"
|"a b"
|"b\\s"
|"d$x"
|"it's"
|"l" -> "a b"
|"nl\nx"
|"q\"x"
|"tab\tx"
== c-maybe
a
a b
b\s
d$x
it's
l
"nl\nx"
"q\"x"
"tab\tx"
total 0
| a
| a b
| b\s
| d$x
| it's
| l -> a b
|"nl\nx"
|"q\"x"
|"tab\tx"
== escape
a
a\ b
b\\s
d$x
it's
l
nl\nx
q"x
tab\tx
total 0
|a
|a\ b
|b\\s
|d$x
|it's
|l -> a\ b
|nl\nx
|q"x
|tab\tx
== clocale
"a"
"a b"
"b\\s"
"d$x"
"it's"
"l"
"nl\nx"
"q\"x"
"tab\tx"
total 0
|"a"
|"a b"
|"b\\s"
|"d$x"
|"it's"
|"l" -> "a b"
|"nl\nx"
|"q\"x"
|"tab\tx"
`,
		""),
	Entry("-Q, -b, -q, -N, --show-control-chars, QUOTING_STYLE and a style ls does not know", `mkdir q; cd q; touch 'a b' "$(printf 'tab\tx')" 'q"x'; ls -Q; ls -b; ls -q; ls -N; ls -q --show-control-chars; QUOTING_STYLE=c ls; QUOTING_STYLE=nonsense ls; ls --quoting-style=bogus; echo rc=$?`,
		`"a b"
"q\"x"
"tab\tx"
a\ b
q"x
tab\tx
a b
q"x
tab?x
a b
q"x
tab	x
a b
q"x
tab	x
"a b"
"q\"x"
"tab\tx"
ls: ignoring invalid value of environment variable QUOTING_STYLE: 'nonsense'
a b
q"x
tab	x
ls: invalid argument 'bogus' for '--quoting-style'
Valid arguments are:
  - 'literal'
  - 'shell'
  - 'shell-always'
  - 'shell-escape'
  - 'shell-escape-always'
  - 'c'
  - 'c-maybe'
  - 'escape'
  - 'locale'
  - 'clocale'
Try 'ls --help' for more information.
rc=1
`,
		""),
	Entry("-w: a width, none (0), a bad one and a missing one", `mkdir w; cd w; touch alpha beta gamma delta epsilon; ls -C -w 20; ls -x --width=30; ls -C -w 0; ls -w x; echo rc=$?; ls -w; echo rc=$?`,
		`alpha  epsilon
beta   gamma
delta
alpha  beta  delta  epsilon
gamma
alpha  beta  delta  epsilon  gamma
ls: invalid line width: 'x'
rc=2
ls: option requires an argument -- 'w'
Try 'ls --help' for more information.
rc=2
`,
		""),
	Entry("-n right-aligns numeric ids; names stay left-aligned", `touch -t 202103040506.07 f; ls -lnd --time-style=+T ~ f /usr/share/doc/bash/copyright | cut -d' ' -f1,3-; ls -ld --time-style=+T ~ f /usr/share/doc/bash/copyright | cut -d' ' -f1,3-`,
		`drwxr-xr-x 1000 1000 4096 T /home/ops
-rw-r--r--    0    0 9764 T /usr/share/doc/bash/copyright
-rw-r--r-- 1000 1000    0 T f
drwxr-xr-x ops  ops  4096 T /home/ops
-rw-r--r-- root root 9764 T /usr/share/doc/bash/copyright
-rw-r--r-- ops  ops     0 T f
`,
		`drwxr-xr-x 1000 1000  4096 T /home/ops
-rw-r--r--    0    0 10231 T /usr/share/doc/bash/copyright
-rw-r--r-- 1000 1000     0 T f
drwxr-xr-x ops  ops   4096 T /home/ops
-rw-r--r-- root root 10231 T /usr/share/doc/bash/copyright
-rw-r--r-- ops  ops      0 T f
`),
	Entry("-L over a dangling link in a directory: an error, a line of question marks, status 1", `mkdir d; ln -s nowhere d/dl; touch -t 202103040506.07 d/f; ls -lL d; echo rc=$?; ls -lL --full-time d 2>/dev/null | grep dl; ls -L d/dl; echo rc=$?`,
		`ls: cannot access 'd/dl': No such file or directory
total 0
l????????? ? ?   ?   ?            ? dl
-rw-r--r-- 1 ops ops 0 Mar  4  2021 f
rc=1
l????????? ? ?   ?   ?                                   ? dl
ls: cannot access 'd/dl': No such file or directory
rc=2
`,
		""),
	Entry("--dired: two-space indentation and the offsets of names and headings, only in long format", `mkdir -p dd/s; touch 'dd/a b' dd/f; ln -s f dd/l; touch -h -t 202103040506.07 dd/* dd dd/s; ls --dired -l dd; ls --dired -l dd dd/s; echo rc=$?; ls --dired -ld dd/l dd/none; echo rc=$?; ls --dired dd; ls -lR --dired dd | tail -4`,
		`  total 4
  -rw-r--r-- 1 ops ops    0 Mar  4  2021 a b
  -rw-r--r-- 1 ops ops    0 Mar  4  2021 f
  lrwxrwxrwx 1 ops ops    1 Mar  4  2021 l -> f
  drwxr-xr-x 2 ops ops 4096 Mar  4  2021 s
//DIRED// 51 54 96 97 139 140 187 188
//DIRED-OPTIONS// --quoting-style=literal
  dd:
  total 4
  -rw-r--r-- 1 ops ops    0 Mar  4  2021 a b
  -rw-r--r-- 1 ops ops    0 Mar  4  2021 f
  lrwxrwxrwx 1 ops ops    1 Mar  4  2021 l -> f
  drwxr-xr-x 2 ops ops 4096 Mar  4  2021 s

  dd/s:
  total 0
//DIRED// 57 60 102 103 145 146 193 194
//SUBDIRED// 2 4 198 202
//DIRED-OPTIONS// --quoting-style=literal
rc=0
ls: cannot access 'dd/none': No such file or directory
  lrwxrwxrwx 1 ops ops 1 Mar  4  2021 dd/l -> f
//DIRED// 38 42
//DIRED-OPTIONS// --quoting-style=literal
rc=2
a b
f
l
s
  total 0
//DIRED// 57 60 102 103 145 146 193 194
//SUBDIRED// 2 4 198 202
//DIRED-OPTIONS// --quoting-style=literal
`,
		""),
	Entry("-q turns control characters to '?' in the literal and shell styles only; the escaping styles escape them", `mkdir q; cd q; touch "$(printf 'nl\nx')" "$(printf 't\tb')"; for st in literal shell shell-always shell-escape shell-escape-always c escape; do ls -q --quoting-style=$st; done`,
		`nl?x
t?b
'nl?x'
't?b'
'nl?x'
't?b'
'nl'$'\n''x'
't'$'\t''b'
'nl'$'\n''x'
't'$'\t''b'
"nl\nx"
"t\tb"
nl\nx
t\tb
`,
		""),
)
