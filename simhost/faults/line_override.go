package faults

import (
	"sync/atomic"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// LineOverride answers one whole command line, exactly as the client sends it
// (an exec request's, or a line typed at a shell prompt), in the shell's place:
// it prints the given stdout and stderr, as they are, and exits with a code,
// after a delay, optionally prompting first. Where command-override matches the
// programs a line runs, this matches the line itself, so `a; b || c` is
// answered as one: what `hostile record` writes for every command it saw.
type LineOverride struct {
	Line   string    `json:"line" help:"the command line exactly as the client sends it (not a pattern)"`
	Stdout string    `json:"stdout" help:"printed on stdout as is"`
	Stderr string    `json:"stderr" help:"printed on stderr as is, after stdout"`
	Exit   int       `json:"exit" help:"the exit status" min:"0" max:"255"`
	Delay  Duration  `json:"delay" help:"wait this long before printing and exiting" min:"0"`
	Prompt string    `json:"prompt" help:"printed on stderr first; the line then waits for a line or EOF on stdin"`
	Hang   bool      `json:"hang" help:"after printing, never exit (until the session ends), as a command seen never to finish"`
	TTY    TTYFilter `json:"tty" help:"only in sessions with a terminal (true), without (false), or either (any)" enum:"any,true,false"`
	Times  int       `json:"times" help:"answer this many times, then leave the line to the next override or the shell (several in a row answer a line's sends in turn); 0: every time" min:"0"`

	answered atomic.Int64
}

func init() {
	Register(Type{Name: "line-override", Depth: Shell,
		Summary: "a whole command line, exactly as sent, prints given stdout/stderr and exits with a code, in the shell's place",
		New:     func() Fault { return &LineOverride{} }})
}

// Validate checks the parameters.
func (o *LineOverride) Validate() error {
	if err := Check(o.Line == "", "line", "empty: give the command line to answer"); err != nil {
		return err
	}
	return nil
}

// AnswerLine answers for the line when it is the one given, while it has answers left.
func (o *LineOverride) AnswerLine(p *shell.Proc, line string) (bool, int) {
	if line != o.Line || !o.TTY.allows(p.TTY()) {
		return false, 0
	}
	if n := o.answered.Add(1); o.Times > 0 && n > int64(o.Times) {
		return false, 0
	}
	if !reply(p, o.Prompt, o.Delay, o.Stdout, o.Stderr) {
		return true, cancelledStatus
	}
	if o.Hang {
		<-p.Ctx.Done()
		return true, cancelledStatus
	}
	return true, o.Exit
}
