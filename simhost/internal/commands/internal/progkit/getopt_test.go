package progkit_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// The one getopt_long parser of the new programs, seen through them; every
// expectation was captured from GNU tools in a Debian 12 container.
var _ = Describe("getopt_long semantics", func() {
	files := []string{"/tmp/x", "a\nb\n", "/tmp/y", "a\nc\n"}
	It("takes options after operands, unless POSIXLY_CORRECT is set", func() {
		m := HostWithFiles("debian12", files...)
		r := Run(m, "ops", `cd /tmp; diff x y -q`)
		Expect(r.Stdout).To(Equal("Files x and y differ\n"))
		Expect(r.Code).To(Equal(1))
		r = Run(m, "ops", `cd /tmp; POSIXLY_CORRECT=1 diff x y -q`)
		Expect(r.Stderr).To(Equal("diff: extra operand '-q'\ndiff: Try 'diff --help' for more information.\n"))
		Expect(r.Code).To(Equal(2))
	})
	It("ends options at --, bundles short ones, and takes --opt=value", func() {
		m := HostWithFiles("debian12", files...)
		r := Run(m, "ops", `cd /tmp; diff -- -x y`)
		Expect(r.Stderr).To(Equal("diff: -x: No such file or directory\n"))
		Expect(r.Code).To(Equal(2))
		Expect(Run(m, "ops", `cd /tmp; diff -qs x x`).Stdout).To(Equal("Files x and x are identical\n"))
		Expect(Run(m, "ops", `cd /tmp; diff --unified=1 x y | tail -n +3`).Stdout).To(Equal("@@ -1,2 +1,2 @@\n a\n-b\n+c\n"))
	})
	It("accepts unambiguous abbreviations and names the candidates of an ambiguous one", func() {
		m := HostWithFiles("debian12", files...)
		Expect(Run(m, "ops", `cd /tmp; diff --br x y`).Stdout).To(Equal("Files x and y differ\n"))
		Expect(Run(m, "ops", `cd /tmp; diff --unif x y | tail -n +3`).Stdout).To(Equal("@@ -1,2 +1,2 @@\n a\n-b\n+c\n"))
		r := Run(m, "ops", `mktemp --d`)
		Expect(r.Stderr).To(Equal("mktemp: option '--d' is ambiguous; possibilities: '--directory' '--dry-run'\nTry 'mktemp --help' for more information.\n"))
		Expect(r.Code).To(Equal(1))
	})
	It("words each usage error as glibc does, with the tool's own status", func() {
		m := HostWithFiles("debian12", files...)
		r := Run(m, "ops", `cd /tmp; diff --brief=3 x y`)
		Expect(r.Stderr).To(Equal("diff: option '--brief' doesn't allow an argument\ndiff: Try 'diff --help' for more information.\n"))
		Expect(r.Code).To(Equal(2))
		r = Run(m, "ops", `diff -U`)
		Expect(r.Stderr).To(Equal("diff: option requires an argument -- 'U'\ndiff: Try 'diff --help' for more information.\n"))
		Expect(r.Code).To(Equal(2))
		r = Run(m, "ops", `timeout -k`)
		Expect(r.Stderr).To(Equal("timeout: option requires an argument -- 'k'\nTry 'timeout --help' for more information.\n"))
		Expect(r.Code).To(Equal(125))
		r = Run(m, "ops", `timeout --si 1 true`)
		Expect(r.Stderr).To(Equal("Try 'timeout --help' for more information.\n"))
		Expect(r.Code).To(Equal(125))
	})
})
