package faults

import (
	"io"
	"regexp"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// Prompt makes matching commands ask a question and wait for the answer on
// stdin before anything else: rm -i's "remove ...?", sudo's password prompt, a
// "[y/N]" confirmation, "Press any key to continue". The command blocks until a
// line or EOF arrives (a client holding stdin open, as 001's Java client did,
// waits for ever; `ssh -n` answers EOF at once), then runs, fails or exits as
// `then` says.
type Prompt struct {
	Text   string `json:"text" help:"the question, printed without a newline; {user}, {host}, {cmd}, {args}, {last} are filled in"`
	Stream string `json:"stream" help:"where the question goes" enum:"stdout,stderr"`
	Match  string `json:"match" help:"a regexp the command line must also match (besides scope.command); empty: every command in scope"`
	Then   string `json:"then" help:"after the answer: run the command, fail with code, exit 0, or run only on an answer starting with y (else exit with code)" enum:"run,fail,exit,answer"`
	Code   int    `json:"code" help:"exit status for then=fail and for a declined then=answer" min:"0" max:"255"`

	match *regexp.Regexp
}

func init() {
	Register(Type{Name: "prompt", Depth: Shell,
		Summary: "matching commands print a prompt ([y/N], a password, Press any key) and block until a line or EOF on stdin",
		New:     func() Fault { return &Prompt{Text: "[y/N] ", Stream: "stderr", Then: "run", Code: 1} }})
}

// Validate checks the parameters and compiles match.
func (f *Prompt) Validate() error {
	var err error
	f.match, err = compileMatch("match", f.Match)
	return err
}

// Command asks, waits, then lets the command run or answers in its place.
func (f *Prompt) Command(p *shell.Proc) (bool, int) {
	if !matchesCommand(f.match, p) {
		return false, 0
	}
	io.WriteString(procStream(p, f.Stream), expandText(p, f.Text))
	answer, ok := waitAnswer(p)
	switch {
	case !ok:
		return true, cancelledStatus
	case f.Then == "run", f.Then == "answer" && saysYes(answer):
		return false, 0
	case f.Then == "exit":
		return true, 0
	default:
		return true, f.Code
	}
}
