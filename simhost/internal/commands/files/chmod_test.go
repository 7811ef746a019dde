package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("chmod", func() {
	It("takes octal and symbolic modes", func() {
		m := newHost("debian12", fsFile("/home/ops/f", "", "ops", 0o644))
		for mode, want := range map[string]string{
			"755": "755", "u+x,go-w": "744", "a=r": "444", "+t": "1644", "g+s": "2644", "o=u": "646", "-r": "200", "u=rwx,g=rx,o=": "750",
		} {
			Expect(run(m, "ops", "chmod 644 f && chmod "+mode+" f && stat -c %a f").Stdout).To(Equal(want+"\n"), mode)
		}
	})
	It("says what it did with -v and -c", func() {
		m := newHost("debian12", fsFile("/home/ops/f", "", "ops", 0o644))
		Expect(run(m, "ops", "chmod -v 755 f; chmod -v 755 f; chmod -c 755 f")).To(Equal(result{Stdout: "mode of 'f' changed from 0644 (rw-r--r--) to 0755 (rwxr-xr-x)\n" +
			"mode of 'f' retained as 0755 (rwxr-xr-x)\n"}))
	})
	It("changes a tree with -R", func() {
		m := newHost("debian12", fsDir("/home/ops/d", "ops", 0o755), fsFile("/home/ops/d/f", "", "ops", 0o644))
		Expect(run(m, "ops", "chmod -R go-rwx d && stat -c %a d d/f").Stdout).To(Equal("700\n600\n"))
	})
	It("reports files it may not change or find", func() {
		m := newHost("debian12")
		Expect(run(m, "ops", "chmod 777 /etc/passwd")).To(Equal(result{Stderr: "chmod: changing permissions of '/etc/passwd': Operation not permitted\n", Code: 1}))
		Expect(run(m, "ops", "chmod 644 nosuch")).To(Equal(result{Stderr: "chmod: cannot access 'nosuch': No such file or directory\n", Code: 1}))
		Expect(run(m, "ops", "chmod zz f")).To(Equal(result{Stderr: "chmod: invalid mode: 'zz'\nTry 'chmod --help' for more information.\n", Code: 1}))
		Expect(run(m, "ops", "chmod 644")).To(Equal(result{Stderr: "chmod: missing operand after '644'\nTry 'chmod --help' for more information.\n", Code: 1}))
	})
	It("warns when the umask kept a mode from taking full effect", func() {
		m := newHost("debian12", fsFile("/home/ops/f", "", "ops", 0o600))
		Expect(run(m, "ops", "chmod +w f; chmod =rw f")).To(Equal(result{Stderr: "chmod: f: new permissions are rw-------, not rw--w--w-\n" +
			"chmod: f: new permissions are rw-r--r--, not rw-rw-rw-\n", Code: 1}))
	})
	It("warns the Solaris way", func() {
		m := newHost("solaris10-sparc")
		Expect(run(m, "ops", "chmod 777 /etc/passwd")).To(Equal(result{Stderr: "chmod: WARNING: can't change /etc/passwd\n", Code: 1}))
		Expect(run(m, "ops", "chmod 644 nosuch")).To(Equal(result{Stderr: "chmod: WARNING: can't access nosuch\n", Code: 1}))
	})
})

var _ = Describe("chown", func() {
	It("lets root give files away, by name, uid or user:group", func() {
		m := newHost("debian12", fsFile("/srv/f", "", "root", 0o644))
		Expect(run(m, "root", "chown ops /srv/f && stat -c %U:%G /srv/f").Stdout).To(Equal("ops:root\n"))
		Expect(run(m, "root", "chown 0:ops /srv/f && stat -c %U:%G /srv/f").Stdout).To(Equal("root:ops\n"))
		Expect(run(m, "root", "chown ops: /srv/f && stat -c %U:%G /srv/f").Stdout).To(Equal("ops:ops\n"))
		Expect(run(m, "root", "chown -v :root /srv/f").Stdout).To(Equal("changed ownership of '/srv/f' from ops:ops to ops:root\n"))
		Expect(run(m, "root", "chown -R ops /srv && stat -c %U /srv /srv/f").Stdout).To(Equal("ops\nops\n"))
	})
	It("refuses unknown names and other users' files", func() {
		m := newHost("debian12", fsFile("/home/ops/f", "", "ops", 0o644))
		Expect(run(m, "ops", "chown nobody2 f")).To(Equal(result{Stderr: "chown: invalid user: 'nobody2'\n", Code: 1}))
		Expect(run(m, "ops", "chown ops:nogrp2 f")).To(Equal(result{Stderr: "chown: invalid group: 'ops:nogrp2'\n", Code: 1}))
		Expect(run(m, "ops", "chown root f")).To(Equal(result{Stderr: "chown: changing ownership of 'f': Operation not permitted\n", Code: 1}))
		Expect(run(m, "ops", "chown ops nosuch")).To(Equal(result{Stderr: "chown: cannot access 'nosuch': No such file or directory\n", Code: 1}))
		Expect(run(m, "ops", "chown ops")).To(Equal(result{Stderr: "chown: missing operand after 'ops'\nTry 'chown --help' for more information.\n", Code: 1}))
	})
	It("changes a symlink itself with -h", func() {
		m := newHost("debian12", fsFile("/srv/f", "", "root", 0o644), fsLink("/srv/l", "f"))
		Expect(run(m, "root", "chown -h ops /srv/l && stat -c %U /srv/l /srv/f").Stdout).To(Equal("ops\nroot\n"))
	})
	It("words errors the Solaris way", func() {
		m := newHost("solaris10-sparc", fsFile("/export/home/ops/f", "", "ops", 0o644))
		Expect(run(m, "ops", "chown nobody2 f")).To(Equal(result{Stderr: "chown: unknown user id nobody2\n", Code: 2}))
		Expect(run(m, "ops", "chown ops nosuch")).To(Equal(result{Stderr: "chown: nosuch: No such file or directory\n", Code: 1}))
		Expect(run(m, "ops", "chown")).To(Equal(result{Stderr: "usage: chown [-fhR] owner[:group] file...\n", Code: 2}))
	})
})

var _ = Describe("chgrp", func() {
	It("sets the group to one of the user's groups", func() {
		m := newHost("debian12", fsFile("/home/ops/f", "", "ops", 0o644))
		Expect(run(m, "ops", "chgrp -v sudo f")).To(Equal(result{Stdout: "changed group of 'f' from ops to sudo\n"}))
		Expect(run(m, "ops", "chgrp root f")).To(Equal(result{Stderr: "chgrp: changing group of 'f': Operation not permitted\n", Code: 1}))
		Expect(run(m, "ops", "chgrp nogrp f")).To(Equal(result{Stderr: "chgrp: invalid group: 'nogrp'\n", Code: 1}))
	})
})
