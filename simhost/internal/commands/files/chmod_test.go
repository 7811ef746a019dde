package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("chmod", func() {
	It("takes octal and symbolic modes", func() {
		m := hostWithFiles("debian12")
		for mode, want := range map[string]string{
			"755": "755", "u+x,go-w": "744", "a=r": "444", "+t": "1644", "g+s": "2644", "o=u": "646", "-r": "200", "u=rwx,g=rx,o=": "750",
		} {
			Expect(Run(m, "ops", "chmod 644 f && chmod "+mode+" f && stat -c %a f").Stdout).To(Equal(want+"\n"), mode)
		}
	})
	It("says what it did with -v and -c", func() {
		m := hostWithFiles("debian12")
		Expect(Run(m, "ops", "chmod -v 755 f; chmod -v 755 f; chmod -c 755 f")).To(Equal(Result{Stdout: "mode of 'f' changed from 0644 (rw-r--r--) to 0755 (rwxr-xr-x)\n" +
			"mode of 'f' retained as 0755 (rwxr-xr-x)\n"}))
	})
	It("changes a tree with -R", func() {
		m := NewHost("debian12", SeedDir("/home/ops/d", "ops", 0o755), SeedFile("/home/ops/d/f", "", "ops", 0o644))
		Expect(Run(m, "ops", "chmod -R go-rwx d && stat -c %a d d/f").Stdout).To(Equal("700\n600\n"))
	})
	It("warns when the umask kept a mode from taking full effect", func() {
		m := NewHost("debian12", SeedFile("/home/ops/f", "", "ops", 0o600))
		Expect(Run(m, "ops", "chmod +w f; chmod =rw f")).To(Equal(Result{Stderr: "chmod: f: new permissions are rw-------, not rw--w--w-\n" +
			"chmod: f: new permissions are rw-r--r--, not rw-rw-rw-\n", Code: 1}))
	})
	DescribeTable("reports files it may not change or find, and bad modes, in its host's words",
		RunGives(hostWithFiles),
		Entry("a file it may not change", "debian12", "chmod 777 /etc/passwd", Result{Stderr: "chmod: changing permissions of '/etc/passwd': Operation not permitted\n", Code: 1}),
		Entry("a missing file", "debian12", "chmod 644 nosuch", Result{Stderr: "chmod: cannot access 'nosuch': No such file or directory\n", Code: 1}),
		Entry("a bad mode", "debian12", "chmod zz f", Result{Stderr: "chmod: invalid mode: 'zz'\nTry 'chmod --help' for more information.\n", Code: 1}),
		Entry("no file", "debian12", "chmod 644", Result{Stderr: "chmod: missing operand after '644'\nTry 'chmod --help' for more information.\n", Code: 1}),
		Entry("a file it may not change on Solaris", "solaris10-sparc", "chmod 777 /etc/passwd", Result{Stderr: "chmod: WARNING: can't change /etc/passwd\n", Code: 1}),
		Entry("a missing file on Solaris", "solaris10-sparc", "chmod 644 nosuch", Result{Stderr: "chmod: WARNING: can't access nosuch\n", Code: 1}),
	)
})

var _ = Describe("chown", func() {
	It("lets root give files away, by name, uid or user:group", func() {
		m := NewHost("debian12", SeedFile("/srv/f", "", "root", 0o644))
		Expect(Run(m, "root", "chown ops /srv/f && stat -c %U:%G /srv/f").Stdout).To(Equal("ops:root\n"))
		Expect(Run(m, "root", "chown 0:ops /srv/f && stat -c %U:%G /srv/f").Stdout).To(Equal("root:ops\n"))
		Expect(Run(m, "root", "chown ops: /srv/f && stat -c %U:%G /srv/f").Stdout).To(Equal("ops:ops\n"))
		Expect(Run(m, "root", "chown -v :root /srv/f").Stdout).To(Equal("changed ownership of '/srv/f' from ops:ops to ops:root\n"))
		Expect(Run(m, "root", "chown -R ops /srv && stat -c %U /srv /srv/f").Stdout).To(Equal("ops\nops\n"))
	})
	It("changes a symlink itself with -h", func() {
		m := NewHost("debian12", SeedFile("/srv/f", "", "root", 0o644), SeedLink("/srv/l", "f"))
		Expect(Run(m, "root", "chown -h ops /srv/l && stat -c %U /srv/l /srv/f").Stdout).To(Equal("ops\nroot\n"))
	})
	DescribeTable("refuses unknown names and other users' files, in its host's words",
		RunGives(hostWithFiles),
		Entry("an unknown user", "debian12", "chown nobody2 f", Result{Stderr: "chown: invalid user: 'nobody2'\n", Code: 1}),
		Entry("an unknown group", "debian12", "chown ops:nogrp2 f", Result{Stderr: "chown: invalid group: 'ops:nogrp2'\n", Code: 1}),
		Entry("a gift to another user", "debian12", "chown root f", Result{Stderr: "chown: changing ownership of 'f': Operation not permitted\n", Code: 1}),
		Entry("a missing file", "debian12", "chown ops nosuch", Result{Stderr: "chown: cannot access 'nosuch': No such file or directory\n", Code: 1}),
		Entry("no file", "debian12", "chown ops", Result{Stderr: "chown: missing operand after 'ops'\nTry 'chown --help' for more information.\n", Code: 1}),
		Entry("an unknown user on Solaris", "solaris10-sparc", "chown nobody2 f", Result{Stderr: "chown: unknown user id nobody2\n", Code: 2}),
		Entry("a missing file on Solaris", "solaris10-sparc", "chown ops nosuch", Result{Stderr: "chown: nosuch: No such file or directory\n", Code: 1}),
		Entry("no operands on Solaris", "solaris10-sparc", "chown", Result{Stderr: "usage: chown [-fhR] owner[:group] file...\n", Code: 2}),
	)
})

var _ = Describe("chgrp", func() {
	DescribeTable("sets the group to one of the user's groups",
		RunGives(hostWithFiles),
		Entry("one of them", "debian12", "chgrp -v sudo f", Result{Stdout: "changed group of 'f' from ops to sudo\n"}),
		Entry("another", "debian12", "chgrp root f", Result{Stderr: "chgrp: changing group of 'f': Operation not permitted\n", Code: 1}),
		Entry("an unknown one", "debian12", "chgrp nogrp f", Result{Stderr: "chgrp: invalid group: 'nogrp'\n", Code: 1}),
	)
})
