package commands

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

// lsb_release, which Puppet's and Chef's bootstrap scripts ask for the
// distribution. Both Debian forms read os-release: lsb-release 12 is a shell
// script (getopt's messages), 11 the Python program, which says on stderr
// that it has no LSB modules whenever it prints them all or nothing.
func init() {
	shell.Register(shell.Command{Name: "lsb_release", Only: "gnu", ShortName: true, Run: lsbReleaseCmd})
}

const lsbUsage = `Usage: lsb_release [options]

Options:
  -h, --help         show this help message and exit
  -v, --version      show LSB modules this system supports
  -i, --id           show distributor ID
  -d, --description  show description of this distribution
  -r, --release      show release number of this distribution
  -c, --codename     show code name of this distribution
  -a, --all          show all of the above information
  -s, --short        show requested information in short format
`

func lsbReleaseCmd(p *shell.Proc) int {
	python := !p.M.P.VersionAtLeast("lsb-release", "12")
	long := map[string]byte{"help": 'h', "version": 'v', "id": 'i', "description": 'd', "release": 'r', "codename": 'c', "all": 'a', "short": 's'}
	show := map[byte]bool{}
	// usageError is each form's word on an option it does not know.
	usageError := func(pythonMsg, scriptMsg string) int {
		if python {
			fmt.Fprintf(p.Stderr, "Usage: lsb_release [options]\n\nlsb_release: error: %s\n", pythonMsg)
		} else {
			fmt.Fprintf(p.Stderr, "lsb_release: %s\n", scriptMsg)
		}
		return 2
	}
	for _, a := range p.Args() {
		switch {
		case a == "--":
		case strings.HasPrefix(a, "--"):
			var found []byte
			for name, letter := range long {
				if strings.HasPrefix(name, a[2:]) {
					found = append(found, letter)
				}
			}
			if len(found) != 1 {
				return usageError("no such option: "+a, "unrecognized option '"+a+"'")
			}
			show[found[0]] = true
		case strings.HasPrefix(a, "-") && len(a) > 1:
			for i := 1; i < len(a); i++ {
				if !strings.ContainsRune("hvidrcas", rune(a[i])) {
					return usageError("no such option: -"+a[i:i+1], "invalid option -- '"+a[i:i+1]+"'")
				}
				show[a[i]] = true
			}
		}
	}
	if show['h'] {
		p.Printf("%s", lsbUsage)
		return 0
	}
	if show['a'] {
		show['i'], show['d'], show['r'], show['c'] = true, true, true, true
	}
	if python && (show['v'] || show['a'] || len(show) == 0) || !python && p.IsTerminal(p.Stdout) {
		fmt.Fprintln(p.Stderr, "No LSB modules are available.")
	}
	rel := osRelease(p)
	id := rel["ID"]
	if id != "" {
		id = strings.ToUpper(id[:1]) + id[1:]
	}
	if name, ok := rel["NAME"]; ok && strings.EqualFold(name, id) {
		id = name
	}
	line := func(letter byte, label, value string) {
		if !show[letter] {
			return
		}
		if value == "" {
			value = "n/a"
		}
		if show['s'] {
			p.Printf("%s\n", value)
		} else {
			p.Printf("%s:\t%s\n", label, value)
		}
	}
	line('i', "Distributor ID", id)
	line('d', "Description", rel["PRETTY_NAME"])
	line('r', "Release", rel["VERSION_ID"])
	line('c', "Codename", rel["VERSION_CODENAME"])
	return 0
}

// osRelease is /etc/os-release (or /usr/lib/os-release) as a shell sources it.
func osRelease(p *shell.Proc) map[string]string {
	vars := map[string]string{}
	for _, name := range []string{"/usr/lib/os-release", "/etc/os-release"} {
		data, err := p.M.FS.ReadFile(p.Cred(), name)
		if err != nil {
			continue
		}
		vars = map[string]string{}
		for _, l := range strings.Split(string(data), "\n") {
			k, v, ok := strings.Cut(strings.TrimSpace(l), "=")
			if !ok || strings.HasPrefix(k, "#") {
				continue
			}
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
				v = v[1 : len(v)-1]
			}
			vars[k] = v
		}
	}
	return vars
}
