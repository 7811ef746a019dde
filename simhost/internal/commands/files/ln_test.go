package files_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

var _ = Describe("ln", func() {
	It("makes symbolic and hard links, -v showing them", func() {
		m := NewHost("debian12", SeedFile("/home/ops/a", "data", "ops", 0o644))
		Expect(Run(m, "ops", "ln -sv a s && ln -v a h")).To(Equal(Result{Stdout: "'s' -> 'a'\n'h' => 'a'\n"}))
		Expect(Run(m, "ops", "stat -c '%N %h' s a").Stdout).To(Equal("'s' -> 'a' 1\n'a' 2\n"))
		Expect(Run(m, "ops", "mkdir d && ln -s ../a d/ && cat d/a").Stdout).To(Equal("data"))
	})
	It("replaces with -f and refuses without", func() {
		m := NewHost("debian12", SeedFile("/home/ops/a", "A", "ops", 0o644), SeedFile("/home/ops/b", "B", "ops", 0o644))
		Expect(Run(m, "ops", "ln -s a b")).To(Equal(Result{Stderr: "ln: failed to create symbolic link 'b': File exists\n", Code: 1}))
		Expect(Run(m, "ops", "ln a b")).To(Equal(Result{Stderr: "ln: failed to create hard link 'b': File exists\n", Code: 1}))
		Expect(Run(m, "ops", "ln -sf a b && cat b")).To(Equal(Result{Stdout: "A"}))
	})
	It("reports a missing source, a directory and a forbidden place", func() {
		m := NewHost("debian12", SeedDir("/home/ops/d", "ops", 0o755))
		Expect(Run(m, "ops", "ln nosuch h")).To(Equal(Result{Stderr: "ln: failed to access 'nosuch': No such file or directory\n", Code: 1}))
		Expect(Run(m, "ops", "ln d h")).To(Equal(Result{Stderr: "ln: 'd': hard link not allowed for directory\n", Code: 1}))
		Expect(Run(m, "ops", "ln -s /tmp /etc/tmp")).To(Equal(Result{Stderr: "ln: failed to create symbolic link '/etc/tmp': Permission denied\n", Code: 1}))
		for _, pers := range []string{"debian12", "debian11"} {
			Expect(Run(NewHost(pers), "ops", "touch a b c && ln -s a b c")).To(Equal(Result{Stderr: "ln: target 'c': Not a directory\n", Code: 1}), pers)
		}
	})
	It("words errors the Solaris way", func() {
		m := NewHost("solaris10-sparc", SeedFile("/export/home/ops/a", "", "ops", 0o644), SeedFile("/export/home/ops/b", "", "ops", 0o644))
		Expect(Run(m, "ops", "ln a b")).To(Equal(Result{Stderr: "ln: b: File exists\n", Code: 2}))
		Expect(Run(m, "ops", "ln -s a b")).To(Equal(Result{Stderr: "ln: cannot create b: File exists\n", Code: 2}))
		Expect(Run(m, "ops", "ln nosuch c")).To(Equal(Result{Stderr: "ln: cannot access nosuch\n", Code: 2}))
	})
})
