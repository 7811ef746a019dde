// Patched for hostile (see ../PATCHES.md, "Behaviour patches"): bash's
// shopt, with every option of the bash the dialect stands for, listed in
// bash's order and layout. The interpreter acts on six of them (dotglob,
// expand_aliases, extglob, globstar, nocaseglob, nullglob); the others are
// kept as bash keeps them, so that rc files' `shopt -s histappend` and
// scripts' `shopt -q` and `shopt -p` see bash's answers.

package interp

import (
	"slices"
	"strings"

	"mvdan.cc/sh/v3/expand"
)

// ShoptOption is one of bash's shopt options and its state when the shell
// starts.
type ShoptOption struct {
	Name string
	On   bool
}

// shoptState is whether the named option is on; ok is false for a name the
// dialect's bash does not have.
func (r *Runner) shoptState(name string) (on, ok bool) {
	for _, opt := range r.sandbox.dialect.Shopt {
		if opt.Name != name {
			continue
		}
		if p, supported := r.bashOptByName(name); p != nil && supported {
			return *p, true
		}
		if v, set := r.sandbox.shopt[name]; set {
			return v, true
		}
		return opt.On, true
	}
	return false, false
}

// setShopt turns an option on or off; login_shell and restricted_shell
// tell how bash started, and setting them changes nothing.
func (r *Runner) setShopt(name string, on bool) {
	if name == "login_shell" || name == "restricted_shell" {
		return
	}
	if p, supported := r.bashOptByName(name); p != nil && supported {
		*p = on
		return
	}
	if r.sandbox.shopt == nil {
		r.sandbox.shopt = map[string]bool{}
	}
	r.sandbox.shopt[name] = on
}

// dialectShopt is bash's shopt builtin, for a dialect that lists bash's
// options.
func (r *Runner) dialectShopt(args []string) exitStatus {
	var exit exitStatus
	var set, unset, quiet, print, setOpts bool
	i := 0
	for ; i < len(args) && len(args[i]) > 1 && args[i][0] == '-'; i++ {
		if args[i] == "--" {
			i++
			break
		}
		for _, c := range args[i][1:] {
			switch c {
			case 's':
				set = true
			case 'u':
				unset = true
			case 'q':
				quiet = true
			case 'p':
				print = true
			case 'o':
				setOpts = true
			default:
				r.builtinErr(&exit, 2, "shopt", args[i]+": invalid option", "")
				r.errf("shopt: usage: shopt [-pqsu] [-o] [optname ...]\n")
				return exit
			}
		}
	}
	names := args[i:]
	if set && unset {
		r.builtinErr(&exit, 1, "shopt", "cannot set and unset shell options simultaneously", "")
		return exit
	}
	if setOpts {
		return r.dialectShoptSetOpts(names, set, unset, quiet, print)
	}
	line := func(name string, on bool) {
		switch {
		case quiet:
		case print && on:
			r.outf("shopt -s %s\n", name)
		case print:
			r.outf("shopt -u %s\n", name)
		default:
			r.outf("%-15s\t%s\n", name, r.optStatusText(on))
		}
	}
	if len(names) == 0 {
		// A listing: every option, or with -s or -u those on or off.
		for _, opt := range r.sandbox.dialect.Shopt {
			on, _ := r.shoptState(opt.Name)
			if (set && !on) || (unset && on) {
				continue
			}
			line(opt.Name, on)
		}
		return exit
	}
	for _, name := range names {
		on, ok := r.shoptState(name)
		switch {
		case !ok:
			r.builtinErr(&exit, 1, "shopt", name+": invalid shell option name", "")
		case set || unset:
			r.setShopt(name, set)
		default:
			line(name, on)
			if !on {
				exit.code = 1
			}
		}
	}
	r.updateExpandOpts()
	return exit
}

// dialectShoptSetOpts is shopt -o: set's options by their long names, in
// set -o's layout.
func (r *Runner) dialectShoptSetOpts(names []string, set, unset, quiet, print bool) exitStatus {
	var exit exitStatus
	line := func(name string, on bool) {
		switch {
		case quiet:
		case print && on:
			r.outf("set -o %s\n", name)
		case print:
			r.outf("set +o %s\n", name)
		default:
			r.outf("%-15s\t%s\n", name, r.optStatusText(on))
		}
	}
	if len(names) == 0 {
		for _, name := range bashSetOptions {
			on, _ := r.setOptionState(name)
			if (set && !on) || (unset && on) {
				continue
			}
			line(name, on)
		}
		return exit
	}
	for _, name := range names {
		on, ok := r.setOptionState(name)
		p := r.posixOptByName(name)
		switch {
		case !ok:
			r.builtinErr(&exit, 1, "shopt", name+": invalid shell option name", "")
		case (set || unset) && p != nil:
			*p = set
		case set || unset: // an option the interpreter does not act on stays as it is
		default:
			line(name, on)
			if !on {
				exit.code = 1
			}
		}
	}
	r.updateExpandOpts()
	return exit
}

// dialectListsShopt tells a dialect that lists bash's options.
func (r *Runner) dialectListsShopt() bool {
	return r.bashDialect() && len(r.sandbox.dialect.Shopt) > 0
}

// setOptionState is whether set's option name is on: the interpreter's,
// or bash's fixed state for those it does not act on; ok is false for a
// name bash does not have.
func (r *Runner) setOptionState(name string) (on, ok bool) {
	if p := r.posixOptByName(name); p != nil {
		return *p, true
	}
	switch name {
	case "braceexpand", "hashall", "interactive-comments":
		return true, true
	case "emacs", "histexpand", "history", "monitor":
		return r.sandbox.dialect.Interactive, true
	}
	return false, slices.Contains(bashSetOptions, name)
}

// bashSetOptions are set -o's names in bash's order.
var bashSetOptions = []string{"allexport", "braceexpand", "emacs", "errexit", "errtrace", "functrace",
	"hashall", "histexpand", "history", "ignoreeof", "interactive-comments", "keyword", "monitor",
	"noclobber", "noexec", "noglob", "nolog", "notify", "nounset", "onecmd", "physical", "pipefail",
	"posix", "privileged", "verbose", "vi", "xtrace"}

// optionListVar is bash's read-only BASHOPTS (the shopt options on) or
// SHELLOPTS (the set -o options on), colon-separated in bash's order; ok is
// false for another name or a dialect without bash's shopt list.
func (r *Runner) optionListVar(name string) (vr expand.Variable, ok bool) {
	if !r.dialectListsShopt() {
		return expand.Variable{}, false
	}
	var on []string
	switch name {
	case "BASHOPTS":
		for _, opt := range r.sandbox.dialect.Shopt {
			if v, _ := r.shoptState(opt.Name); v {
				on = append(on, opt.Name)
			}
		}
	case "SHELLOPTS":
		for _, opt := range bashSetOptions {
			if v, _ := r.setOptionState(opt); v {
				on = append(on, opt)
			}
		}
	default:
		return expand.Variable{}, false
	}
	return expand.Variable{Set: true, ReadOnly: true, Kind: expand.String, Str: strings.Join(on, ":")}, true
}
