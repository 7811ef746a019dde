package system

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
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
	"hosts": {"/etc/hosts", -1}, "ahosts": {"/etc/hosts", -1}, "ahostsv4": {"/etc/hosts", -1}, "ahostsv6": {"/etc/hosts", -1},
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
		if db.path == "/etc/hosts" {
			line, _, _ = strings.Cut(line, "#")
			if fields := strings.Fields(line); len(fields) > 1 {
				entries = append(entries, fields)
			}
		} else {
			entries = append(entries, strings.Split(line, ":"))
		}
	}
	show := func(e []string) {
		if db.path == "/etc/hosts" {
			p.Printf("%-15s %s\n", e[0], strings.Join(e[1:], " "))
			return
		}
		p.Printf("%s\n", strings.Join(e, ":"))
	}
	if len(args) == 1 {
		for _, e := range entries {
			if db.path != "/etc/hosts" {
				show(e)
			} else if addr, ok := hostsEntryV4(e[0]); ok {
				// gethostent: the IPv4 entries, ::1 read as 127.0.0.1
				show(append([]string{addr.String()}, e[1:]...))
			}
		}
		return 0
	}
	if strings.HasPrefix(args[0], "ahosts") {
		return getentAhosts(p, args[0], entries, args[1:])
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
			if strings.Contains(e[0], ":") == v6 && hostsEntryNames(e, key) {
				return e, true
			}
		}
	}
	return nil, false
}

// hostsEntryNames is whether an /etc/hosts entry names key: nss_files
// compares names without regard to case.
func hostsEntryNames(e []string, key string) bool {
	return slices.ContainsFunc(e[1:], func(name string) bool { return strings.EqualFold(name, key) })
}

// hostsEntryV4 is an /etc/hosts address as nss_files gives it for AF_INET:
// an IPv4 address as is, ::1 as 127.0.0.1 and a v4-mapped one as its IPv4;
// false for another IPv6 address.
func hostsEntryV4(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	switch {
	case err != nil:
		return netip.Addr{}, false
	case a.Is4():
		return a, true
	case a == netip.IPv6Loopback():
		return netip.AddrFrom4([4]byte{127, 0, 0, 1}), true
	case a.Is4In6():
		return a.Unmap(), true
	}
	return netip.Addr{}, false
}

// getentAhosts is getent ahosts, ahostsv4 and ahostsv6: getaddrinfo with
// AI_ADDRCONFIG over /etc/hosts, on a host whose only addresses are IPv4
// (the description's): no IPv6 answer at all, so ahostsv6 finds nothing; a
// name gets the IPv4 address of every entry naming it (host.conf's multi
// on), a numeric key (inet_aton's forms) itself. Each address is three
// lines, a socket type each, the first with the canonical name (the first
// entry's official name, or the key as given when numeric).
func getentAhosts(p *shell.Proc, db string, entries [][]string, keys []string) int {
	status := 0
	for _, key := range keys {
		var addrs []netip.Addr
		canon := key
		if a, ok := inetAton(key); ok {
			addrs = append(addrs, a)
		} else if _, err := netip.ParseAddr(key); err != nil && key != "" {
			for _, e := range entries {
				if a, ok := hostsEntryV4(e[0]); ok && hostsEntryNames(e, key) {
					if len(addrs) == 0 {
						canon = e[1]
					}
					addrs = append(addrs, a)
				}
			}
		}
		if db == "ahostsv6" || len(addrs) == 0 {
			status = 2
			continue
		}
		for i, a := range addrs {
			for j, kind := range []string{"STREAM", "DGRAM", "RAW"} {
				name := ""
				if i == 0 && j == 0 {
					name = canon
				}
				p.Printf("%-15s %-6s %s\n", a, kind, name)
			}
		}
	}
	return status
}

// inetAton reads an IPv4 address as glibc's inet_aton does: one to four
// numbers (decimal, 0x hex or 0 octal) separated by dots, the last filling
// the bytes left ("127.1" is 127.0.0.1).
func inetAton(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var v uint64
	for i, part := range parts {
		n, err := strconv.ParseUint(part, 0, 32)
		if err != nil || part == "" || strings.ContainsAny(part, "_oObB") || part[0] == '+' {
			return netip.Addr{}, false
		}
		if i < len(parts)-1 {
			if n > 255 {
				return netip.Addr{}, false
			}
			v = v<<8 | n
			continue
		}
		rest := uint(8 * (4 - i))
		if rest < 64 && n >= 1<<rest {
			return netip.Addr{}, false
		}
		v = v<<rest | n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
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
