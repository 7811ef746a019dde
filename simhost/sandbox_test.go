package simhost_test

import (
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// The simulated host must never run a real program or touch a real file. The
// battery below is what a careless or hostile script would do; afterwards the
// real canary files, /etc/passwd and a trap on the real PATH must be untouched.
var _ = Describe("the sandbox", Label("sandbox"), func() {
	It("keeps destructive commands inside the simulated host", func() {
		canary := GinkgoT().TempDir()
		Expect(os.WriteFile(filepath.Join(canary, "keep"), []byte("precious"), 0o644)).To(Succeed())
		// A trap: if anything ever looked a command up on the real PATH and ran it,
		// these scripts would leave a mark.
		trapDir := GinkgoT().TempDir()
		mark := filepath.Join(trapDir, "ran")
		for _, name := range []string{"rm", "touch", "ls", "sh", "bash", "cat", "frobnicate"} {
			Expect(os.WriteFile(filepath.Join(trapDir, name), []byte("#!/bin/sh\necho $0 >> "+mark+"\n"), 0o755)).To(Succeed())
		}
		GinkgoT().Setenv("PATH", trapDir+":"+os.Getenv("PATH"))
		// Other tests of the same run may add a user to the real machine
		// (hostile bench's hostilebench): what must hold is that no line is
		// lost and the session's own line never arrives.
		passwd := strings.Split(string(must(os.ReadFile("/etc/passwd"))), "\n")
		fifos := func() []string { return must(filepath.Glob(filepath.Join(os.TempDir(), "sh-interp-*"))) }
		fifosBefore := fifos()

		h := startHost(machine.Description{Personality: "debian12"})
		battery := []string{
			"rm -rf " + canary,
			"/bin/rm -rf " + canary,
			"/usr/bin/touch " + canary + "/new",
			// Appended, not truncated: the host reads its accounts from its own
			// /etc/passwd, so an emptied one would lock root out of the rest.
			"echo pwned >> /etc/passwd; echo pwned > " + canary + "/keep",
			"cat <(echo x)",
			"exec /bin/rm -rf " + canary,
			"command -v rm; type rm; hash rm",
			"frobnicate",
			"sh -c 'rm -rf " + canary + "'",
			"bash -c 'touch " + canary + "/x'",
			"printf '#!/bin/sh\\nrm -rf " + canary + "\\n' > /tmp/x.sh; chmod +x /tmp/x.sh; /tmp/x.sh",
			"cd " + canary + " && rm -rf . ; ls",
			"test -O /etc/passwd && echo mine",
			"source /etc/passwd",
			"kill -9 1",
			"rm -rf --no-preserve-root /",
		}
		for _, cmd := range battery {
			s := start(ssh(h, "root", cmd))
			Eventually(s).Should(gexec.Exit())
		}

		Expect(mark).NotTo(BeAnExistingFile(), "a real program ran")
		Expect(os.ReadFile(filepath.Join(canary, "keep"))).To(Equal([]byte("precious")))
		Expect(must(os.ReadDir(canary))).To(HaveLen(1))
		realPasswd := string(must(os.ReadFile("/etc/passwd")))
		Expect(realPasswd).NotTo(ContainSubstring("pwned"), "the session's append reached the real /etc/passwd")
		Expect(strings.Split(realPasswd, "\n")).To(ContainElements(passwd))
		Expect(fifos()).To(Equal(fifosBefore), "process substitution made no real FIFO")
		// Inside, the host did suffer: its own tree is gone, keys and all;
		// only the kernel's /proc and /sys stay, as on a real host.
		var left []string
		for _, info := range must(h.Machine().FS.ReadDir(vfs.Root, "/")) {
			left = append(left, info.Name)
		}
		Expect(left).To(Equal([]string{"proc", "sys"}))
	})
})
