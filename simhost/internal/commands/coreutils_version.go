package commands

import (
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// coreutilsAuthors are the "Written by" names each coreutils program's
// --version ends with, as Debian 12's 9.1 and 11's 8.32 print them
// (captured with docker run of the hostile-os images: "PROG --version").
// test and [ are not here: "test --version" is a test of one string.
// cksum's depend on the release (coreutilsNaming).
var coreutilsAuthors = map[string]string{
	"cksum":     "",
	"arch":      "David MacKenzie and Karel Zak",
	"base64":    "Simon Josefsson",
	"basename":  "David MacKenzie",
	"cat":       "Torbjorn Granlund and Richard M. Stallman",
	"chcon":     "Russell Coker and Jim Meyering",
	"chgrp":     "David MacKenzie and Jim Meyering",
	"chmod":     "David MacKenzie and Jim Meyering",
	"chown":     "David MacKenzie and Jim Meyering",
	"comm":      "Richard M. Stallman and David MacKenzie",
	"cp":        "Torbjorn Granlund, David MacKenzie, and Jim Meyering",
	"cut":       "David M. Ihnat, David MacKenzie, and Jim Meyering",
	"date":      "David MacKenzie",
	"dd":        "Paul Rubin, David MacKenzie, and Stuart Kemp",
	"df":        "Torbjorn Granlund, David MacKenzie, and Paul Eggert",
	"dirname":   "David MacKenzie and Jim Meyering",
	"du":        "Torbjorn Granlund, David MacKenzie, Paul Eggert,\nand Jim Meyering",
	"echo":      "Brian Fox and Chet Ramey",
	"env":       "Richard Mlynarik, David MacKenzie, and Assaf Gordon",
	"expand":    "David MacKenzie",
	"expr":      "Mike Parker, James Youngman, and Paul Eggert",
	"factor":    "Paul Rubin, Torbjorn Granlund, and Niels Moller",
	"false":     "Jim Meyering",
	"fold":      "David MacKenzie",
	"groups":    "David MacKenzie and James Youngman",
	"head":      "David MacKenzie and Jim Meyering",
	"id":        "Arnold Robbins and David MacKenzie",
	"install":   "David MacKenzie",
	"join":      "Mike Haertel",
	"ln":        "Mike Parker and David MacKenzie",
	"logname":   "FIXME: unknown",
	"ls":        "Richard M. Stallman and David MacKenzie",
	"md5sum":    "Ulrich Drepper, Scott Miller, and David Madore",
	"mkdir":     "David MacKenzie",
	"mktemp":    "Jim Meyering and Eric Blake",
	"mv":        "Mike Parker, David MacKenzie, and Jim Meyering",
	"nice":      "David MacKenzie",
	"nl":        "Scott Bartram and David MacKenzie",
	"nohup":     "Jim Meyering",
	"nproc":     "Giuseppe Scrivano",
	"od":        "Jim Meyering",
	"paste":     "David M. Ihnat and David MacKenzie",
	"printenv":  "David MacKenzie and Richard Mlynarik",
	"printf":    "David MacKenzie",
	"readlink":  "Dmitry V. Levin",
	"realpath":  "Padraig Brady",
	"rm":        "Paul Rubin, David MacKenzie, Richard M. Stallman,\nand Jim Meyering",
	"rmdir":     "David MacKenzie",
	"runcon":    "Russell Coker",
	"seq":       "Ulrich Drepper",
	"sha1sum":   "Ulrich Drepper, Scott Miller, and David Madore",
	"sha224sum": "Ulrich Drepper, Scott Miller, and David Madore",
	"sha256sum": "Ulrich Drepper, Scott Miller, and David Madore",
	"sha384sum": "Ulrich Drepper, Scott Miller, and David Madore",
	"sha512sum": "Ulrich Drepper, Scott Miller, and David Madore",
	"sleep":     "Jim Meyering and Paul Eggert",
	"sort":      "Mike Haertel and Paul Eggert",
	"stat":      "Michael Meskes",
	"stty":      "David MacKenzie",
	"sync":      "Jim Meyering and Giuseppe Scrivano",
	"tac":       "Jay Lepreau and David MacKenzie",
	"tail":      "Paul Rubin, David MacKenzie, Ian Lance Taylor,\nand Jim Meyering",
	"tee":       "Mike Parker, Richard M. Stallman, and David MacKenzie",
	"timeout":   "Padraig Brady",
	"touch":     "Paul Rubin, Arnold Robbins, Jim Kingdon,\nDavid MacKenzie, and Randy Smith",
	"tr":        "Jim Meyering",
	"true":      "Jim Meyering",
	"truncate":  "Padraig Brady",
	"tty":       "David MacKenzie",
	"uname":     "David MacKenzie",
	"unexpand":  "David MacKenzie",
	"uniq":      "Richard M. Stallman and David MacKenzie",
	"users":     "Joseph Arceneaux and David MacKenzie",
	"wc":        "Paul Rubin and David MacKenzie",
	"who":       "Joseph Arceneaux, David MacKenzie, and Michael Stone",
	"whoami":    "Richard Mlynarik",
	"yes":       "David MacKenzie",
}

// Every coreutils program answers --version the same way (its name, the
// release, the copyright and licence, its authors) before it looks at
// anything else on its command line, so the answer is given here for all of
// them, in front of each program's own parsing.
func init() {
	for name, authors := range coreutilsAuthors {
		shell.Wrap(name, "gnu", func(run func(*shell.Proc) int) func(*shell.Proc) int {
			return func(p *shell.Proc) int {
				if !asksVersion(name, p.Args()) || p.M.P.Version("coreutils") == "" {
					return run(p)
				}
				pkg, authors := coreutilsNaming(p, name, authors)
				code := progkit.CoreutilsVersionOf(p, name, pkg, authors)
				if name == "false" {
					return 1 // false fails whatever it printed
				}
				return code
			}
		})
	}
}

// coreutilsNaming is how a program names its package and authors: dd says
// "coreutils" without GNU; cksum did too, with one author, until 9.0 made it
// two.
func coreutilsNaming(p *shell.Proc, name, authors string) (pkg, who string) {
	switch {
	case name == "dd":
		return "coreutils", authors
	case name == "cksum" && p.M.P.VersionAtLeast("coreutils", "9.0"):
		return "GNU coreutils", "Padraig Brady and Q. Frank Xia"
	case name == "cksum":
		return "coreutils", "Q. Frank Xia"
	}
	return "GNU coreutils", authors
}

// asksVersion tells whether a program's command line asks for --version:
// anywhere before "--" for the programs whose options getopt permutes;
// before the first operand for those that run a command or read an
// expression (env, nice, timeout...); as the one argument for echo, printf,
// true and false, which take anything else as text.
func asksVersion(name string, args []string) bool {
	switch name {
	case "echo", "printf", "true", "false":
		return len(args) == 1 && args[0] == "--version"
	}
	inOrder := map[string]bool{"env": true, "nice": true, "nohup": true, "timeout": true, "expr": true}[name]
	for _, a := range args {
		switch {
		case a == "--":
			return false
		case a == "--version":
			return true
		case inOrder && (a == "-" || !strings.HasPrefix(a, "-")):
			return false
		}
	}
	return false
}
