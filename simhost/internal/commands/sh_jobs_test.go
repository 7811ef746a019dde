package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// bash's job table in a script (no job control): numbers, %specs for kill,
// wait, jobs and disown, the jobs listing and its removals. The script ran
// as bash -c on Debian 12 and 11 (the same bytes, twice each), a killed
// job's PID replaced; it waits for jobs to end rather than sleeping.
var _ = Describe("bash's jobs in a script", func() {
	It("numbers jobs, names them with %N, %%, %+, %-, %text and %?text, lists and forgets them as bash does", func() {
		script := `S=$(cat <<'EOS'
gone() { for p; do while kill -0 $p 2>/dev/null; do sleep 0.01; done; done; }
sleep 100 & p1=$!; sleep 200 & p2=$!
jobs; echo "st $?"
jobs -p | wc -l; jobs -r; echo "--"; jobs -s; echo "s $?"
jobs; echo "again"
sleep 300 & p6=$!; jobs %1 %+ %- %sleep %?300; echo "q $?"
jobs %x; echo "x $?"; jobs %9; echo "9 $?"
kill %1; wait %1; echo "t $?"; jobs; kill %2; wait %2; jobs; wait %6; echo "w6 $?"
kill %%; wait; echo "w $?"; jobs; echo "empty $?"
sleep 100 & echo "new"; jobs; kill %1 %7; echo "k $?"; wait %1; echo "w1 $?"
sleep 100 & disown %1; jobs; echo "d $?"; disown %5; echo "d5 $?"; kill %1; echo "k1 $?"; disown; echo "d0 $?"
sleep 100 & p=$!; kill -s KILL %1; wait $p; echo "kill -s $?"
sleep 100 & sleep 100 & kill %sleep; echo "amb $?"; kill -9 %?100; echo "amb2 $?"; kill %1 %2; wait; jobs -z; echo "z $?"
EOS
)
bash -c "$S" 2>&1 | sed -E "s/line ([0-9]+): +[0-9]+ Killed/line \1: PID Killed/"`
		OnDebian12And11(script, Equal(Result{Stdout: `[1]-  Running                 sleep 100 &
[2]+  Running                 sleep 200 &
st 0
2
[1]-  Running                 sleep 100 &
[2]+  Running                 sleep 200 &
--
s 0
[1]-  Running                 sleep 100 &
[2]+  Running                 sleep 200 &
again
[1]   Running                 sleep 100 &
[3]+  Running                 sleep 300 &
[2]-  Running                 sleep 200 &
bash: line 6: jobs: sleep: ambiguous job spec
bash: line 6: jobs: %sleep: no such job
[3]+  Running                 sleep 300 &
q 1
bash: line 7: jobs: %x: no such job
x 1
bash: line 7: jobs: %9: no such job
9 1
t 143
[2]-  Running                 sleep 200 &
[3]+  Running                 sleep 300 &
[3]+  Running                 sleep 300 &
bash: line 8: wait: %6: no such job
w6 127
w 0
empty 0
new
[1]+  Running                 sleep 100 &
bash: line 10: kill: %7: no such job
k 0
w1 143
d 0
bash: line 11: disown: %5: no such job
d5 1
bash: line 11: kill: %1: no such job
k1 1
bash: line 11: disown: current: no such job
d0 1
bash: line 12: PID Killed                  sleep 100
kill -s 137
bash: line 13: kill: sleep: ambiguous job spec
amb 1
bash: line 13: kill: 100: ambiguous job spec
amb2 1
bash: line 13: jobs: -z: invalid option
jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]
z 2
`}))
	})
})
