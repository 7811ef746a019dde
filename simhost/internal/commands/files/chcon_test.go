package files_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// chcon and runcon on a kernel without SELinux, as k3s's install.sh meets
// them. Captured from the hostile-os containers (exec 2>&1, as ops, from
// ops's home).
var _ = DescribeTable("chcon and runcon without SELinux", MergedOnDebian12And11(nil),
	Entry(nil, `chcon -u system_u -r object_r -t container_runtime_exec_t /usr/local/bin/k3s; echo "status $?"`, "chcon: cannot access '/usr/local/bin/k3s': No such file or directory\nstatus 1\n", ""),
	Entry(nil, `touch f; chcon -t bin_t f; echo "status $?"; chcon -u x -t y /tmp/; echo "status $?"`, "chcon: can't apply partial context to unlabeled file 'f'\nstatus 1\nchcon: can't apply partial context to unlabeled file '/tmp/'\nstatus 1\n", ""),
	Entry(nil, `chcon; echo "status $?"; chcon f; echo "status $?"; chcon -t; echo "status $?"; chcon -t x; echo "status $?"`, "chcon: missing operand\nTry 'chcon --help' for more information.\nstatus 1\nchcon: missing operand after 'f'\nTry 'chcon --help' for more information.\nstatus 1\nchcon: option requires an argument -- 't'\nTry 'chcon --help' for more information.\nstatus 1\nchcon: missing operand\nTry 'chcon --help' for more information.\nstatus 1\n", ""),
	Entry(nil, `touch f; chcon --reference=/etc/passwd f; echo "status $?"; chcon --reference=/nonexistent f; echo "status $?"; chcon -R -t x /nonexistent; echo "status $?"`, "chcon: failed to get security context of '/etc/passwd': No data available\nstatus 1\nchcon: failed to get security context of '/nonexistent': No such file or directory\nstatus 1\nchcon: cannot access '/nonexistent': No such file or directory\nstatus 1\n", ""),
	Entry(nil, `touch f; chcon -v -t bin_t f nosuch; echo "status $?"`, "changing security context of 'f'\nchcon: can't apply partial context to unlabeled file 'f'\nchcon: cannot access 'nosuch': No such file or directory\nstatus 1\n", ""),
	Entry(nil, `touch f; chcon x f; echo "status $?"; chcon system_u:object_r:bin_t:s0 /etc/passwd; echo "status $?"; chcon -v system_u:object_r:bin_t:s0 /nonexistent; echo "status $?"`, "status 0\nchcon: failed to change context of '/etc/passwd' to 'system_u:object_r:bin_t:s0': Operation not permitted\nstatus 1\nchcon: cannot access '/nonexistent': No such file or directory\nstatus 1\n", ""),
	Entry(nil, `runcon -t x true; echo "status $?"; runcon; echo "status $?"; runcon x; echo "status $?"; runcon -u x; echo "status $?"; runcon system_u:object_r:x:s0 true; echo "status $?"`, "runcon: runcon may be used only on a SELinux kernel\nstatus 1\nruncon: failed to get current context: Invalid argument\nstatus 1\nruncon: no command specified\nTry 'runcon --help' for more information.\nstatus 1\nruncon: failed to get current context: Invalid argument\nstatus 1\nruncon: runcon may be used only on a SELinux kernel\nstatus 1\n", ""),
	Entry(nil, `chcon --version | sed -n '1p;$p'; runcon --version | sed -n '1p;$p'`, "chcon (GNU coreutils) 9.1\nWritten by Russell Coker and Jim Meyering.\nruncon (GNU coreutils) 9.1\nWritten by Russell Coker.\n", "chcon (GNU coreutils) 8.32\nWritten by Russell Coker and Jim Meyering.\nruncon (GNU coreutils) 8.32\nWritten by Russell Coker.\n"),
	Entry(nil, `touch f; chcon -x f; echo "$?"`, "chcon: invalid option -- 'x'\nTry 'chcon --help' for more information.\n1\n", ""),
)
