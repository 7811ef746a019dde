package files_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Captured from hostile-os:bookworm and bullseye as ops (stderr merged), by a
// script that ran each entry's text in both containers.
var _ = DescribeTable("empty file names", MergedOnDebian12And11(nil),
	Entry("an empty file name is no file (ENOENT), whatever the working directory; wc and du refuse it by name", `cat ''; echo rc=$?; ls ''; echo rc=$?; wc -l ''; echo rc=$?; head ''; stat ''; touch ''; mkdir ''; rm ''; cp '' x; grep x ''; sed p ''; tail ''; chmod 644 ''; ln -s x ''; mv '' y; readlink -f ''; echo rc=$?; du ''; echo rc=$?; test -e ''; echo rc=$?; realpath ''; dd if='' of=/dev/null; echo rc=$?; echo x | dd of='' 2>&1 | head -1`,
		`cat: '': No such file or directory
rc=1
ls: cannot access '': No such file or directory
rc=2
wc: invalid zero-length file name
rc=1
head: cannot open '' for reading: No such file or directory
stat: cannot statx '': No such file or directory
touch: cannot touch '': No such file or directory
mkdir: cannot create directory '': No such file or directory
rm: cannot remove '': No such file or directory
cp: cannot stat '': No such file or directory
grep: : No such file or directory
sed: can't read : No such file or directory
tail: cannot open '' for reading: No such file or directory
chmod: cannot access '': No such file or directory
ln: failed to create symbolic link '': No such file or directory
mv: cannot stat '': No such file or directory
rc=1
du: invalid zero-length file name
rc=1
rc=1
realpath: '': No such file or directory
dd: failed to open '': No such file or directory
rc=1
dd: failed to open '': No such file or directory
`,
		""),
)
