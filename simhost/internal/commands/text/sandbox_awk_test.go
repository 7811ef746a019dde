package text_test

import (
	"crypto/sha256"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// awk can open files, run commands (system, "cmd" | getline, print | "cmd") and,
// in gawk, sockets (/inet). On the simulated host every one of them must reach
// the host's own filesystem and shell, never the real machine.
var _ = Describe("awk in the sandbox", func() {
	It("reads, writes, runs and connects to nothing real", func() {
		canary := GinkgoT().TempDir()
		keep := filepath.Join(canary, "keep")
		Expect(os.WriteFile(keep, []byte("precious\n"), 0o644)).To(Succeed())
		trapDir := GinkgoT().TempDir()
		mark := filepath.Join(trapDir, "ran")
		for _, name := range []string{"sh", "bash", "rm", "touch", "frobnicate", "sort", "cat"} {
			Expect(os.WriteFile(filepath.Join(trapDir, name), []byte("#!/bin/sh\necho $0 >> "+mark+"\n"), 0o755)).To(Succeed())
		}
		GinkgoT().Setenv("PATH", trapDir+":"+os.Getenv("PATH"))
		passwd := sha256.Sum256(must(os.ReadFile("/etc/passwd")))

		ln, err := net.Listen("tcp", "127.0.0.1:0")
		Expect(err).NotTo(HaveOccurred())
		defer ln.Close()
		var accepted atomic.Int32
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				accepted.Add(1)
				c.Close()
			}
		}()
		port := ln.Addr().(*net.TCPAddr).Port

		m := NewHost("debian12")
		battery := []string{
			`awk '{print}' ` + keep,
			`awk 'BEGIN { while ((getline l < "` + keep + `") > 0) print l }'`,
			`awk 'BEGIN { print "pwned" > "` + keep + `" }'`,
			`awk 'BEGIN { print "pwned" >> "/etc/passwd" }'`,
			`awk 'BEGIN { system("rm -rf ` + canary + `") }'`,
			`awk 'BEGIN { "touch ` + canary + `/x; frobnicate" | getline; print }'`,
			`awk 'BEGIN { print "x" | "sh -c \"rm -rf ` + canary + `\""; close("sh") }'`,
			`awk 'BEGIN { print "b\na" | "sort" }'`,
			`awk -f ` + keep,
			fmt.Sprintf(`awk 'BEGIN { "/inet/tcp/0/127.0.0.1/%d" |& getline; print }'`, port),
			fmt.Sprintf(`awk 'BEGIN { getline l < "/inet/tcp/0/127.0.0.1/%d"; print "hi" > "/inet/tcp/0/127.0.0.1/%d" }'`, port, port),
		}
		var outputs string
		for _, cmd := range battery {
			r := Run(m, "root", cmd)
			outputs += r.Stdout + r.Stderr
		}
		Expect(mark).NotTo(BeAnExistingFile(), "a real program ran")
		Expect(outputs).NotTo(ContainSubstring("precious"), "a real file was read")
		Expect(os.ReadFile(keep)).To(Equal([]byte("precious\n")))
		Expect(must(os.ReadDir(canary))).To(HaveLen(1))
		Expect(sha256.Sum256(must(os.ReadFile("/etc/passwd")))).To(Equal(passwd))
		Expect(accepted.Load()).To(BeZero(), "a real socket was opened")
		// Inside, the host did what it was told: its own /etc/passwd grew.
		Expect(Run(m, "root", "tail -1 /etc/passwd").Stdout).To(Equal("pwned\n"))
	})
})

func must[T any](v T, err error) T {
	Expect(err).NotTo(HaveOccurred())
	return v
}
