package faults_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost"
)

// protoAskpass is ssh answering keyboard-interactive prompts through an
// SSH_ASKPASS script that logs each prompt to the returned file and answers
// answer; the key is not offered. LogLevel stays INFO, so the instruction of
// each round is printed on stderr as a person sees it.
func protoAskpass(h *simhost.Host, answer, user string, args ...string) (*exec.Cmd, string) {
	dir := GinkgoT().TempDir()
	log := filepath.Join(dir, "prompts")
	script := filepath.Join(dir, "askpass")
	Expect(os.WriteFile(script, []byte(fmt.Sprintf("#!/bin/sh\nprintf '%%s\\n' \"$1\" >> %s\necho '%s'\n", log, answer)), 0o700)).To(Succeed())
	cmd := exec.Command("ssh", append([]string{"-p", strconv.Itoa(h.Port()),
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "ConnectTimeout=5", "-o", "PubkeyAuthentication=no",
		"-o", "PreferredAuthentications=keyboard-interactive", "-o", "NumberOfPasswordPrompts=1",
		user + "@127.0.0.1"}, args...)...)
	cmd.Env = append(os.Environ(), "SSH_ASKPASS="+script, "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0")
	return cmd, log
}
