package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// A script's #! line as Linux reads it (binfmt_script): the interpreter, then
// one argument, spaces and tabs trimmed and nothing else. Bytes captured from
// the hostile-os bookworm (bash 5.2) and bullseye (bash 5.1) containers.
var _ = Describe("#! lines", func() {
	write := func(name, text string) string {
		return "printf '" + text + "' > /tmp/" + name + "; chmod +x /tmp/" + name + "; "
	}
	DescribeTable("an interpreter not there, a CR a Windows editor left included",
		func(host, line, stderr string, code int) {
			r := Run(NewHost(host), "ops", write("s", line+`\necho x\n`)+`/tmp/s`)
			Expect(r).To(Exited(code, stderr))
			Expect(r.Stdout).To(BeEmpty())
		},
		Entry("bash 5.2", "debian12", `#!/bin/nosuch`, "bash: line 1: /tmp/s: cannot execute: required file not found\n", 127),
		Entry("bash 5.2, CR", "debian12", `#!/bin/sh\r`, "bash: line 1: /tmp/s: cannot execute: required file not found\n", 127),
		Entry("bash 5.1", "debian11", `#!/bin/nosuch`, "bash: /tmp/s: /bin/nosuch: bad interpreter: No such file or directory\n", 126),
		Entry("bash 5.1, CR", "debian11", `#!/bin/sh\r`, "bash: /tmp/s: /bin/sh^M: bad interpreter: No such file or directory\n", 126),
	)
	It("is not found by dash or env either", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", write("s", `#!/bin/sh\r\necho x\n`)+`sh -c /tmp/s`)).To(Exited(127, "sh: 1: /tmp/s: not found\n"))
		Expect(Run(m, "ops", `env /tmp/s`)).To(Exited(127, "env: '/tmp/s': No such file or directory\n"))
	})
	It("gives the shell the line's option, and the script's path as typed", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", write("e", `#!/bin/sh -e\nfalse\necho no\n`)+`/tmp/e`)).To(Exited(1, ""))
		Expect(Run(m, "ops", write("u", `#!/bin/sh -eu\necho $UNSET; echo no\n`)+`cd /tmp; ./u`)).To(Exited(2, "./u: 2: UNSET: parameter not set\n"))
		r := Run(m, "ops", write("x", `#!/bin/bash -eux\necho x; false; echo no\n`)+`/tmp/x`)
		Expect(r.Stdout).To(Equal("x\n"))
		Expect(r).To(Exited(1, "+ echo x\n+ false\n"))
		Expect(Run(m, "ops", write("t", `#! /bin/sh\t\necho tab\n`)+`/tmp/t`).Stdout).To(Equal("tab\n"))
	})
	It("passes a CR in the option to the shell, which refuses it", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", write("c", `#!/bin/sh -e\r\necho x\n`)+`/tmp/c`)).To(Exited(2, "/bin/sh: 0: Illegal option -\r\n"))
		Expect(Run(m, "ops", write("b", `#!/bin/bash -e\r\necho x\n`)+`/tmp/b`)).To(Exited(1, "/bin/bash: -\r: invalid option\n"))
	})
	It("words bash's usage as each version does", func() {
		Expect(Run(NewHost("debian12"), "ops", `bash -Q`).Stderr).To(HaveSuffix("\t-abefhkmnptuvxBCEHPT or -o option\n"))
		Expect(Run(NewHost("debian11"), "ops", `bash -Q`).Stderr).To(HaveSuffix("\t-abefhkmnptuvxBCHP or -o option\n"))
		Expect(Run(NewHost("debian11"), "ops", `bash -Q`).Code).To(Equal(2))
	})
})

var _ = Describe("set -u in a script file", func() {
	It("ends bash with 1, where bash -c ends with 127", func() {
		m := NewHost("debian12")
		r := Run(m, "ops", `printf '#!/bin/bash\nset -euo pipefail\necho "${UNSET_VAR}"\n' > /tmp/u; chmod +x /tmp/u; /tmp/u; echo "s $?"; bash /tmp/u; echo "s $?"; bash -c 'set -u; echo $X'; echo "s $?"`)
		Expect(r.Stdout).To(Equal("s 1\ns 1\ns 127\n"))
		Expect(r.Stderr).To(Equal("/tmp/u: line 3: UNSET_VAR: unbound variable\n/tmp/u: line 3: UNSET_VAR: unbound variable\nbash: line 1: X: unbound variable\n"))
	})
})
