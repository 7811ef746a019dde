// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): read and
// mapfile take their options as bash's builtins do (builtins/getopt.c), with
// values in the same word (-n1, -d,) or the next (-a name), and their
// messages; the released flag parser knew neither.

package interp

import (
	"bufio"
	"context"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/internal"
	"mvdan.cc/sh/v3/syntax"
)

// builtinOpt is one option of a builtin's arguments, with its value.
type builtinOpt struct {
	flag  byte
	value string
}

// builtinGetopts reads args as bash's internal_getopt does: options grouped
// in one word (-rs), an option that spec marks with ':' taking the rest of
// its word or the next word (-n1, -n 1), "--" ending them, and the first word
// that is not an option ("-" alone is not) starting the operands. bad is the
// option spec lacks and missing the one whose value is missing, as "-x".
func builtinGetopts(args []string, spec string) (opts []builtinOpt, rest []string, bad, missing string) {
	i := 0
	for ; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			i++
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			break
		}
		for j := 1; j < len(arg); j++ {
			c := arg[j]
			k := strings.IndexByte(spec, c)
			if k < 0 || c == ':' {
				return opts, nil, "-" + string(c), ""
			}
			if k+1 < len(spec) && spec[k+1] == ':' {
				if j+1 < len(arg) {
					opts = append(opts, builtinOpt{c, arg[j+1:]})
				} else if i+1 < len(args) {
					i++
					opts = append(opts, builtinOpt{c, args[i]})
				} else {
					return opts, nil, "", "-" + string(c)
				}
				break
			}
			opts = append(opts, builtinOpt{c, ""})
		}
	}
	return opts, args[i:], "", ""
}

// optUsage reports a bad or missing option as bash does, with the
// builtin's usage line: status 2.
func (r *Runner) optUsage(exit *exitStatus, name, bad, missing, usage string) {
	if bad != "" {
		r.builtinErr(exit, 2, name, bad+": invalid option", "")
	} else {
		r.builtinErr(exit, 2, name, missing+": option requires an argument", "")
	}
	r.errf("%s: usage: %s %s\n", name, name, usage)
}

// withInputFD runs read with stdin taken from descriptor fd (-u): 0, or one
// a script opened (3 to 9). ok is false when fd is not open for reading.
func (r *Runner) withInputFD(fd string, read func()) (ok bool) {
	if fd == "0" {
		read()
		return true
	}
	open, found := r.fds[fd]
	if !found || open.r == nil {
		return false
	}
	stdin, err := newStdinFile(open.r)
	if err != nil {
		return false
	}
	saved := r.stdin
	r.stdin = stdin
	defer func() { r.stdin = saved }()
	read()
	return true
}

// validFD reports whether s is a descriptor number, as -u takes it.
func validFD(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && strconv.Itoa(n) == strings.TrimLeft(s, "+")
}

const readUsage = "[-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]"

// dialectRead is bash's and dash's read. dash knows -p and -r only.
func (r *Runner) dialectRead(ctx context.Context, args []string) (exit exitStatus) {
	spec := "a:d:ei:n:N:p:rst:u:"
	if r.dashDialect() {
		spec = "p:r"
	}
	opts, names, bad, missing := builtinGetopts(args, spec)
	if r.dashDialect() && bad != "" {
		r.shErrf("read: Illegal option %s\n", bad)
		exit.code = 2
		return exit
	}
	if bad != "" || missing != "" {
		r.optUsage(&exit, "read", bad, missing, readUsage)
		return exit
	}
	var o readOptions
	raw, array, fd := false, "", "0"
	for _, opt := range opts {
		switch opt.flag {
		case 'r':
			raw = true
		case 'a':
			array = opt.value
		case 'd':
			o.delim, o.hasDelim = 0, true
			if opt.value != "" {
				o.delim = opt.value[0]
			}
		case 'n', 'N':
			n, err := strconv.Atoi(opt.value)
			if err != nil || n < 0 {
				r.builtinErr(&exit, 1, "read", opt.value+": invalid number", "")
				return exit
			}
			o.nchars = n
			if opt.flag == 'N' {
				// -N ignores the delimiter: only the count or EOF ends it
				o.delim, o.hasDelim = 0, true
				o.exact = true
			}
		case 't':
			secs, err := strconv.ParseFloat(opt.value, 64)
			if err != nil || secs < 0 || strings.ContainsAny(opt.value, "eExXpP") {
				r.builtinErr(&exit, 1, "read", opt.value+": invalid timeout specification", "")
				return exit
			}
			o.timeout = time.Duration(secs * float64(time.Second))
		case 'u':
			if !validFD(opt.value) {
				r.builtinErr(&exit, 1, "read", opt.value+": invalid file descriptor: Bad file descriptor", "")
				return exit
			}
			fd = opt.value
		case 'p':
			// bash shows the prompt, on stderr, only when its input is a
			// terminal: an interactive shell's
			if r.sandbox.dialect.Interactive {
				r.errf("%s", opt.value)
			}
		}
		// -e, -i (readline) and -s (echo off) are for a terminal, which
		// the interpreter's stdin never is (sandbox.go)
	}
	if array != "" {
		names = []string{array}
	}
	for _, name := range names {
		if !syntax.ValidName(name) {
			r.builtinErr(&exit, 1, "read", "`"+name+"': not a valid identifier", name+": bad variable name")
			return exit
		}
	}
	if len(names) == 0 && r.dashDialect() {
		r.builtinErr(&exit, 2, "read", "arg count", "arg count")
		return exit
	}
	var line []byte
	var err error
	if !r.withInputFD(fd, func() { line, err = r.readOpts(ctx, raw, o) }) {
		r.builtinErr(&exit, 1, "read", fd+": invalid file descriptor: Bad file descriptor", "")
		return exit
	}
	switch {
	case o.exact:
		// -N takes the bytes as they are, into the first name
		name := shellReplyVar
		if len(names) > 0 {
			name = names[0]
		}
		r.setVarString(name, string(line))
	case array != "":
		r.setVar(array, expand.Variable{Set: true, Kind: expand.Indexed, List: expand.ReadFields(r.ecfg, string(line), -1, raw)})
	case len(names) == 0:
		r.setVarString(shellReplyVar, unescapeRead(string(line), raw))
	default:
		values := expand.ReadFields(r.ecfg, string(line), len(names), raw)
		for i, name := range names {
			val := ""
			if i < len(values) {
				val = values[i]
			}
			r.setVarString(name, val)
		}
	}
	// data may come with the error that ended it: the variables are set first
	if err != nil {
		exit.code = 1
		if ctx.Err() == nil && o.timeout > 0 && (errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded)) {
			exit.code = 142
		}
	}
	return exit
}

// unescapeRead is a bare read's REPLY: the whole line, untrimmed, with its
// backslashes removed unless raw.
func unescapeRead(val string, raw bool) string {
	if raw {
		return val
	}
	var sb strings.Builder
	esc := false
	for i := range len(val) {
		if val[i] == '\\' && !esc {
			esc = true
			continue
		}
		sb.WriteByte(val[i])
		esc = false
	}
	return sb.String()
}

const mapfileUsage = "[-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c quantum] [array]"

// dialectMapfile is bash's mapfile (readarray): -d, -n, -O, -s, -t, -u; the
// -C callback is refused as an option the host does not run.
func (r *Runner) dialectMapfile(name string, args []string) (exit exitStatus) {
	opts, rest, bad, missing := builtinGetopts(args, "d:n:O:s:tu:C:c:")
	if bad != "" || missing != "" {
		r.optUsage(&exit, name, bad, missing, mapfileUsage)
		return exit
	}
	delim, drop, fd := byte('\n'), false, "0"
	count, skip, origin, haveOrigin := 0, 0, 0, false
	number := func(v, what string) (int, bool) {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			r.builtinErr(&exit, 1, name, v+": "+what, "")
			return 0, false
		}
		return n, true
	}
	var ok bool
	for _, opt := range opts {
		switch opt.flag {
		case 'd':
			delim = 0
			if opt.value != "" {
				delim = opt.value[0]
			}
		case 't':
			drop = true
		case 'n':
			if count, ok = number(opt.value, "invalid line count"); !ok {
				return exit
			}
		case 's':
			if skip, ok = number(opt.value, "invalid line count"); !ok {
				return exit
			}
		case 'O':
			if origin, ok = number(opt.value, "invalid array origin"); !ok {
				return exit
			}
			haveOrigin = true
		case 'u':
			if !validFD(opt.value) {
				r.builtinErr(&exit, 1, name, opt.value+": invalid file descriptor: Bad file descriptor", "")
				return exit
			}
			fd = opt.value
		case 'c':
			if _, ok = number(opt.value, "invalid callback quantum"); !ok {
				return exit
			}
		case 'C':
			r.builtinErr(&exit, 2, name, "-C: invalid option", "")
			r.errf("%s: usage: %s %s\n", name, name, mapfileUsage)
			return exit
		}
	}
	arrayName := "MAPFILE"
	if len(rest) > 0 {
		arrayName = rest[0]
	}
	if !syntax.ValidName(arrayName) {
		r.builtinErr(&exit, 1, name, "`"+arrayName+"': not a valid identifier", "")
		return exit
	}
	if vr := r.lookupVar(arrayName); vr.ReadOnly {
		r.shErrf("%s: readonly variable\n", arrayName)
		exit.code = 1
		return exit
	}
	var lines []string
	if !r.withInputFD(fd, func() {
		scanner := bufio.NewScanner(r.stdin)
		scanner.Split(mapfileSplit(delim, drop))
		for n := 0; (count == 0 || len(lines) < count) && scanner.Scan(); n++ {
			if n >= skip {
				lines = append(lines, scanner.Text())
			}
		}
	}) {
		r.builtinErr(&exit, 1, name, fd+": invalid file descriptor: Bad file descriptor", "")
		return exit
	}
	// without -O the array is emptied first; with it, the elements from
	// the origin on are replaced and the others kept
	var list []string
	var indexes []int
	if old := r.lookupVar(arrayName); haveOrigin && old.Kind == expand.Indexed {
		list, indexes = slices.Clone(old.List), slices.Clone(old.Indexes)
	}
	for i, line := range lines {
		list, indexes = internal.SetIndexedElem(list, indexes, origin+i, line)
	}
	vr := expand.Variable{Set: true, Kind: expand.Indexed, List: list, Indexes: indexes}
	r.setVar(arrayName, vr)
	return exit
}
