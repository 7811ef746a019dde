package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// Helpers shared by the shell and command faults (alias, rc-noise, pam-banner,
// prompt, command-override, locale, hang, flood).

// cancelledStatus is what a faulted command returns when its session goes away
// under it; nobody reads it, but the event log shows it (a kill sets its own).
const cancelledStatus = 130

// procStream is the command's stdout or stderr, by name.
func procStream(p *shell.Proc, name string) io.Writer {
	if name == "stdout" {
		return p.Stdout
	}
	return p.Stderr
}

// compileMatch compiles a fault's own command-line regexp (its match
// parameter); an empty one matches every command the scope lets through.
func compileMatch(param, expr string) (*regexp.Regexp, error) {
	if expr == "" {
		return nil, nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, &ParamError{Param: param, Msg: err.Error()}
	}
	return re, nil
}

// commandLine is the command line as scope.command and match see it: argv
// joined by spaces, after alias expansion ("rm -i -f /tmp/x").
func commandLine(p *shell.Proc) string { return strings.Join(p.Argv, " ") }

// matchesCommand reports whether the command line matches re (nil matches all).
func matchesCommand(re *regexp.Regexp, p *shell.Proc) bool {
	return re == nil || re.MatchString(commandLine(p))
}

// expandText fills the placeholders a fault's text may hold: {user}, {host},
// {cmd} (the command's name), {args} (its arguments), {last} (its last
// argument), {line} (the whole command line).
func expandText(p *shell.Proc, text string) string {
	if !strings.Contains(text, "{") {
		return text
	}
	last := ""
	if len(p.Argv) > 1 {
		last = p.Argv[len(p.Argv)-1]
	}
	host := ""
	if p.M != nil {
		host = p.M.Hostname
	}
	user := ""
	if p.User != nil {
		user = p.User.Name
	}
	return strings.NewReplacer("{user}", user, "{host}", host, "{cmd}", path.Base(p.Argv[0]),
		"{args}", strings.Join(p.Argv[1:], " "), "{last}", last, "{line}", commandLine(p)).Replace(text)
}

// waitAnswer blocks until a line or EOF arrives on the command's stdin, or the
// command is cancelled (the session ended, or kill). ok is false when cancelled.
func waitAnswer(p *shell.Proc) (answer string, ok bool) {
	line, _ := p.ReadLine()
	return line, p.Ctx.Err() == nil
}

// saysYes reads an answer the way coreutils' yesno() does: yes when it starts
// with y or Y.
func saysYes(answer string) bool {
	answer = strings.TrimSpace(answer)
	return strings.HasPrefix(answer, "y") || strings.HasPrefix(answer, "Y")
}

// TTYFilter narrows a fault to sessions with a terminal ("true"), without one
// ("false"), or either ("" or "any"). It loads from a JSON/YAML boolean or string.
type TTYFilter string

// UnmarshalJSON accepts true, false, "true", "false", "any" and null;
// Compile refuses anything else (the field's enum), naming the parameter.
func (t *TTYFilter) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case nil:
		*t = ""
	case bool:
		*t = TTYFilter(fmt.Sprint(v))
	case string:
		if v == "any" {
			v = ""
		}
		*t = TTYFilter(v)
	default:
		*t = TTYFilter(b) // refused by check
	}
	return nil
}

func (t TTYFilter) allows(tty bool) bool {
	switch t {
	case "true":
		return tty
	case "false":
		return !tty
	}
	return true
}

func (t TTYFilter) String() string {
	if t == "" {
		return "any"
	}
	return string(t)
}

// nlTerminated ends non-empty text with a newline.
func nlTerminated(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

// rcQuote quotes s for shell text in single quotes.
func rcQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// lineWriter passes a command's output through translate one line at a time,
// however the command split its writes: complete lines go out translated at
// once; an unfinished line goes out at once too unless hold says it may still
// become something translate changes, in which case it waits for the rest of
// the line, or holdFor at most (a prompt that waits for an answer).
type lineWriter struct {
	mu        sync.Mutex
	w         io.Writer
	translate func(line string) string
	hold      func(tail string) bool
	holdFor   time.Duration
	tail      []byte
	timer     *time.Timer
}

// maxHeld bounds an unfinished line kept back, so a binary stream cannot make
// the writer buffer without end.
const maxHeld = 4096

func newLineWriter(w io.Writer, translate func(string) string, hold func(string) bool) *lineWriter {
	return &lineWriter{w: w, translate: translate, hold: hold, holdFor: 20 * time.Millisecond}
}

func (lw *lineWriter) Write(b []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.timer != nil {
		lw.timer.Stop()
		lw.timer = nil
	}
	lw.tail = append(lw.tail, b...)
	var out bytes.Buffer
	for {
		i := bytes.IndexByte(lw.tail, '\n')
		if i < 0 {
			break
		}
		out.WriteString(lw.translate(string(lw.tail[:i])))
		out.WriteByte('\n')
		lw.tail = lw.tail[i+1:]
	}
	if len(lw.tail) > 0 {
		if lw.hold != nil && len(lw.tail) < maxHeld && lw.hold(string(lw.tail)) {
			lw.tail = append([]byte(nil), lw.tail...)
			lw.timer = time.AfterFunc(lw.holdFor, lw.flush)
		} else {
			out.WriteString(lw.translate(string(lw.tail)))
			lw.tail = nil
		}
	} else {
		lw.tail = nil
	}
	if out.Len() > 0 {
		if _, err := lw.w.Write(out.Bytes()); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// flush sends an unfinished line that waited long enough.
func (lw *lineWriter) flush() {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	lw.timer = nil
	if len(lw.tail) == 0 {
		return
	}
	text := lw.translate(string(lw.tail))
	lw.tail = nil
	io.WriteString(lw.w, text)
}
