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
	DescribeTable("replaces with -f, refuses without, and reports what it cannot link in its host's words",
		RunGives(hostWithFiles),
		Entry("a symlink over a file", "debian12", "ln -s a b", Result{Stderr: "ln: failed to create symbolic link 'b': File exists\n", Code: 1}),
		Entry("a hard link over a file", "debian12", "ln a b", Result{Stderr: "ln: failed to create hard link 'b': File exists\n", Code: 1}),
		Entry("a symlink over a file with -f", "debian12", "ln -sf a b && cat b", Result{Stdout: "A"}),
		Entry("a missing source", "debian12", "ln nosuch h", Result{Stderr: "ln: failed to access 'nosuch': No such file or directory\n", Code: 1}),
		Entry("a directory", "debian12", "ln d h", Result{Stderr: "ln: 'd': hard link not allowed for directory\n", Code: 1}),
		Entry("a forbidden place", "debian12", "ln -s /tmp /etc/tmp", Result{Stderr: "ln: failed to create symbolic link '/etc/tmp': Permission denied\n", Code: 1}),
		Entry("a target that is a file (Debian 12)", "debian12", "touch a b c && ln -s a b c", Result{Stderr: "ln: target 'c': Not a directory\n", Code: 1}),
		Entry("a target that is a file (Debian 11)", "debian11", "touch a b c && ln -s a b c", Result{Stderr: "ln: target 'c': Not a directory\n", Code: 1}),
		Entry("a hard link over a file on Solaris", "solaris10-sparc", "ln a b", Result{Stderr: "ln: b: File exists\n", Code: 2}),
		Entry("a symlink over a file on Solaris", "solaris10-sparc", "ln -s a b", Result{Stderr: "ln: cannot create b: File exists\n", Code: 2}),
		Entry("a missing source on Solaris", "solaris10-sparc", "ln nosuch c", Result{Stderr: "ln: cannot access nosuch\n", Code: 2}),
	)
})
