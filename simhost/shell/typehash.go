package shell

import (
	"fmt"
	"path/filepath"
	"strings"

	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

// stdPath is the PATH `command -p` searches: bash's confstr(_CS_PATH) on
// glibc (`command -pv ls` prints /bin/ls on Debian).
const stdPath = "/bin:/usr/bin"

// cmdPathCmd is `command -p NAME`: NAME run from stdPath.
const cmdPathCmd = "\x00command-p"

// bashTypeOpts reads type's options as bash does: -a -f -p -P -t, grouped or
// not; bad is the first it lacks.
func bashTypeOpts(args []string) (flags string, names []string, bad string) {
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		if args[0] == "--" {
			return flags, args[1:], ""
		}
		for _, c := range args[0][1:] {
			if !strings.ContainsRune("afptP", c) {
				return flags, nil, "-" + string(c)
			}
		}
		flags += args[0][1:]
		args = args[1:]
	}
	return flags, args, ""
}

// bashType is bash's type builtin (builtins/type.def, describe_command):
// each name as an alias (when aliases are expanded), a keyword, a function,
// a builtin and the files of PATH, the first form found or, with -a, every
// one. -t prints the kind, -p and -P the file, -f leaves functions out.
func (sh *shellProc) bashType(hc interp.HandlerContext, args []string) int {
	flags, names, bad := bashTypeOpts(args)
	if bad != "" {
		fmt.Fprintf(hc.Stderr, "%stype: %s: invalid option\n", sh.hcPrefix(hc), bad)
		fmt.Fprintln(hc.Stderr, "type: usage: type [-afptP] name [name ...]")
		return 2
	}
	has := func(f string) bool { return strings.Contains(flags, f) }
	all, kindOnly, pathOnly, forcePath, noFuncs := has("a"), has("t"), has("p"), has("P"), has("f")
	pathVar := hc.Env.Get("PATH").String()
	expandAliases := sh.interactive
	if on, ok := hc.Shopt("expand_aliases"); ok {
		expandAliases = on
	}
	status := 0
	for _, name := range names {
		found := false
		say := func(kind, text string) bool {
			found = true
			switch {
			case kindOnly:
				fmt.Fprintln(hc.Stdout, kind)
			case !pathOnly && !forcePath:
				fmt.Fprintln(hc.Stdout, text)
			}
			return !all
		}
		if alias, ok := sh.aliases[name]; ok && !forcePath && expandAliases {
			if say("alias", fmt.Sprintf("%s is aliased to `%s'", name, alias)) {
				continue
			}
		}
		if syntax.IsKeyword(name) && !forcePath && !pathOnly {
			if say("keyword", name+" is a shell keyword") {
				continue
			}
		}
		if body, ok := sh.r.Funcs[name]; ok && !forcePath && !noFuncs {
			if say("function", name+" is a function\n"+interp.BashFunction(name, body)) {
				continue
			}
		}
		if interp.IsBuiltin(name) && !forcePath && !sh.disabled.is(name) {
			if say("builtin", name+" is a shell builtin") {
				continue
			}
		}
		dirs := []string{pathVar}
		if all {
			dirs = filepath.SplitList(pathVar)
		}
		if strings.Contains(name, "/") {
			dirs = []string{""}
		}
		for _, dir := range dirs {
			p, ok := sh.sess.lookPath(sh.cred(), dir, hc.Dir, name)
			if !ok {
				continue
			}
			found = true
			hashed, isHashed := sh.hashed.pathOf(name)
			switch {
			case kindOnly:
				fmt.Fprintln(hc.Stdout, "file")
			case isHashed && !all && !forcePath:
				if pathOnly {
					fmt.Fprintln(hc.Stdout, hashed)
				} else {
					fmt.Fprintf(hc.Stdout, "%s is hashed (%s)\n", name, hashed) // bash ran it before
				}
			case pathOnly || forcePath:
				fmt.Fprintln(hc.Stdout, p)
			default:
				fmt.Fprintf(hc.Stdout, "%s is %s\n", name, p)
			}
		}
		if !found {
			status = 1
			if !kindOnly && !pathOnly && !forcePath {
				fmt.Fprintf(hc.Stderr, "%stype: %s: not found\n", sh.hcPrefix(hc), name)
			}
		}
	}
	return status
}

// bashHash is bash's hash builtin: -r forgets, -p PATH NAME sets, -d
// deletes, -t prints where names were found, -l lists as commands, and no
// name lists the table; names are looked up on PATH and remembered.
func (sh *shellProc) bashHash(hc interp.HandlerContext, args []string) int {
	prefix := sh.hcPrefix(hc)
	var reset, del, show, list bool
	setPath := ""
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		for i := 1; i < len(a); i++ {
			switch a[i] {
			case 'r':
				reset = true
			case 'd':
				del = true
			case 't':
				show = true
			case 'l':
				list = true
			case 'p':
				switch {
				case i+1 < len(a):
					setPath = a[i+1:]
				case len(args) > 0:
					setPath, args = args[0], args[1:]
				default:
					fmt.Fprintf(hc.Stderr, "%shash: -p: option requires an argument\n", prefix)
					fmt.Fprintln(hc.Stderr, "hash: usage: hash [-lr] [-p pathname] [-dt] [name ...]")
					return 2
				}
				i = len(a)
			default:
				fmt.Fprintf(hc.Stderr, "%shash: -%c: invalid option\n", prefix, a[i])
				fmt.Fprintln(hc.Stderr, "hash: usage: hash [-lr] [-p pathname] [-dt] [name ...]")
				return 2
			}
		}
	}
	if reset {
		sh.hashed.reset()
	}
	switch {
	case show:
		return sh.hashed.printPaths(hc, prefix, args, list)
	case len(args) == 0 && (reset || del || setPath != ""):
		return 0
	case len(args) == 0 && list:
		sh.hashed.printCommands(hc.Stdout)
		return 0
	case len(args) == 0:
		sh.hashed.print(hc.Stdout, "hash: ")
		return 0
	}
	status := 0
	for _, name := range args {
		switch {
		case del:
			if !sh.hashed.forget(name) {
				fmt.Fprintf(hc.Stderr, "%shash: %s: not found\n", prefix, name)
				status = 1
			}
		case setPath != "":
			sh.hashed.set(name, setPath)
		case strings.Contains(name, "/"):
			// hash remembers where a program is: not a name with a slash
		default:
			_, isFunc := sh.r.Funcs[name]
			p, found := sh.sess.lookPath(sh.cred(), hc.Env.Get("PATH").String(), hc.Dir, name)
			switch {
			case found:
				sh.hashed.used(name, p, false)
			case !isFunc && !interp.IsBuiltin(name):
				fmt.Fprintf(hc.Stderr, "%shash: %s: not found\n", prefix, name)
				status = 1
			}
		}
	}
	return status
}

// dashHash is dash's hash: -r forgets all (and ends the call), no name lists
// the programs found so far in dash's table order, a name is looked up.
func (sh *shellProc) dashHash(hc interp.HandlerContext, args []string) int {
	prefix := sh.hcPrefix(hc)
	if len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && args[0] != "--" {
		if args[0][1] != 'r' {
			fmt.Fprintf(hc.Stderr, "%shash: Illegal option -%c\n", prefix, args[0][1])
			return 2
		}
		sh.hashed.reset()
		return 0
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		sh.hashed.printDash(hc.Stdout)
		return 0
	}
	status := 0
	for _, name := range args {
		if _, isFunc := sh.r.Funcs[name]; isFunc || interp.IsBuiltin(name) || strings.Contains(name, "/") {
			continue
		}
		if p, found := sh.sess.lookPath(sh.cred(), hc.Env.Get("PATH").String(), hc.Dir, name); found {
			sh.hashed.used(name, p, false)
			continue
		}
		fmt.Fprintf(hc.Stderr, "%shash: %s: not found\n", prefix, name)
		status = 1
	}
	return status
}

// dashBucket is the bucket of dash's command table (exec.c cmdlookup: 31
// buckets, the first byte shifted by 4 plus every byte) that name falls in;
// hash lists the buckets in order.
func dashBucket(name string) int {
	if name == "" {
		return 0
	}
	h := int(name[0]) << 4
	for i := 0; i < len(name); i++ {
		h += int(name[i])
	}
	return h % 31
}
