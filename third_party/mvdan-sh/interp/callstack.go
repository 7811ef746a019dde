// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): bash's call
// stack, which scripts read to name themselves and their callers
// (${FUNCNAME[0]} in log lines, ${BASH_SOURCE[0]} to find their directory),
// $BASH_ARGV0 and $BASH_EXECUTION_STRING, and the clock scripts time
// themselves by ($SECONDS, $EPOCHSECONDS, $EPOCHREALTIME).

package interp

import (
	"fmt"
	"strconv"
	"time"

	"mvdan.cc/sh/v3/expand"
)

// callFrame is one function call or sourced file being run: FUNCNAME,
// BASH_SOURCE and BASH_LINENO each hold one element per frame, innermost
// first.
type callFrame struct {
	name   string // the function, or "source"
	source string // the file the function was defined in, or the file sourced
	line   uint   // the caller's line
}

// noSourceFile is bash's BASH_SOURCE for a function defined in a -c string.
const noSourceFile = "environment"

// pushFrame starts a call; the returned func ends it.
func (r *Runner) pushFrame(name, source string) func() {
	r.sandbox.frames = append(r.sandbox.frames, callFrame{name: name, source: source, line: r.sandbox.line})
	n := len(r.sandbox.frames) - 1
	return func() { r.sandbox.frames = r.sandbox.frames[:n] }
}

// definingSource is the file a function defined now belongs to: the file
// being sourced, if any, else the script's.
func (r *Runner) definingSource() string {
	for i := len(r.sandbox.frames) - 1; i >= 0; i-- {
		if f := r.sandbox.frames[i]; f.name == "source" {
			return f.source
		}
	}
	return r.mainSource()
}

// funcSource is the file function name was defined in.
func (r *Runner) funcSource(name string) string {
	if src, ok := r.sandbox.funcSources[name]; ok {
		return src
	}
	return r.mainSource()
}

// mainSource is the script file bash runs, or "environment" for a -c string.
func (r *Runner) mainSource() string {
	if d := r.sandbox.dialect; d != nil && d.ScriptFile != nil {
		if f := d.ScriptFile(); f != "" {
			return f
		}
	}
	return noSourceFile
}

// callStackVar is FUNCNAME, BASH_SOURCE or BASH_LINENO for bash; ok is false
// for any other name or dialect. FUNCNAME is declared but unset while no
// function runs, as in bash.
func (r *Runner) callStackVar(name string) (vr expand.Variable, ok bool) {
	if !r.bashDialect() {
		return expand.Variable{}, false
	}
	frames := r.sandbox.frames
	if main := r.mainSource(); main != noSourceFile {
		// a script's frames end with bash's main, called from line 0
		frames = append([]callFrame{{name: "main", source: main}}, frames...)
	}
	list := make([]string, 0, len(frames))
	inFunc := false
	for i := len(frames) - 1; i >= 0; i-- {
		f := frames[i]
		switch name {
		case "FUNCNAME":
			list = append(list, f.name)
			inFunc = inFunc || f.name != "source" && f.name != "main"
		case "BASH_SOURCE":
			list = append(list, f.source)
		case "BASH_LINENO":
			list = append(list, strconv.FormatUint(uint64(f.line), 10))
		default:
			return expand.Variable{}, false
		}
	}
	if name == "FUNCNAME" && !inFunc {
		return expand.Variable{Kind: expand.Indexed}, true
	}
	return expand.Variable{Set: true, Kind: expand.Indexed, List: list}, true
}

// dialectInvocationVar is bash's BASH_ARGV0 ($0, until a script assigns
// it) and BASH_EXECUTION_STRING (the -c string, from
// Dialect.ExecutionString); ok is false for another dialect.
func (r *Runner) dialectInvocationVar(name string) (vr expand.Variable, ok bool) {
	if !r.bashDialect() {
		return expand.Variable{}, false
	}
	if set := r.writeEnv.Get(name); set.Declared() {
		return set, true
	}
	switch name {
	case "BASH_ARGV0":
		return r.lookupVar("0"), true
	case "BASH_EXECUTION_STRING":
		if f := r.sandbox.dialect.ExecutionString; f != nil {
			if s, isC := f(); isC {
				return expand.Variable{Set: true, Kind: expand.String, Str: s}, true
			}
		}
	}
	return expand.Variable{}, true
}

// clockVar is bash's SECONDS (since the shell started, or what a script
// assigned, which then stays as assigned here where bash counts on from
// it), EPOCHSECONDS and EPOCHREALTIME; ok is false for another dialect.
func (r *Runner) clockVar(name string) (vr expand.Variable, ok bool) {
	if !r.bashDialect() {
		return expand.Variable{}, false
	}
	if set := r.writeEnv.Get(name); set.Declared() {
		return set, true
	}
	now := time.Now()
	str := ""
	switch name {
	case "SECONDS":
		if r.sandbox.started.IsZero() {
			r.sandbox.started = now
		}
		str = strconv.Itoa(int(now.Sub(r.sandbox.started).Seconds()))
	case "EPOCHSECONDS":
		str = strconv.FormatInt(now.Unix(), 10)
	case "EPOCHREALTIME":
		str = fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
	}
	return expand.Variable{Set: true, Kind: expand.String, Str: str}, true
}
