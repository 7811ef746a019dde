package system_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// Every text here was printed by glibc 2.36's getent (Debian 12).
var _ = Describe("getent", func() {
	It("answers from the host's passwd and group files, by name or number, 2 for a key it cannot find", func() {
		m := newHost("debian12")
		Expect(run(m, "ops", `getent passwd ops root 1000`)).To(Equal(result{
			Stdout: "ops:x:1000:1000::/home/ops:/bin/bash\nroot:x:0:0:root:/root:/bin/bash\nops:x:1000:1000::/home/ops:/bin/bash\n"}))
		Expect(run(m, "ops", `getent group ops`).Stdout).To(Equal("ops:x:1000:\n"))
		Expect(run(m, "ops", `getent passwd nosuch`)).To(Equal(result{Code: 2}))
		Expect(run(m, "ops", `getent shadow ops`)).To(Equal(result{Code: 2}), "shadow is not the user's to read")
	})
	It("refuses a database it does not know, pointing at --help on stdout", func() {
		m := newHost("debian12")
		try := "Try `getent --help' or `getent --usage' for more information.\n"
		Expect(run(m, "ops", `getent nosuchdb x`)).To(Equal(result{Stdout: try, Stderr: "Unknown database: nosuchdb\n", Code: 1}))
		Expect(run(m, "ops", `getent`)).To(Equal(result{Stdout: try, Stderr: "getent: wrong number of arguments\n", Code: 1}))
	})
})
