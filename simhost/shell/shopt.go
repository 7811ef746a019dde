package shell

import (
	"sync"

	"mvdan.cc/sh/v3/interp"
)

// bashShoptOptions are bash's shopt options in the order shopt lists them,
// with their state in a shell sshd starts (captured from bash 5.1 on
// Debian 11 and 5.2 on Debian 12, `shopt` and `shopt -p`); since names the
// bash release that added an option.
var bashShoptOptions = []struct {
	name  string
	on    bool
	since [2]int
}{
	{"autocd", false, [2]int{5, 1}}, {"assoc_expand_once", false, [2]int{5, 1}},
	{"cdable_vars", false, [2]int{5, 1}}, {"cdspell", false, [2]int{5, 1}},
	{"checkhash", false, [2]int{5, 1}}, {"checkjobs", false, [2]int{5, 1}},
	{"checkwinsize", true, [2]int{5, 1}}, {"cmdhist", true, [2]int{5, 1}},
	{"compat31", false, [2]int{5, 1}}, {"compat32", false, [2]int{5, 1}},
	{"compat40", false, [2]int{5, 1}}, {"compat41", false, [2]int{5, 1}},
	{"compat42", false, [2]int{5, 1}}, {"compat43", false, [2]int{5, 1}},
	{"compat44", false, [2]int{5, 1}}, {"complete_fullquote", true, [2]int{5, 1}},
	{"direxpand", false, [2]int{5, 1}}, {"dirspell", false, [2]int{5, 1}},
	{"dotglob", false, [2]int{5, 1}}, {"execfail", false, [2]int{5, 1}},
	{"expand_aliases", false, [2]int{5, 1}}, {"extdebug", false, [2]int{5, 1}},
	{"extglob", false, [2]int{5, 1}}, {"extquote", true, [2]int{5, 1}},
	{"failglob", false, [2]int{5, 1}}, {"force_fignore", true, [2]int{5, 1}},
	{"globasciiranges", true, [2]int{5, 1}}, {"globskipdots", true, [2]int{5, 2}},
	{"globstar", false, [2]int{5, 1}}, {"gnu_errfmt", false, [2]int{5, 1}},
	{"histappend", false, [2]int{5, 1}}, {"histreedit", false, [2]int{5, 1}},
	{"histverify", false, [2]int{5, 1}}, {"hostcomplete", true, [2]int{5, 1}},
	{"huponexit", false, [2]int{5, 1}}, {"inherit_errexit", false, [2]int{5, 1}},
	{"interactive_comments", true, [2]int{5, 1}}, {"lastpipe", false, [2]int{5, 1}},
	{"lithist", false, [2]int{5, 1}}, {"localvar_inherit", false, [2]int{5, 1}},
	{"localvar_unset", false, [2]int{5, 1}}, {"login_shell", false, [2]int{5, 1}},
	{"mailwarn", false, [2]int{5, 1}}, {"no_empty_cmd_completion", false, [2]int{5, 1}},
	{"nocaseglob", false, [2]int{5, 1}}, {"nocasematch", false, [2]int{5, 1}},
	{"noexpand_translation", false, [2]int{5, 2}}, {"nullglob", false, [2]int{5, 1}},
	{"patsub_replacement", true, [2]int{5, 2}}, {"progcomp", true, [2]int{5, 1}},
	{"progcomp_alias", false, [2]int{5, 1}}, {"promptvars", true, [2]int{5, 1}},
	{"restricted_shell", false, [2]int{5, 1}}, {"shift_verbose", false, [2]int{5, 1}},
	{"sourcepath", true, [2]int{5, 1}}, {"varredir_close", false, [2]int{5, 2}},
	{"xpg_echo", false, [2]int{5, 1}},
}

// bashShopt is the shopt list of a shell of this flavour and bash version,
// login_shell on for a login shell; nil for dash and for a bash older than
// the lists captured, whose options the interpreter lists as it knows them.
// The list is shared by every shell alike (the interpreter keeps changes
// apart), so a session does not carry a copy.
func bashShopt(flavour, bashVersion string, login bool) []interp.ShoptOption {
	if flavour != "bash" || !bashAtLeast(bashVersion, 5, 1) {
		return nil
	}
	key := shoptKey{bashVersion, login}
	if opts, ok := shoptLists.Load(key); ok {
		return opts.([]interp.ShoptOption)
	}
	var opts []interp.ShoptOption
	for _, o := range bashShoptOptions {
		if !bashAtLeast(bashVersion, o.since[0], o.since[1]) {
			continue
		}
		on := o.on
		if o.name == "login_shell" {
			on = login
		}
		opts = append(opts, interp.ShoptOption{Name: o.name, On: on})
	}
	shoptLists.Store(key, opts)
	return opts
}

type shoptKey struct {
	bashVersion string
	login       bool
}

// shoptLists are bashShopt's lists, made once each.
var shoptLists sync.Map
