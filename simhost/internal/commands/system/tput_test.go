package system_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// tput over the terminfo database of each Debian (ncurses-base's entries,
// captured with infocmp): booleans as the status, numbers printed (-1 when
// absent), strings instantiated with their parameters (sgr, setaf, cup),
// user-defined capabilities known only to the entries that have them, clear
// with the scrollback's E3 as the clear program. Installers colour their
// messages with it (Netdata's kickstart.sh). Captured from the hostile-os
// containers (exec 2>&1, as ops, from ops's home).
var _ = DescribeTable("tput and terminfo", MergedOnDebian12And11(nil),
	Entry(nil, `sh -c 'tput colors; echo "status $?"'`, "tput: No value for $TERM and no -T specified\nstatus 2\n", ""),
	Entry(nil, `sh -c 'TERM=xterm tput colors; TERM=xterm tput sgr 0 | od -An -c; TERM=xterm tput bold | od -An -c'`, "8\n 033   (   B 033   [   0   m\n 033   [   1   m\n", ""),
	Entry(nil, `sh -c 'TERM=dumb tput colors; echo "status $?"; TERM=dumb tput bold; echo "status $?"'`, "-1\nstatus 0\nstatus 1\n", ""),
	Entry(nil, `sh -c 'TERM=xterm-256color tput colors; TERM=nosuchterm tput colors; echo "status $?"'`, "256\ntput: unknown terminal \"nosuchterm\"\nstatus 3\n", ""),
	Entry(nil, `sh -c 'for c in 0 1 7 9 15 100; do TERM=xterm-256color tput setaf $c | od -An -c; done; TERM=xterm tput setaf 9 | od -An -c; echo "status $?"'`, " 033   [   3   0   m\n 033   [   3   1   m\n 033   [   3   7   m\n 033   [   9   1   m\n 033   [   9   7   m\n 033   [   3   8   ;   5   ;   1   0   0   m\n 033   [   3   9   m\nstatus 0\n", ""),
	Entry(nil, `sh -c 'TERM=vt100 tput colors; echo "status $?"; TERM=linux tput colors; TERM=vt100 tput setaf 1; echo "status $?"'`, "-1\nstatus 0\n8\nstatus 1\n", ""),
	Entry(nil, `sh -c 'tput -T xterm cup 5 10 | od -An -c; tput -T xterm sgr 1 0 1 | od -An -c; tput -T xterm sgr0 | od -An -c'`, " 033   [   6   ;   1   1   H\n 033   (   B 033   [   0   ;   7   m\n 033   (   B 033   [   m\n", ""),
	Entry(nil, `sh -c 'tput -T xterm am; echo "am $?"; tput -T xterm hs; echo "hs $?"; tput -T xterm bogus; echo "bogus $?"; tput -T xterm it; tput -T xterm pairs'`, "am 0\nhs 1\ntput: unknown terminfo capability 'bogus'\nbogus 4\n8\n64\n", ""),
	Entry(nil, `sh -c 'tput -T xterm longname; echo; tput -T screen longname; echo; tput -T linux smul | od -An -c'`, "xterm terminal emulator (X Window System)\nVT 100/ANSI X3.64 virtual terminal\n 033   [   4   m\n", ""),
	Entry(nil, `sh -c 'tput -T xterm flash | od -An -c; tput -T vt100 flash | od -An -c; tput -T xterm initc 1 1000 0 0 | od -An -c'`, " 033   [   ?   5   h 033   [   ?   5   l\n", ""),
	Entry(nil, `sh -c 'tput -T xterm-256color setab 200 | od -An -c; tput -T tmux-256color sitm | od -An -c; tput -T screen cnorm | od -An -c'`, " 033   [   4   8   ;   5   ;   2   0   0   m\n 033   [   3   m\n 033   [   3   4   h 033   [   ?   2   5   h\n", ""),
	Entry(nil, `sh -c 'tput -T xterm AX; echo "AX $?"; tput -T xterm U8; tput -T rxvt-unicode colors; echo "$?"'`, "AX 0\ntput: unknown terminfo capability 'U8'\n88\n0\n", ""),
	Entry(nil, `sh -c 'tput -T xterm clear | od -An -c; tput -x -T xterm clear | od -An -c; tput -T linux clear | od -An -c; tput -T dumb clear; echo $?'`, " 033   [   H 033   [   2   J 033   [   3   J\n 033   [   H 033   [   2   J\n 033   [   H 033   [   J 033   [   3   J\n2\n", ""),
)
