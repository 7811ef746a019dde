package faults_test

import (
	"path"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/internal/elfbin"
	"github.com/hostile-lab/hostile/simhost"
)

// Test helpers of the system-depth faults.

// push uploads a binary built from spec to remote with the real sftp client,
// making its directory first, and marks it executable, as a product pushing
// its tools does.
func push(h *simhost.Host, user, remote string, spec elfbin.Spec) {
	GinkgoHelper()
	local := hostiletest.WriteTemp(path.Base(remote), must(elfbin.Write(spec)), 0o755)
	s := start(must(openssh(h).SFTP(user, "-mkdir "+path.Dir(path.Dir(remote)), "-mkdir "+path.Dir(remote),
		"put "+local+" "+remote, "chmod 755 "+remote)))
	Eventually(s).Should(gexec.Exit(0))
}

// run runs a command over the real ssh client with stdin closed and waits for it.
func run(h *simhost.Host, user, command string) *gexec.Session {
	GinkgoHelper()
	return sshRun(h, user, "-n", command)
}
