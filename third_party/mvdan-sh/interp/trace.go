package interp

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// tracer prints expressions like a shell would do if its
// options '-o' is set to either 'xtrace' or its shorthand, '-x'.
type tracer struct {
	buf       bytes.Buffer
	printer   *syntax.Printer
	output    io.Writer
	needsPlus bool
	// dash traces words as they are, a command's assignments on its line;
	// bash quotes each word and repeats PS4's "+" once per level of
	// command substitution or eval (patched for hostile, xtrace.go).
	dash  bool
	depth int
	ps4   string
}

func (r *Runner) tracer() *tracer {
	out := r.stderr
	if r.sandbox.traceOut != nil {
		out, r.sandbox.traceOut = r.sandbox.traceOut, nil // xtrace.go
	}
	if !r.opts[optXTrace] {
		return nil
	}

	return &tracer{
		printer:   syntax.NewPrinter(),
		output:    out,
		needsPlus: true,
		dash:      r.dashDialect(),
		depth:     r.sandbox.traceDepth,
		ps4:       r.ps4(),
	}
}

// string writes s to tracer.buf if tracer is non-nil,
// prepending "+" if tracer.needsPlus is true.
func (t *tracer) string(s string) {
	if t == nil {
		return
	}

	if t.needsPlus {
		t.buf.WriteString(t.prefix())
	}
	t.needsPlus = false
	t.buf.WriteString(s)
}

func (t *tracer) stringf(f string, a ...any) {
	if t == nil {
		return
	}

	t.string(fmt.Sprintf(f, a...))
}

// expr prints x to tracer.buf if tracer is non-nil,
// prepending "+" if tracer.isFirstPrint is true.
func (t *tracer) expr(x syntax.Node) {
	if t == nil {
		return
	}

	if t.needsPlus {
		t.buf.WriteString(t.prefix())
	}
	t.needsPlus = false
	if err := t.printer.Print(&t.buf, x); err != nil {
		panic(err)
	}
}

// flush writes the contents of tracer.buf to the tracer.stdout.
func (t *tracer) flush() {
	if t == nil {
		return
	}

	t.output.Write(t.buf.Bytes())
	t.buf.Reset()
}

// newLineFlush is like flush, but with extra new line before tracer.buf gets flushed.
func (t *tracer) newLineFlush() {
	if t == nil {
		return
	}

	t.buf.WriteString("\n")
	t.flush()
	// reset state
	t.needsPlus = true
}

// quoteBash quotes a string so that it can be traced as a single Bash word.
func quoteBash(s string) string {
	qs, err := syntax.Quote(s, syntax.LangBash)
	if err != nil { // should never happen
		panic(err)
	}
	return qs
}

// call prints a simple command: its words, after the assignments made for
// it (dash: on the same line; bash: each on a line of its own before it).
// Patched for hostile (xtrace.go): upstream joined the words and quoted them
// as one for builtins.
func (t *tracer) call(assigns []string, fields []string) {
	if t == nil {
		return
	}
	if t.dash {
		t.string(strings.Join(append(slices.Clip(assigns), fields...), " "))
		return
	}
	for _, as := range assigns {
		t.string(as)
		t.newLineFlush()
	}
	words := make([]string, len(fields))
	for i, f := range fields {
		words[i] = bashTraceWord(f)
	}
	t.string(strings.Join(words, " "))
}

// assigns prints a statement of assignments only: dash's on one line,
// bash's one a line.
func (t *tracer) assigns(assigns []string) {
	if t == nil || len(assigns) == 0 {
		return
	}
	if t.dash {
		t.string(strings.Join(assigns, " "))
		t.newLineFlush()
		return
	}
	for _, as := range assigns {
		t.string(as)
		t.newLineFlush()
	}
}

// traceAssign is name=value as the shell traces it: dash as it is, bash
// quoting a value that needs it (xtrace_print_assignment).
func (t *tracer) traceAssign(name, value string) string {
	if t == nil {
		return ""
	}
	if t.dash || value == "" {
		return name + "=" + value
	}
	return name + "=" + bashTraceQuote(value)
}
