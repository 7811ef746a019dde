package faults

import (
	"io"
	"regexp"
	"sync/atomic"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// CommandOverride answers in a command's place: for commands matching a
// pattern it prints the given stdout and stderr and exits with a code, after a
// delay, optionally prompting first, optionally only with or without a
// terminal, for one user (scope.user), on the Nth call. With it QA expresses a
// new misbehaviour without writing Go.
type CommandOverride struct {
	Match  string    `json:"match" help:"a regexp on the command line (argv joined by spaces, after alias expansion); empty: every command in scope"`
	Stdout string    `json:"stdout" help:"printed on stdout as is; {user}, {host}, {cmd}, {args}, {last}, {line} are filled in"`
	Stderr string    `json:"stderr" help:"printed on stderr as is, after stdout"`
	Exit   int       `json:"exit" help:"the exit status" min:"0" max:"255"`
	Delay  Duration  `json:"delay" help:"wait this long before printing and exiting" min:"0"`
	Prompt string    `json:"prompt" help:"printed on stderr first; the command then waits for a line or EOF on stdin"`
	TTY    TTYFilter `json:"tty" help:"only in sessions with a terminal (true), without (false), or either (any)" enum:"any,true,false"`
	Nth    int       `json:"nth" help:"only the Nth matching call, from 1; 0: every call" min:"0"`

	match *regexp.Regexp
	calls atomic.Int64
}

func init() {
	Register(Type{Name: "command-override", Depth: Shell,
		Summary: "matching commands print given stdout/stderr and exit with a code, after a delay, optionally prompting first",
		New:     func() Fault { return &CommandOverride{} }})
}

// Validate checks the parameters and compiles match.
func (o *CommandOverride) Validate() error {
	var err error
	o.match, err = compileMatch("match", o.Match)
	return err
}

// Command answers in the program's place when the call is the one chosen.
func (o *CommandOverride) Command(p *shell.Proc) (bool, int) {
	if !matchesCommand(o.match, p) || !o.TTY.allows(p.TTY()) {
		return false, 0
	}
	if n := o.calls.Add(1); o.Nth > 0 && n != int64(o.Nth) {
		return false, 0
	}
	if !reply(p, expandText(p, o.Prompt), o.Delay, expandText(p, o.Stdout), expandText(p, o.Stderr)) {
		return true, cancelledStatus
	}
	return true, o.Exit
}

// reply answers in the shell's place as every override does: the prompt and a
// wait for its answer, the delay, then stdout and stderr. It is false when the
// session ended first.
func reply(p *shell.Proc, prompt string, delay Duration, stdout, stderr string) bool {
	if prompt != "" {
		io.WriteString(p.Stderr, prompt)
		if _, ok := waitAnswer(p); !ok {
			return false
		}
	}
	if delay > 0 && !p.Sleep(delay.D()) {
		return false
	}
	io.WriteString(p.Stdout, stdout)
	io.WriteString(p.Stderr, stderr)
	return true
}
