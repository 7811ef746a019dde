package system

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/pkgdb"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "lsb_release", Only: "gnu", ShortName: true, Run: lsbReleaseCmd,
		Present: lsbInstalled})
}

// lsbReleaseCmd is Debian's lsb_release, which Ansible's facts and many
// install scripts run: the distribution's fields from /etc/os-release.
// lsb-release 12 (bookworm) is a shell script with getopt's messages; the
// older one is Python's optparse, which also says on stderr that no LSB
// modules are installed whenever the version (-v, -a, or no field) is asked.
func lsbReleaseCmd(p *shell.Proc) int {
	python := lsbPythonFlavour(p)
	var version, id, desc, release, codename, short bool
	flags := map[byte]*bool{'v': &version, 'i': &id, 'd': &desc, 'r': &release, 'c': &codename, 's': &short}
	long := map[string]byte{"version": 'v', "id": 'i', "description": 'd', "release": 'r', "codename": 'c', "short": 's', "all": 'a'}
	bad := func(option string) int {
		switch {
		case python:
			fmt.Fprintf(p.Stderr, "Usage: lsb_release [options]\n\nlsb_release: error: no such option: %s\n", option)
		case strings.HasPrefix(option, "--"):
			fmt.Fprintf(p.Stderr, "lsb_release: unrecognized option '%s'\n", option)
		default:
			fmt.Fprintf(p.Stderr, "lsb_release: invalid option -- '%s'\n", option[1:])
		}
		return 2
	}
	set := func(c byte) {
		if c == 'a' {
			version, id, desc, release, codename = true, true, true, true, true
			return
		}
		*flags[c] = true
	}
	for _, a := range p.Args() {
		if name, ok := strings.CutPrefix(a, "--"); ok {
			c, known := long[name]
			if !known {
				return bad(a)
			}
			set(c)
			continue
		}
		if len(a) < 2 || a[0] != '-' {
			continue // operands are ignored by both versions
		}
		for j := 1; j < len(a); j++ {
			if _, known := flags[a[j]]; !known && a[j] != 'a' {
				return bad("-" + string(a[j]))
			}
			set(a[j])
		}
	}
	if !id && !desc && !release && !codename {
		version = true
	}
	if version && python {
		fmt.Fprintln(p.Stderr, "No LSB modules are available.")
	}
	osr := lsbOSRelease(p)
	distributor, _, _ := strings.Cut(osr["NAME"], " ")
	fields := []struct {
		on           bool
		label, value string
	}{
		{id, "Distributor ID", distributor},
		{desc, "Description", osr["PRETTY_NAME"]},
		{release, "Release", osr["VERSION_ID"]},
		{codename, "Codename", osr["VERSION_CODENAME"]},
	}
	for _, f := range fields {
		switch {
		case !f.on:
		case short:
			p.Printf("%s\n", f.value)
		default:
			p.Printf("%s:\t%s\n", f.label, f.value)
		}
	}
	return 0
}

// lsbPythonFlavour reports whether the installed lsb-release is the Python
// program that came before the shell script of version 12.
// lsbInstalled says whether the host's package database has lsb-release: a
// Debian server has it, a minimal RHEL 7 (no dpkg database, no
// redhat-lsb-core) does not.
func lsbInstalled(m *machine.Machine) bool { return pkgdb.Listed(m.FS, "lsb-release") }

func lsbPythonFlavour(p *shell.Proc) bool {
	db, ok := pkgdb.Read(p.M.FS)
	if !ok {
		return false
	}
	pkg, ok := db.Find("lsb-release")
	if !ok {
		return false
	}
	major, _, _ := strings.Cut(pkg.Get("Version"), ".")
	n, err := strconv.Atoi(major)
	return err == nil && n < 12
}

// lsbOSRelease reads /etc/os-release's KEY=value lines, quotes removed.
func lsbOSRelease(p *shell.Proc) map[string]string {
	fields := map[string]string{}
	data, err := p.M.FS.ReadFile(p.Cred(), "/etc/os-release")
	if err != nil {
		return fields
	}
	for _, line := range strings.Split(string(data), "\n") {
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		if unquoted, err := strconv.Unquote(value); err == nil {
			value = unquoted
		} else {
			value = strings.Trim(value, `'"`)
		}
		fields[key] = value
	}
	return fields
}
