package shell

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/interp"
)

// bashOptions are `set -o`'s names in bash's order, with the letter that
// sets each ('\x00' for none).
var bashOptions = []struct {
	name   string
	letter byte
}{
	{"allexport", 'a'}, {"braceexpand", 'B'}, {"emacs", 0}, {"errexit", 'e'}, {"errtrace", 'E'},
	{"functrace", 'T'}, {"hashall", 'h'}, {"histexpand", 'H'}, {"history", 0}, {"ignoreeof", 0},
	{"interactive-comments", 0}, {"keyword", 'k'}, {"monitor", 'm'}, {"noclobber", 'C'}, {"noexec", 'n'},
	{"noglob", 'f'}, {"nolog", 0}, {"notify", 'b'}, {"nounset", 'u'}, {"onecmd", 't'}, {"physical", 'P'},
	{"pipefail", 0}, {"posix", 0}, {"privileged", 'p'}, {"verbose", 'v'}, {"vi", 0}, {"xtrace", 'x'},
}

// shellOptions mirrors the shell's `set` options, which the interpreter keeps
// to itself, for `set -o` and `set +o` as bash prints them. A background
// subshell may change them while its parent runs.
type shellOptions struct {
	mu sync.Mutex
	on map[string]bool
}

// newShellOptions are bash's options for a shell sshd starts: a login shell
// at a terminal has the line editor, history and job control.
func newShellOptions(interactive bool) *shellOptions {
	on := map[string]bool{"braceexpand": true, "hashall": true, "interactive-comments": true}
	if interactive {
		on["emacs"], on["histexpand"], on["history"], on["monitor"] = true, true, true, true
	}
	return &shellOptions{on: on}
}

// note follows a `set` command's options; the interpreter still runs it.
func (o *shellOptions) note(args []string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" || a == "-" || len(a) < 2 || a[0] != '-' && a[0] != '+' {
			return
		}
		on := a[0] == '-'
		for j := 1; j < len(a); j++ {
			if a[j] == 'o' {
				if i+1 < len(args) {
					i++
					o.on[args[i]] = on
				}
				continue
			}
			for _, opt := range bashOptions {
				if opt.letter == a[j] {
					o.on[opt.name] = on
				}
			}
		}
	}
}

// print is `set -o` ("allexport      \toff") or, as commands, `set +o`.
func (o *shellOptions) print(w io.Writer, asCommands bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, opt := range bashOptions {
		on := o.on[opt.name]
		switch {
		case asCommands && on:
			fmt.Fprintf(w, "set -o %s\n", opt.name)
		case asCommands:
			fmt.Fprintf(w, "set +o %s\n", opt.name)
		default:
			fmt.Fprintf(w, "%-15s\t%s\n", opt.name, onOff(on))
		}
	}
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// setCall answers `set -o` and `set +o` for bash and dash, and mirrors any
// other set options; handled says the call is answered (with status 0).
func (sh *shellProc) setCall(hc interp.HandlerContext, args []string) (handled bool) {
	switch sh.flavour {
	case "bash":
		if len(args) == 2 && (args[1] == "-o" || args[1] == "+o") {
			sh.options.print(hc.Stdout, args[1] == "+o")
			return true
		}
	case "dash":
		if len(args) == 2 && (args[1] == "-o" || args[1] == "+o") {
			sh.options.printDash(hc.Stdout, args[1] == "+o", sh.interactive)
			return true
		}
	default:
		return false
	}
	sh.options.note(args)
	return false
}

// interpSetOptions are the set -o names the interpreter acts on.
var interpSetOptions = []string{"allexport", "errexit", "noclobber", "noexec", "noglob", "nounset", "xtrace", "pipefail",
	"errtrace", "functrace"}

// interpSetArgs is a set call without the -o and +o names of the shell
// (vi, monitor, ...) that the interpreter lacks, which the shell keeps in
// its mirror alone; a name the shell lacks too is left for the interpreter
// to refuse. only is true when nothing is left for the interpreter to do.
func (sh *shellProc) interpSetArgs(args []string) (kept []string, only bool) {
	known := dashOptions
	if sh.flavour == "bash" {
		known = make([]string, len(bashOptions))
		for i, opt := range bashOptions {
			known[i] = opt.name
		}
	}
	kept = args[:1:1]
	dropped := false
	for i := 1; i < len(args); i++ {
		if (args[i] == "-o" || args[i] == "+o") && i+1 < len(args) &&
			slices.Contains(known, args[i+1]) && !slices.Contains(interpSetOptions, args[i+1]) {
			i++
			dropped = true
			continue
		}
		kept = append(kept, args[i])
	}
	return kept, dropped && len(kept) == 1
}

// dashOptions are dash's `set -o` names in its order.
var dashOptions = []string{"errexit", "noglob", "ignoreeof", "interactive", "monitor", "noexec", "stdin",
	"xtrace", "verbose", "vi", "emacs", "noclobber", "allexport", "notify", "nounset", "privileged", "nolog", "debug"}

// dashIllegalOption is the -o or +o name of a set call that dash does not
// have (pipefail, before dash 0.5.13), which dash refuses ("set: Illegal
// option -o pipefail") and exits with 2; "" when there is none.
func dashIllegalOption(args []string) string {
	for _, a := range args[1:] {
		if len(a) < 2 || a[0] != '-' && a[0] != '+' || a == "--" {
			break
		}
		if i := strings.IndexByte(a[1:], 'T'); i >= 0 {
			return a[:1] + "T" // bash's functrace (dash's -E is emacs)
		}
	}
	for i := 1; i+1 < len(args); i++ {
		if (args[i] == "-o" || args[i] == "+o") && !slices.Contains(dashOptions, args[i+1]) {
			return args[i] + " " + args[i+1]
		}
	}
	return ""
}

// printDash is dash's `set -o` ("Current option settings", then
// "errexit         off") or, as commands, `set +o`.
func (o *shellOptions) printDash(w io.Writer, asCommands, interactive bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !asCommands {
		fmt.Fprintln(w, "Current option settings")
	}
	for _, name := range dashOptions {
		on := o.on[name]
		switch name {
		case "interactive", "stdin":
			on = interactive
		case "emacs", "monitor":
			on = on && interactive
		}
		switch {
		case asCommands && on:
			fmt.Fprintf(w, "set -o %s\n", name)
		case asCommands:
			fmt.Fprintf(w, "set +o %s\n", name)
		default:
			fmt.Fprintf(w, "%-16s%s\n", name, onOff(on))
		}
	}
}

// shoptLoginShell answers bash's shopt for login_shell, which the
// interpreter lacks: on for a login shell (sshd's "-bash", bash -l, su -),
// off for `ssh host cmd`. handled is false for any other shopt call.
func (sh *shellProc) shoptLoginShell(hc interp.HandlerContext, args []string) (status int, handled bool) {
	if sh.flavour != "bash" {
		return 0, false
	}
	quiet, print := false, false
	var names []string
	for _, a := range args[1:] {
		switch {
		case a == "-q":
			quiet = true
		case a == "-p":
			print = true
		case strings.HasPrefix(a, "-"):
			return 0, false // -s, -u, -o: setting login_shell is refused by bash; leave them to the interpreter
		default:
			names = append(names, a)
		}
	}
	if len(names) != 1 || names[0] != "login_shell" {
		return 0, false
	}
	login := sh.login
	switch {
	case quiet:
	case print && login:
		fmt.Fprintln(hc.Stdout, "shopt -s login_shell")
	case print:
		fmt.Fprintln(hc.Stdout, "shopt -u login_shell")
	default:
		fmt.Fprintf(hc.Stdout, "%-15s\t%s\n", "login_shell", onOff(login))
	}
	if login {
		return 0, true
	}
	return 1, true
}

// hashTable is bash's table of the programs it found on PATH, with the times
// each was run.
type hashTable struct {
	mu   sync.Mutex
	hits map[string]int
	path map[string]string
	// pinned are the names hash -p set, run from their file without a
	// search of PATH
	pinned map[string]bool
	// order numbers the names as they were found, dash's order in a bucket
	order map[string]int
}

func newHashTable() *hashTable {
	return &hashTable{hits: map[string]int{}, path: map[string]string{}, pinned: map[string]bool{}, order: map[string]int{}}
}

// used counts a run of name, found at p.
func (h *hashTable) used(name, p string, run bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.path[name] != p {
		h.path[name], h.hits[name] = p, 0
		h.order[name] = len(h.order) + 1
		delete(h.pinned, name)
	}
	if run {
		h.hits[name]++
	}
}

func (h *hashTable) reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	clear(h.hits)
	clear(h.path)
	clear(h.pinned)
	clear(h.order)
}

// printPaths is `hash -t names`: where each was found, with the name first
// when there are several; one never found is an error. list (-l) prints
// each as the command that sets it.
func (h *hashTable) printPaths(hc interp.HandlerContext, prefix string, names []string, list bool) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	status := 0
	for _, n := range names {
		p, ok := h.path[n]
		switch {
		case !ok:
			fmt.Fprintf(hc.Stderr, "%shash: %s: not found\n", prefix, n)
			status = 1
		case list:
			fmt.Fprintf(hc.Stdout, "builtin hash -p %s %s\n", p, n)
		case len(names) > 1:
			fmt.Fprintf(hc.Stdout, "%s\t%s\n", n, p)
		default:
			fmt.Fprintln(hc.Stdout, p)
		}
	}
	return status
}

// set is `hash -p PATH name`: name runs PATH from now on.
func (h *hashTable) set(name, p string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.path[name], h.hits[name] = p, 0
	h.pinned[name] = true
}

// pinnedPath is the file `hash -p` gave name, which bash runs without
// searching PATH.
func (h *hashTable) pinnedPath(name string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.pinned[name] {
		return "", false
	}
	return h.path[name], true
}

// pathOf is where name was found, when the table has it.
func (h *hashTable) pathOf(name string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	p, ok := h.path[name]
	return p, ok
}

// forget is `hash -d name`; false when name was not in the table.
func (h *hashTable) forget(name string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, ok := h.path[name]
	delete(h.path, name)
	delete(h.hits, name)
	delete(h.pinned, name)
	return ok
}

// printDash is dash's `hash`: the paths, in its table's bucket order, a
// bucket's names in the order they were found; nothing for an empty table.
func (h *hashTable) printDash(w io.Writer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	names := slices.Collect(maps.Keys(h.path))
	slices.SortStableFunc(names, func(a, b string) int {
		if d := dashBucket(a) - dashBucket(b); d != 0 {
			return d
		}
		return h.order[a] - h.order[b]
	})
	for _, n := range names {
		fmt.Fprintln(w, h.path[n])
	}
}

// printCommands is `hash -l`: the table as commands that make it again.
func (h *hashTable) printCommands(w io.Writer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, n := range slices.Sorted(maps.Keys(h.path)) {
		fmt.Fprintf(w, "builtin hash -p %s %s\n", h.path[n], n)
	}
}

// print is `hash` with no names.
func (h *hashTable) print(w io.Writer, prefix string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.path) == 0 {
		fmt.Fprintf(w, "%shash table empty\n", prefix)
		return
	}
	names := make([]string, 0, len(h.path))
	for n := range h.path {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "hits\tcommand")
	for _, n := range names {
		fmt.Fprintf(w, "%4d\t%s\n", h.hits[n], h.path[n])
	}
}
