package shell

import (
	"fmt"
	"io"
	"regexp"
	"sync/atomic"
)

// unboundMsg is the interpreter's whole message for a variable set -u finds
// unset, which it writes in one call, bare, before it ends the shell with 1.
var unboundMsg = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*|[0-9]+): unbound variable\n$`)

// shellStderr is the stderr the interpreter writes to (and hands to the
// commands it runs). It words set -u's error as the shell does ("bash: line 1:
// x: unbound variable", dash's "/bin/sh: 1: x: parameter not set"), and
// notes it, so that the shell exits as bash (127) or dash (2) does. Other
// writes pass untouched.
type shellStderr struct {
	w       io.Writer
	sh      *shellProc
	unbound atomic.Bool
}

func (e *shellStderr) Write(b []byte) (int, error) {
	m := unboundMsg.FindSubmatch(b)
	if m == nil {
		return e.w.Write(b)
	}
	e.unbound.Store(true)
	text := string(m[1]) + ": unbound variable"
	if e.sh.flavour == "dash" {
		text = string(m[1]) + ": parameter not set"
	}
	if _, err := fmt.Fprintf(e.w, "%s%s\n", e.sh.prefix(1), text); err != nil {
		return 0, err
	}
	return len(b), nil
}

// unboundStatus is the status a shell that stopped at an unset variable
// exits with, in place of the interpreter's 1; ok is false when it did not.
func (sh *shellProc) unboundStatus() (int, bool) {
	if !sh.errIn.unbound.Swap(false) {
		return 0, false
	}
	switch sh.flavour {
	case "bash":
		return 127, true
	case "dash":
		return 2, true
	}
	return 1, true
}
