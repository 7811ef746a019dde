package bench

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// client is what makes the connections: the Go client in this process, or the
// real OpenSSH client, one `ssh` process per connection as a shell script or
// Ansible without multiplexing would run it.
type client int

const (
	goClient client = iota
	opensshClient
	clients
)

var clientNames = [clients]string{"Go client", "OpenSSH client"}

// sshArgs are the OpenSSH client's options: no configuration file of this
// machine's, no multiplexing, the benchmark's key only, ed25519 host keys.
func sshArgs(t *target, command string) []string {
	host, port, _ := net.SplitHostPort(t.addr)
	return []string{"-F", "/dev/null", "-p", port, "-i", t.identity, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
		"-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "HostKeyAlgorithms=ssh-ed25519",
		t.config.User + "@" + host, command}
}

// sshExit is connectExit made by an `ssh` process.
func sshExit(t *target) error {
	if t.identity == "" {
		return notMeasured{"no key file for the OpenSSH client"}
	}
	cmd := exec.Command("ssh", sshArgs(t, "exit 0")...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ssh: %v: %s", err, strings.TrimSpace(out.String()))
	}
	return nil
}

func connectWith(t *target, c client) error {
	if c == opensshClient {
		return sshExit(t)
	}
	return connectExit(t)
}

// cpuTime is the CPU a server has used: its processes' user and system time
// with that of the children they reaped (an sshd's connection processes, and
// their shells), from /proc/PID/stat. 0 when the server is not a process here.
func cpuTime(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	var ticks int64
	for _, p := range append([]int{pid}, descendants(pid)...) {
		stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p), "stat"))
		if err != nil {
			continue
		}
		// After "pid (comm) ": state is field 3; utime, stime, cutime, cstime 14-17.
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) < 15 {
			continue
		}
		for _, i := range []int{11, 12, 13, 14} {
			v, _ := strconv.ParseInt(f[i], 10, 64)
			ticks += v
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on Linux.
const clockTicks = 100
