package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// How wide ps draws its lines (procps' set_screen_size and
// check_header_width): the bytes are procps 4.0.2's and 3.3.17's (the same),
// captured on Debian 12 and 11 under script(1), a terminal of 0 by 0 as
// `ssh -tt` from a client without a terminal gives, stderr merged.
var _ = Describe("ps's width", func() {
	It("cuts a last command column at the terminal's width (80 when it has none, $COLUMNS, --cols, w and ww), not through a pipe or into a file, and widens the row to a multiple of it", func() {
		script := `exec 2>&1
sh -c 'sleep 1000; :' a123456789b123456789c123456789d123456789e123456789f123456789g123456789h123456789i123456789j123456789k123456789 &
P=$!
echo "== tty 50x10"; stty cols 50 rows 10; ps -o user,args -p $P; ps -o args,user -p $P; ps -w -o user,args -p $P; ps -ww -o user,args -p $P | cut -c1-60; ps -o user,args --cols 30 -p $P
echo "== tty cols 50 rows 0"; stty rows 0; ps -o user,args -p $P
echo "== tty COLUMNS"; stty rows 10; COLUMNS=40 ps -o user,args -p $P; COLUMNS=abc ps -o user,args -p $P; COLUMNS=0x30 ps -o user,args -p $P; COLUMNS=5 ps -o user,args -p $P; LINES=1 ps -o user -p $P
echo "== pipe"; ps -o user,args -p $P | cat; COLUMNS=40 ps -o user,args -p $P | cat; ps -w -o user,args -p $P | cat; ps -o args,user -p $P | cat
echo "== file"; ps -o user,args -p $P > /tmp/f; cat /tmp/f
echo "== stdout pipe, stderr tty"; ps -o user,args -p $P 2>&1 | cat
echo "== doubled"; stty cols 20; ps -o user,tty,args -p $P; stty cols 30; ps -o user:20,tty:12,args -p $P; ps -o user,comm -p $P; ps w -o user,args -p $P
kill $P; wait $P 2>/dev/null
`
		for _, personality := range []string{"debian12", "debian11"} {
			Expect(RunWindow(NewHost(personality), "ops", script, 0, 0).Stdout).To(Equal(`== tty 50x10
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c
COMMAND                     USER
sh -c sleep 1000; : a123456 ops
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c123456789d123456789e123456789f123456789g123456789h123456789i123456789j123456789k12
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c123456789d
USER     COMMAND
ops      sh -c sleep 1000; : a
== tty cols 50 rows 0
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c123456789d123456789e123456789f
== tty COLUMNS
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b12345678
your 5x10 screen size is bogus. expect trouble
USER     COMMAND
ops      sh -c 
your 50x1 screen size is bogus. expect trouble
USER
ops
== pipe
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c123456789d123456789e123456789f123456789g123456789h123456789i123456789j123456789k123456789
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c123456789d123456789e123456789f123456789g123456789h123456789i123456789j123456789k123456789
COMMAND                     USER
sh -c sleep 1000; : a123456 ops
== file
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c123456789d123456789e123456789f123456789g123456789h123456789i123456789j123456789k123456789
== stdout pipe, stderr tty
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c123456789d123456789e123456789f123456789g123456789h123456789i123456789j123456789k123456789
== doubled
USER     TT       COMMAND
ops      pts/0    sh -c sleep 1000; : a1
USER                 TT           COMMAND
ops                  pts/0        sh -c sleep 1000; : a12345
USER     COMMAND
ops      sh
USER     COMMAND
ops      sh -c sleep 1000; : a123456789b123456789c123456789d123456789e123456789f123456789g123456789h123456789i123456789j123456789k12
`), personality)
		}
	})
})

// A background job's program replaces its subshell before the shell's next
// command runs, as bash's child execs while its parent forks that command
// (captured on Debian 12 and 11; one run in five on Debian 11 showed the
// shell for the ( command ) job: bash's own race, which its parent won).
var _ = Describe("a background job in ps", func() {
	It("shows the program a simple command or a ( command ) job runs at once, the shell for a function's", func() {
		OnDebian12And11(`sleep 1000 & a=$!; ps -o args= -p $!; ps -o comm= -p $!; (sleep 999) & b=$!; ps -o args= -p $!; f() { sleep 5; }; f & c=$!; ps -o comm= -p $!; kill $a $b $c; echo done`,
			Equal(Result{Stdout: "sleep 1000\nsleep\nsleep 999\nbash\ndone\n"}))
	})
})
