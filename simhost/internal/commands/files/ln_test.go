package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("ln", func() {
	It("makes symbolic and hard links, -v showing them", func() {
		m := newHost("debian12", fsFile("/home/ops/a", "data", "ops", 0o644))
		Expect(run(m, "ops", "ln -sv a s && ln -v a h")).To(Equal(result{Stdout: "'s' -> 'a'\n'h' => 'a'\n"}))
		Expect(run(m, "ops", "stat -c '%N %h' s a").Stdout).To(Equal("'s' -> 'a' 1\n'a' 2\n"))
		Expect(run(m, "ops", "mkdir d && ln -s ../a d/ && cat d/a").Stdout).To(Equal("data"))
	})
	It("replaces with -f and refuses without", func() {
		m := newHost("debian12", fsFile("/home/ops/a", "A", "ops", 0o644), fsFile("/home/ops/b", "B", "ops", 0o644))
		Expect(run(m, "ops", "ln -s a b")).To(Equal(result{Stderr: "ln: failed to create symbolic link 'b': File exists\n", Code: 1}))
		Expect(run(m, "ops", "ln a b")).To(Equal(result{Stderr: "ln: failed to create hard link 'b': File exists\n", Code: 1}))
		Expect(run(m, "ops", "ln -sf a b && cat b")).To(Equal(result{Stdout: "A"}))
	})
	It("reports a missing source, a directory and a forbidden place", func() {
		m := newHost("debian12", fsDir("/home/ops/d", "ops", 0o755))
		Expect(run(m, "ops", "ln nosuch h")).To(Equal(result{Stderr: "ln: failed to access 'nosuch': No such file or directory\n", Code: 1}))
		Expect(run(m, "ops", "ln d h")).To(Equal(result{Stderr: "ln: 'd': hard link not allowed for directory\n", Code: 1}))
		Expect(run(m, "ops", "ln -s /tmp /etc/tmp")).To(Equal(result{Stderr: "ln: failed to create symbolic link '/etc/tmp': Permission denied\n", Code: 1}))
		for _, pers := range []string{"debian12", "debian11"} {
			Expect(run(newHost(pers), "ops", "touch a b c && ln -s a b c")).To(Equal(result{Stderr: "ln: target 'c': Not a directory\n", Code: 1}), pers)
		}
	})
	It("words errors the Solaris way", func() {
		m := newHost("solaris10-sparc", fsFile("/export/home/ops/a", "", "ops", 0o644), fsFile("/export/home/ops/b", "", "ops", 0o644))
		Expect(run(m, "ops", "ln a b")).To(Equal(result{Stderr: "ln: b: File exists\n", Code: 2}))
		Expect(run(m, "ops", "ln -s a b")).To(Equal(result{Stderr: "ln: cannot create b: File exists\n", Code: 2}))
		Expect(run(m, "ops", "ln nosuch c")).To(Equal(result{Stderr: "ln: cannot access nosuch\n", Code: 2}))
	})
})
