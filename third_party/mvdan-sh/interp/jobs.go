// Patched for hostile (see ../PATCHES.md, row 22): a background job that a
// signal killed ends with 128+N, as in bash and dash, and wait reports it
// with the shell's job line, so that scripts which kill their jobs and wait
// for them see what they see on a real host.

package interp

import (
	"bytes"
	"strconv"
	"strings"
	"syscall"

	"mvdan.cc/sh/v3/syntax"
)

// jobEnd is how a background job ended, shared by the copies of its bgProc.
type jobEnd struct {
	signal   int    // the signal that killed its process, 0 if none did
	text     string // the job's command as the job line shows it
	reported bool   // wait printed its job line already
}

// newJobEnd keeps st's text for the job line: the printer's, on one line,
// but for a subshell, which bash prints as `( sleep 100; echo )`.
func newJobEnd(st *syntax.Stmt) *jobEnd {
	oneLine := func(n syntax.Node) string {
		var b bytes.Buffer
		syntax.NewPrinter(syntax.SingleLine(true)).Print(&b, n)
		return string(bytes.TrimSpace(b.Bytes()))
	}
	if sub, ok := st.Cmd.(*syntax.Subshell); ok && len(st.Redirs) == 0 && !st.Negated {
		list := make([]string, len(sub.Stmts))
		for i, s := range sub.Stmts {
			list[i] = oneLine(s)
		}
		return &jobEnd{text: "( " + strings.Join(list, "; ") + " )"}
	}
	if text, ok := bashRedirections(st, oneLine); ok { // foreground.go
		return &jobEnd{text: text}
	}
	return &jobEnd{text: oneLine(st)}
}

// finish records the job's end once its runner returned: the signal the host
// says killed its process.
func (j *jobEnd) finish(p ForkedProcess) {
	if j != nil && p.Signal != nil {
		j.signal = p.Signal()
	}
}

// reportJob prints the line bash and dash print when wait collects a job a
// signal killed, once per job (captured from bookworm's bash 5.2 and dash
// 0.5.12, non-interactive): bash `bash: line 3:    78 Killed
// sleep 100` (pid in 5 columns, the signal's description in 24) for every
// signal but INT, PIPE and TERM, at `wait PID` and `wait`; dash only the
// description, `Killed`, for every signal but INT and PIPE, at `wait PID`
// only.
func (r *Runner) reportJob(bg bgProc, all bool) {
	j := bg.end
	if j == nil || j.signal == 0 || j.reported || r.sandbox.dialect == nil {
		return
	}
	switch sig := syscall.Signal(j.signal); {
	case sig == syscall.SIGINT || sig == syscall.SIGPIPE:
		return
	case r.dashDialect():
		if all {
			return
		}
		r.errf("%s\n", signalDescription(j.signal))
	case sig == syscall.SIGTERM:
		return
	default:
		r.shErrf("%5d %-24s%s\n", bg.pid, signalDescription(j.signal), j.text)
	}
	j.reported = true
}

// signalDescriptions are glibc's strsignal texts on Linux, as bash and dash
// print them (captured from bookworm).
var signalDescriptions = map[int]string{
	1: "Hangup", 2: "Interrupt", 3: "Quit", 4: "Illegal instruction", 5: "Trace/breakpoint trap",
	6: "Aborted", 7: "Bus error", 8: "Floating point exception", 9: "Killed",
	10: "User defined signal 1", 11: "Segmentation fault", 12: "User defined signal 2",
	13: "Broken pipe", 14: "Alarm clock", 15: "Terminated", 16: "Stack fault",
	24: "CPU time limit exceeded", 25: "File size limit exceeded", 26: "Virtual timer expired",
	27: "Profiling timer expired", 29: "I/O possible", 30: "Power failure", 31: "Bad system call",
}

// sigRTMIN is glibc's first real-time signal number as programs see it.
const sigRTMIN = 34

func signalDescription(sig int) string {
	if d, ok := signalDescriptions[sig]; ok {
		return d
	}
	if sig >= sigRTMIN {
		return "Real-time signal " + strconv.Itoa(sig-sigRTMIN)
	}
	return "Unknown signal " + strconv.Itoa(sig)
}
