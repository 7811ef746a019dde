package archive_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// What file-level backup tools drive GNU tar with (BackupPC's TarClientCmd,
// Amanda's estimates, scripts' incrementals and verifies): the script's bytes
// are tar 1.34's, captured on Debian 12 and 11 (the same on both) as a user.
var _ = Describe("tar as backup tools drive it", func() {
	script := `cd /tmp && mkdir -p d/sub && printf 'alpha\n' > d/a && printf 'bravo\n' > d/b && printf 'x\n' > d/sub/c && printf 'no\n' > d/secret && chmod 000 d/secret && touch -t 202001020304.05 d/a d/b d/sub/c d/sub d/secret && touch -t 202301150607.08 d/b
echo "== 1"; tar --totals -cvf /dev/null -C d ./a ./sub 2>&1 | sed 's/ (.*//'
echo "== 2"; tar --sort=name -cf t.tar -C d . && tar -tf t.tar
echo "== 3"; printf 'a\nsub\n' > list && tar -cf l.tar -C d -T list && tar -tf l.tar; cd d && printf 'a\0b\0' | tar --null -T - -cf ../n.tar && cd .. && tar -tf n.tar
echo "== 4"; printf 'su*\n' > ex && tar -cf x.tar -C d -X ex . && tar -tf x.tar; tar -cf x2.tar -X /nosuch d; echo "status $?"
echo "== 5"; tar -cf /dev/null -C d ./secret; echo "status $?"; tar -cf s.tar -C d ./secret; echo "status $?"; tar --ignore-failed-read -cf s.tar -C d ./secret ./nosuch; echo "status $?"
echo "== 6"; tar -N 2022-01-01 -cvf /dev/null -C d . ; tar --newer-mtime=2022-01-01 -cvf /dev/null -C d .; tar --newer-mtime='2022-01-01 00:00:00' -cf - -C d . | tar -tf -
echo "== 7"; tar -g snar -cvf g0.tar -C d sub && tar -g snar -cvf g1.tar -C d sub && head -1 snar && tar -tvf g0.tar | awk '{print $1, $3, $6}'
echo "== 8"; tar -cf dd.tar -C d a b && tar -df dd.tar -C d; echo "status $?"; printf 'changed\n' > d/a && tar -df dd.tar -C d; echo "status $?"; rm d/b; tar -df dd.tar -C d; echo "status $?"
echo "== 9"; tar -cvvf v.tar -C d sub | sed 's/ [a-z]*\/[a-z]* / U /'; tar --numeric-owner -tvf v.tar | awk '{print $2}'
echo "== 10"; tar -y; echo "status $?"; tar --bogus; echo "status $?"; printf 'short' > s && tar -tf s; echo "status $?"
`
	It("keeps names as given, reads -T/-X lists, totals, incrementals, dates, compares, and argp's usage errors", func() {
		OnDebian12And11(script, Printed("== 1\n"+
			"./a\n"+
			"./sub/\n"+
			"./sub/c\n"+
			"Total bytes written: 10240\n"+
			"== 2\n"+
			"== 3\n"+
			"a\n"+
			"sub/\n"+
			"sub/c\n"+
			"a\n"+
			"b\n"+
			"== 4\n"+
			"status 2\n"+
			"== 5\n"+
			"status 0\n"+
			"status 2\n"+
			"status 0\n"+
			"== 6\n"+
			"./\n"+
			"./a\n"+
			"./b\n"+
			"./secret\n"+
			"./sub/\n"+
			"./sub/c\n"+
			"./\n"+
			"./b\n"+
			"./sub/\n"+
			"./\n"+
			"./b\n"+
			"./sub/\n"+
			"== 7\n"+
			"sub/\n"+
			"sub/c\n"+
			"sub/\n"+
			"GNU tar-1.34-2\n"+
			"drwxr-xr-x 4 sub/\n"+
			"-rw-r--r-- 2 sub/c\n"+
			"== 8\n"+
			"status 0\n"+
			"a: Mod time differs\n"+
			"a: Size differs\n"+
			"status 1\n"+
			"a: Mod time differs\n"+
			"a: Size differs\n"+
			"status 1\n"+
			"== 9\n"+
			"drwxr-xr-x U           0 2020-01-02 03:04 sub/\n"+
			"-rw-r--r-- U           2 2020-01-02 03:04 sub/c\n"+
			"1000/1000\n"+
			"1000/1000\n"+
			"== 10\n"+
			"status 64\n"+
			"status 64\n"+
			"status 2\n"+
			"",
			"tar: ./secret: Cannot open: Permission denied\n"+
				"tar: Exiting with failure status due to previous errors\n"+
				"tar: ./secret: Cannot open: Permission denied\n"+
				"tar: Exiting with failure status due to previous errors\n"+
				"tar: /nosuch: No such file or directory\n"+
				"tar: Error is not recoverable: exiting now\n"+
				"tar: ./secret: Cannot open: Permission denied\n"+
				"tar: Exiting with failure status due to previous errors\n"+
				"tar: ./secret: Warning: Cannot open: Permission denied\n"+
				"tar: ./nosuch: Warning: Cannot stat: No such file or directory\n"+
				"tar: Option --after-date: Treating date '2022-01-01' as 2022-01-01 00:00:00\n"+
				"tar: Option --newer-mtime: Treating date '2022-01-01' as 2022-01-01 00:00:00\n"+
				"tar: ./a: file is unchanged; not dumped\n"+
				"tar: ./secret: file is unchanged; not dumped\n"+
				"tar: ./sub/c: file is unchanged; not dumped\n"+
				"tar: ./secret: Cannot open: Permission denied\n"+
				"tar: Exiting with failure status due to previous errors\n"+
				"tar: sub: Directory is new\n"+
				"tar: b: Warning: Cannot stat: No such file or directory\n"+
				"tar: invalid option -- 'y'\n"+
				"Try 'tar --help' or 'tar --usage' for more information.\n"+
				"tar: unrecognized option '--bogus'\n"+
				"Try 'tar --help' or 'tar --usage' for more information.\n"+
				"tar: This does not look like a tar archive\n"+
				"tar: Exiting with failure status due to previous errors\n"+
				""))
	})
	It("reads no file when its archive is stdout sent to /dev/null, as it finds by fstat (BackupPC's -f - into a null sink)", func() {
		OnDebian12And11("cd /tmp && echo s > sec && chmod 000 sec && tar -cvf - sec >/dev/null; echo \"status $?\"; tar -cvf - sec | cat >/dev/null; echo \"status ${PIPESTATUS[0]}\"", Printed("status 0\nstatus 2\n",
			"sec\ntar: sec: Cannot open: Permission denied\ntar: Exiting with failure status due to previous errors\n"))
	})
	It("starts its messages with argv[0] as given, but names itself short in argp's Try line and its gzip child's", func() {
		r := Run(NewHost("debian12"), "ops", "/bin/tar -cf /tmp/x.tar /nosuch; /bin/tar -y; /usr/bin/tar --ignore-failed-read -cf /tmp/y.tar /nosuch; /bin/tar -xzf /nosuch.tgz")
		Expect(r.Stderr).To(Equal("/bin/tar: Removing leading `/' from member names\n/bin/tar: /nosuch: Cannot stat: No such file or directory\n" +
			"/bin/tar: Exiting with failure status due to previous errors\n/bin/tar: invalid option -- 'y'\nTry 'tar --help' or 'tar --usage' for more information.\n" +
			"/usr/bin/tar: Removing leading `/' from member names\n/usr/bin/tar: /nosuch: Warning: Cannot stat: No such file or directory\n" +
			"tar (child): /nosuch.tgz: Cannot open: No such file or directory\ntar (child): Error is not recoverable: exiting now\n" +
			"/bin/tar: Child returned status 2\n/bin/tar: Error is not recoverable: exiting now\n"))
	})
})
