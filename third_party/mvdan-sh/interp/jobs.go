// Patched for hostile (see ../PATCHES.md, row 22): a background job that a
// signal killed ends with 128+N, as in bash and dash, and wait reports it
// with the shell's job line, so that scripts which kill their jobs and wait
// for them see what they see on a real host.

package interp

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"mvdan.cc/sh/v3/syntax"
)

// jobEnd is how a background job ended, shared by the copies of its bgProc.
type jobEnd struct {
	num      int    // its number in bash's job table (jobtable.go)
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

// waitOpts reads wait's options in bash (-n, -p VAR, -f) and dash (none):
// next is -n, pidVar -p's name and ids the jobs named; done says the call
// is answered (a bad option, said with its status in exit).
func (r *Runner) waitOpts(exit *exitStatus, args []string) (next bool, pidVar string, ids []string, done bool) {
	if r.dashDialect() {
		if len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && args[0] != "--" {
			r.shErrf("wait: Illegal option %s\n", args[0][:2])
			exit.code = 2
			return false, "", nil, true
		}
		return false, "", args, false
	}
	opts, ids, bad, missing := builtinGetopts(args, "fnp:") // bashopts.go
	if bad != "" || missing != "" {
		r.optUsage(exit, "wait", bad, missing, "[-fn] [-p var] [id ...]")
		return false, "", nil, true
	}
	for _, o := range opts {
		switch o.flag {
		case 'n':
			next = true
		case 'p':
			pidVar = o.value
		}
	}
	return next, pidVar, ids, false
}

// markWaited takes a job out of the table wait -n looks at, as bash does
// once wait has reported it.
func (r *Runner) markWaited(bg bgProc) {
	if r.sandbox.waited == nil {
		r.sandbox.waited = map[chan struct{}]bool{}
	}
	r.sandbox.waited[bg.done] = true
}

// waitNext is bash's wait -n: the status of the next job to end of those
// named (or of all) not yet waited for, an ended one first; 127 with none.
// -p sets pidVar to the job's process ID.
func (r *Runner) waitNext(ctx context.Context, pidVar string, ids []string) (exit exitStatus) {
	var cases []reflect.SelectCase
	var jobs []bgProc
	var names []string
	for i, bg := range r.bgProcs {
		if bg.end == nil || r.sandbox.waited[bg.done] {
			continue // a process substitution, or a job wait reported
		}
		if len(ids) > 0 && !slices.Contains(ids, bg.name(i+1)) {
			continue
		}
		jobs = append(jobs, bg)
		names = append(names, bg.name(i+1))
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(bg.done)})
	}
	if len(jobs) == 0 {
		exit.code = 127
		return exit
	}
	for i, bg := range jobs { // one that ended already, the first
		select {
		case <-bg.done:
			return r.waitedNext(bg, names[i], pidVar)
		default:
		}
	}
	cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())})
	chosen, _, _ := reflect.Select(cases)
	if chosen == len(jobs) {
		exit.code = 130
		return exit
	}
	return r.waitedNext(jobs[chosen], names[chosen], pidVar)
}

func (r *Runner) waitedNext(bg bgProc, name, pidVar string) exitStatus {
	r.reportJob(bg, false)
	r.markWaited(bg)
	if pidVar != "" {
		r.setVarString(pidVar, name)
	}
	return *bg.exit
}
