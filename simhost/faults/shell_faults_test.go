package faults_test

import (
	"io"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Test helpers of the shell and command faults.

// heldSession is a command started by the x/crypto client with its stdin held
// open, as the 001 escalation's Java client did.
type heldSession struct {
	sess           *gossh.Session
	stdin          io.WriteCloser
	stdout, stderr *gbytes.Buffer
	done           chan error // Wait's result
}

// startHeld runs command as user with stdin held open until the spec closes it.
func startHeld(h *simhost.Host, user, command string) *heldSession {
	sess := must(dial(h, user).NewSession())
	DeferCleanup(func() { sess.Close() }) // EOF when it already ended
	hs := &heldSession{sess: sess, stdin: must(sess.StdinPipe()),
		stdout: gbytes.NewBuffer(), stderr: gbytes.NewBuffer(), done: make(chan error, 1)}
	sess.Stdout, sess.Stderr = hs.stdout, hs.stderr
	Expect(sess.Start(command)).To(Succeed())
	go func() { hs.done <- sess.Wait() }()
	return hs
}

// exists reports whether path is on the host's filesystem.
func exists(h *simhost.Host, path string) bool {
	_, err := h.Machine().FS.Stat(vfs.Root, path)
	return err == nil
}

// commandArgvs lists the argv of every command the host ran.
func commandArgvs(h *simhost.Host) [][]string {
	var out [][]string
	for _, e := range h.Events().OfKind(events.Command) {
		out = append(out, e.Argv)
	}
	return out
}

// noSessionsLeft waits until the host has no session open.
func noSessionsLeft(h *simhost.Host) {
	Eventually(h.OpenSessions).Should(BeZero())
}
