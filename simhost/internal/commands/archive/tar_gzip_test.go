package archive_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("tar", func() {
	tree := `cd /tmp && mkdir -p d/sub && echo hi > d/a && echo yo > d/sub/b && ln -s a d/l && `
	It("creates, lists and extracts, with -v, -z, -C and the old bundled form", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", tree+`tar cvf t.tar d && tar tf t.tar`)
		Expect(r.Stdout).To(Equal("d/\nd/a\nd/l\nd/sub/\nd/sub/b\nd/\nd/a\nd/l\nd/sub/\nd/sub/b\n"))
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "ops", `cd /tmp && tar tvf t.tar | sed 's/ 20[0-9-]* [0-9:]* / DATE /'`).Stdout).To(Equal(
			"drwxr-xr-x ops/ops           0 DATE d/\n" +
				"-rw-r--r-- ops/ops           3 DATE d/a\n" +
				"lrwxrwxrwx ops/ops           0 DATE d/l -> a\n" +
				"drwxr-xr-x ops/ops           0 DATE d/sub/\n" +
				"-rw-r--r-- ops/ops           3 DATE d/sub/b\n"))
		Expect(Run(m, "ops", `cd / && tar czf /tmp/t.tgz -C /tmp d && mkdir /tmp/e && tar xzvf /tmp/t.tgz -C /tmp/e && cat /tmp/e/d/sub/b && readlink /tmp/e/d/l`).Stdout).
			To(Equal("d/\nd/a\nd/l\nd/sub/\nd/sub/b\nyo\na\n"))
		Expect(Run(m, "ops", `cd /tmp && mkdir f && tar -xf t.tar -C f --strip-components=1 && ls f`).Stdout).To(Equal("a\nl\nsub\n"))
		Expect(Run(m, "ops", `cd /tmp && tar cf - d | tar tf - d/sub`).Stdout).To(Equal("d/sub/\nd/sub/b\n"))
		Expect(Run(m, "ops", `cd /tmp && tar xOf t.tar d/a`).Stdout).To(Equal("hi\n"))
	})
	It("removes a leading / from member names and says so", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", tree+`tar cf - /tmp/d/a | tar tf -`)
		Expect(r.Stdout).To(Equal("tmp/d/a\n"))
		Expect(r.Stderr).To(Equal("tar: Removing leading `/' from member names\n"))
	})
	It("answers GNU tar's errors with status 2", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `tar xf /nope`)
		Expect(r.Stderr).To(Equal("tar: /nope: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n"))
		Expect(r.Code).To(Equal(2))
		r = Run(m, "ops", `tar`)
		Expect(r.Stderr).To(Equal("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n"))
		Expect(r.Code).To(Equal(2))
		r = Run(m, "ops", tree+`tar cf t.tar d && tar xf t.tar nothere`)
		Expect(r.Stderr).To(Equal("tar: nothere: Not found in archive\ntar: Exiting with failure status due to previous errors\n"))
		Expect(r.Code).To(Equal(2))
		r = Run(m, "ops", `cd /tmp && tar tzf t.tar`)
		Expect(r.Stderr).To(Equal("\ngzip: stdin: not in gzip format\ntar: Child returned status 1\ntar: Error is not recoverable: exiting now\n"))
		Expect(r.Code).To(Equal(2))
		Expect(Run(m, "ops", `tar --version | head -1`).Stdout).To(Equal("tar (GNU tar) 1.34\n"))
	})
})

var _ = Describe("gzip, gunzip, zcat", func() {
	It("replaces a file with its .gz and back, keeping its mode", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `cd /tmp && echo hello > g && chmod 640 g && gzip g && ls g* && ls -l g.gz | cut -c1-10 && gunzip g.gz && cat g && ls g*`)
		Expect(r.Stdout).To(Equal("g.gz\n-rw-r-----\nhello\ng\n"))
		Expect(Run(m, "ops", `cd /tmp && gzip -c g | zcat && echo abc | gzip | gzip -dc && gzip -k g && ls g*`).Stdout).To(Equal("hello\nabc\ng\ng.gz\n"))
		Expect(Run(m, "ops", `cd /tmp && gzip -l g.gz`).Stdout).To(MatchRegexp(`^         compressed        uncompressed  ratio uncompressed_name\n +\d+ +6 +-?\d+\.\d% g\n$`))
		Expect(Run(m, "ops", `cd /tmp && gzip -t g.gz; echo st=$?`).Stdout).To(Equal("st=0\n"))
	})
	It("answers gzip's messages", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `gzip -dc /nope`)
		Expect(r.Stderr).To(Equal("gzip: /nope.gz: No such file or directory\n"))
		Expect(r.Code).To(Equal(1))
		r = Run(m, "ops", `echo xx > /tmp/plain && zcat /tmp/plain`)
		Expect(r.Stderr).To(Equal("\ngzip: /tmp/plain: not in gzip format\n"))
		Expect(r.Code).To(Equal(1))
		// input that ends before the magic bytes or the header is cut short,
		// with the file's name or stdin's (gzip 1.12 and 1.10 alike)
		r = Run(m, "ops", `: > /tmp/z.gz; gzip -d /tmp/z.gz; echo rc=$?; : | gzip -d; echo | gzip -d; printf '\037\213' | gzip -d; echo rc=$?`)
		Expect(r.Stdout).To(Equal("rc=1\nrc=1\n"))
		Expect(r.Stderr).To(Equal("\ngzip: /tmp/z.gz: unexpected end of file\n" + strings.Repeat("\ngzip: stdin: unexpected end of file\n", 3)))
		r = Run(m, "ops", `cd /tmp && echo x > e && gzip e && gzip e.gz`)
		Expect(r.Stderr).To(Equal("gzip: e.gz already has .gz suffix -- unchanged\n"))
		Expect(r.Code).To(Equal(0))
		Expect(Run(m, "ops", `gzip --version | head -1`).Stdout).To(Equal("gzip 1.12\n"))
	})
})
