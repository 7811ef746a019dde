package system

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "getent", Only: "gnu", ShortName: true, Run: getentCmd})
}

// getentFiles are the databases getent reads from the host's files, and which
// field of an entry a numeric key matches (-1: none).
var getentFiles = map[string]struct {
	path  string
	idCol int
}{
	"passwd": {"/etc/passwd", 2}, "group": {"/etc/group", 2}, "shadow": {"/etc/shadow", -1},
	"hosts": {"/etc/hosts", -1},
}

const getentTry = "Try `getent --help' or `getent --usage' for more information.\n"

// getentCmd is glibc's getent over the files databases: every entry, or the
// ones the keys name (by name or number), exiting 2 when a key is not found.
func getentCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) == 0 {
		fmt.Fprint(p.Stderr, "getent: wrong number of arguments\n")
		p.Printf("%s", getentTry) // glibc's getent sends its pointer to --help to stdout
		return 1
	}
	if args[0] == "services" {
		return getentServices(p, args[1:])
	}
	db, ok := getentFiles[args[0]]
	if !ok {
		fmt.Fprintf(p.Stderr, "Unknown database: %s\n", args[0])
		p.Printf("%s", getentTry)
		return 1
	}
	data, err := p.M.FS.ReadFile(p.Cred(), db.path)
	if err != nil {
		return 2 // shadow for a user who may not read it: nothing found
	}
	var entries [][]string
	for _, line := range progkit.Lines(data) {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if args[0] == "hosts" {
			entries = append(entries, strings.Fields(line))
		} else {
			entries = append(entries, strings.Split(line, ":"))
		}
	}
	show := func(e []string) {
		if args[0] == "hosts" {
			p.Printf("%-15s %s\n", e[0], strings.Join(e[1:], " "))
			return
		}
		p.Printf("%s\n", strings.Join(e, ":"))
	}
	if len(args) == 1 {
		for _, e := range entries {
			show(e)
		}
		return 0
	}
	status := 0
	for _, key := range args[1:] {
		if args[0] == "hosts" {
			e, ok := getentHost(entries, key)
			if ok {
				show(e)
			} else {
				status = 2
			}
			continue
		}
		found := false
		for _, e := range entries {
			match := e[0] == key
			switch {
			case db.idCol >= 0 && len(e) > db.idCol && strings.Trim(key, "0123456789") == "":
				match = e[db.idCol] == key
			}
			if match {
				show(e)
				found = true
				break
			}
		}
		if !found {
			status = 2
		}
	}
	return status
}

// getentHost is getent hosts KEY: an address is looked up by address; a
// name as glibc's getent asks, IPv6 first (gethostbyname2 AF_INET6), so
// "localhost" answers with the ::1 line when /etc/hosts has one.
func getentHost(entries [][]string, key string) ([]string, bool) {
	if addr, err := netip.ParseAddr(key); err == nil {
		for _, e := range entries {
			if have, err := netip.ParseAddr(e[0]); err == nil && have == addr {
				return e, true
			}
		}
		return nil, false
	}
	for _, v6 := range []bool{true, false} {
		for _, e := range entries {
			if strings.Contains(e[0], ":") == v6 && slices.Contains(e[1:], key) {
				return e, true
			}
		}
	}
	return nil, false
}

// getentServices is getent services [NAME[/PROTO]|PORT[/PROTO]...] over
// /etc/services: every entry in the file's order, or the first that a key
// names, as glibc prints a servent ("%-21s %d/%s" and the aliases).
func getentServices(p *shell.Proc, keys []string) int {
	data, err := p.M.FS.ReadFile(p.Cred(), "/etc/services")
	if err != nil {
		return 2
	}
	type servent struct {
		name, port, proto string
		aliases           []string
	}
	var all []servent
	for _, line := range progkit.Lines(data) {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		port, proto, ok := strings.Cut(f[1], "/")
		if !ok {
			continue
		}
		all = append(all, servent{f[0], port, proto, f[2:]})
	}
	show := func(e servent) {
		p.Printf("%-21s %s/%s", e.name, e.port, e.proto)
		for _, a := range e.aliases {
			p.Printf(" %s", a)
		}
		p.Printf("\n")
	}
	if len(keys) == 0 {
		for _, e := range all {
			show(e)
		}
		return 0
	}
	// the first entry a key names, -1 for none
	find := func(key string) int {
		name, proto, _ := strings.Cut(key, "/")
		numeric := name != "" && strings.Trim(name, "0123456789") == ""
		return slices.IndexFunc(all, func(e servent) bool {
			return (proto == "" || e.proto == proto) &&
				(numeric && e.port == strings.TrimLeft(name, "0") || !numeric && (e.name == name || slices.Contains(e.aliases, name)))
		})
	}
	status := 0
	for _, key := range keys {
		if i := find(key); i >= 0 {
			show(all[i])
		} else {
			status = 2
		}
	}
	return status
}
