package commands_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// What bash itself puts around a command sent as `ssh host 'text'`: its
// variables, the environment its programs get, and its syntax errors. The
// texts were printed by bash 5.2 (Debian 12) and 5.1 (Debian 11) under sshd.
var _ = Describe("bash -c as sshd runs it", func() {
	It("gives programs the login environment with PWD, SHLVL and _, and keeps its own variables to itself", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `env | cut -d= -f1 | sort`).Stdout).To(Equal("HOME\nLOGNAME\nMOTD_SHOWN\nPATH\nPWD\nSHELL\nSHLVL\nUSER\n_\n"))
		Expect(Run(m, "ops", `cd /tmp && env | grep PWD | sort; printenv _`).Stdout).To(Equal("OLDPWD=/home/ops\nPWD=/tmp\n/usr/bin/printenv\n"))
		Expect(Run(m, "ops", `echo "$BASH_VERSION $OSTYPE $MACHTYPE $UID $EUID [$GID]"`).Stdout).To(Equal("5.2.15(1)-release linux-gnu x86_64-pc-linux-gnu 1000 1000 []\n"))
		Expect(Run(NewHost("debian11"), "ops", `echo $BASH_VERSION`).Stdout).To(Equal("5.1.4(1)-release\n"))
	})

	It("lowers SHLVL for the program it execs in its own place, as bash does", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `echo $SHLVL; printenv SHLVL`).Stdout).To(Equal("1\n0\n"), "the last command")
		Expect(Run(m, "ops", `printenv SHLVL; (printenv SHLVL); echo x && printenv SHLVL`).Stdout).To(Equal("1\n0\nx\n1\n"))
		Expect(Run(m, "ops", `echo x && printenv SHLVL`).Stdout).To(Equal("x\n0\n"), "a list that is the whole text")
		Expect(Run(m, "ops", `printenv SHLVL | cat; true`).Stdout).To(Equal("1\n"), "bash 5.2 forks pipeline commands")
		Expect(Run(NewHost("debian11"), "ops", `printenv SHLVL | cat; true`).Stdout).To(Equal("0\n"), "bash 5.1 execs them")
	})

	It("runs a GNU program under the name it was invoked by, which starts its messages", func() {
		m := NewHost("debian12", SeedSudoers("ops ALL=(ALL) NOPASSWD: ALL"))
		Expect(Run(m, "ops", `/bin/rm nosuch`).Stderr).To(Equal("/bin/rm: cannot remove 'nosuch': No such file or directory\n"))
		Expect(Run(m, "ops", `/usr/bin/mkdir -v /tmp/a`).Stdout).To(Equal("/usr/bin/mkdir: created directory '/tmp/a'\n"))
		Expect(Run(m, "ops", `env printf '%d\n' x`).Stderr).To(Equal("printf: 'x': expected a numeric value\n"), "env keeps the name it was given")
		Expect(Run(m, "ops", `sudo -n cat /etc/nosuch`).Stderr).To(Equal("cat: /etc/nosuch: No such file or directory\n"), "so does sudo")
		Expect(Run(m, "ops", `/usr/bin/sudo -n -u nosuch true`).Stderr).To(HavePrefix("sudo: unknown user nosuch\n"), "sudo names itself by its base name")
	})

	It("words syntax errors as bash -c does", func() {
		m := NewHost("debian12")
		for text, stderr := range map[string]string{
			`echo "quote`:        "bash: -c: line 1: unexpected EOF while looking for matching `\"'\n",
			"echo `x":            "bash: -c: line 1: unexpected EOF while looking for matching ``'\n",
			`echo ${x`:           "bash: -c: line 1: unexpected EOF while looking for matching `}'\n",
			`if then fi`:         "bash: -c: line 1: syntax error near unexpected token `then'\nbash: -c: line 1: `if then fi'\n",
			`test ( x )`:         "bash: -c: line 1: syntax error near unexpected token `x'\nbash: -c: line 1: `test ( x )'\n",
			`echo )`:             "bash: -c: line 1: syntax error near unexpected token `)'\nbash: -c: line 1: `echo )'\n",
			`echo a >`:           "bash: -c: line 1: syntax error near unexpected token `newline'\nbash: -c: line 1: `echo a >'\n",
			`for x in; do; done`: "bash: -c: line 1: syntax error near unexpected token `;'\nbash: -c: line 1: `for x in; do; done'\n",
			`echo a |`:           "bash: -c: line 2: syntax error: unexpected end of file\n",
			`{ echo a`:           "bash: -c: line 2: syntax error: unexpected end of file\n",
		} {
			Expect(Run(m, "ops", text)).To(Equal(Result{Stderr: stderr, Code: 2}), text)
		}
		Expect(Run(NewHost("debian11"), "ops", `echo "quote`).Stderr).To(Equal(
			"bash: -c: line 1: unexpected EOF while looking for matching `\"'\nbash: -c: line 2: syntax error: unexpected end of file\n"), "bash 5.1 says both")
	})
})
