package network

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// iproute2's ip, as agents and hypervisor managers read the network with it
// (link, address and route shown, in the plain, -o, -br and -j forms), from
// the host's description of its interfaces: lo, and each NIC with its IPv4
// address and default route. Changing the network needs root; as root it is
// not emulated.
func init() {
	shell.Register(shell.Command{Name: "ip", Only: "gnu", ShortName: true, Run: ipCmd})
}

// ipOpts are ip's global options that change what it prints.
type ipOpts struct {
	family               string // "", "inet" or "inet6"
	oneline, brief, json bool
}

// ipGlobalOptions are matched as iproute2 matches them: the argument is a
// prefix of the name, tried in this order (so -b is -batch, -br -brief).
var ipGlobalOptions = []string{"-family", "-4", "-6", "-0", "-human-readable", "-iec", "-statistics",
	"-details", "-resolve", "-oneline", "-timestamp", "-tshort", "-Version", "-force", "-batch",
	"-rcvbuf", "-color", "-help", "-netns", "-Numeric", "-all", "-json", "-pretty", "-brief"}

func ipMatches(arg, name string) bool { return arg != "" && strings.HasPrefix(name, arg) }

func ipCmd(p *shell.Proc) int {
	var o ipOpts
	args := p.Args()
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		opt := args[0]
		if strings.HasPrefix(opt, "--") {
			opt = opt[1:]
		}
		name := ""
		for _, n := range ipGlobalOptions {
			if ipMatches(opt, n) {
				name = n
				break
			}
		}
		switch name {
		case "-4":
			o.family = "inet"
		case "-6":
			o.family = "inet6"
		case "-0":
			o.family = "link"
		case "-family":
			if len(args) < 2 {
				fmt.Fprintln(p.Stderr, `Command line is not complete. Try option "help"`)
				return 255
			}
			args = args[1:]
			o.family = args[0]
		case "-oneline":
			o.oneline = true
		case "-brief":
			o.brief = true
		case "-json":
			o.json = true
		case "-Version":
			p.Printf("ip utility, iproute2-%s, libbpf %s\n", p.M.P.Version("iproute2"), p.M.P.Version("libbpf"))
			return 0
		case "":
			fmt.Fprintf(p.Stderr, "Option \"%s\" is unknown, try \"ip -help\".\n", args[0])
			return 255
		default:
			// -s, -d, -p, -c and the rest print more (or otherwise) than
			// the forms below: say so, and print the plain form.
			p.NotEmulated("ip option " + name)
		}
		args = args[1:]
	}
	if len(args) == 0 {
		p.NotEmulated("ip's usage text")
		return 255
	}
	objects := []string{"address", "addrlabel", "maddress", "route", "rule", "neighbor", "neighbour", "ntable", "link"}
	object := ""
	for _, n := range objects {
		if ipMatches(args[0], n) {
			object = n
			break
		}
	}
	net := ipNetwork(p.M.Hardware())
	switch object {
	case "address":
		return ipShow(p, o, net, args[1:], "address", true)
	case "link":
		return ipShow(p, o, net, args[1:], "link", false)
	case "route":
		return ipRoute(p, o, net, args[1:])
	case "":
		fmt.Fprintf(p.Stderr, "Object \"%s\" is unknown, try \"ip help\".\n", args[0])
		return 1
	}
	p.NotEmulated("ip " + object)
	return 0
}

// ipLink is an interface as the kernel reports it to iproute2.
type ipLink struct {
	machine.NIC
	loopback bool
}

func ipNetwork(hw machine.Hardware) []ipLink {
	links := []ipLink{{NIC: machine.NIC{Name: "lo", MTU: 65536, MAC: "00:00:00:00:00:00", Address: "127.0.0.1/8", Index: 1}, loopback: true}}
	for _, n := range hw.NICs {
		links = append(links, ipLink{NIC: n})
	}
	return links
}

// ipCommand reads a verb: none or one of show's names shows; a change needs
// root; anything else is ip's own error.
func ipCommand(p *shell.Proc, args []string, help string) (rest []string, code int, ok bool) {
	if len(args) == 0 {
		return nil, 0, true
	}
	for _, show := range []string{"show", "list", "lst"} {
		if ipMatches(args[0], show) {
			return args[1:], 0, true
		}
	}
	for _, change := range []string{"add", "change", "replace", "delete", "set", "flush", "append", "prepend"} {
		if ipMatches(args[0], change) {
			if p.User.UID != 0 {
				fmt.Fprintln(p.Stderr, "RTNETLINK answers: Operation not permitted")
				return nil, 2, false
			}
			p.NotEmulated("ip " + help + " " + change)
			return nil, 0, false
		}
	}
	if args[0] == "get" && help == "route" {
		return args, 0, true
	}
	fmt.Fprintf(p.Stderr, "Command \"%s\" is unknown, try \"ip %s help\".\n", args[0], help)
	return nil, 255, false
}

// ipShow is ip link show and ip address show, with their selectors
// ([dev] NAME, up, scope S).
func ipShow(p *shell.Proc, o ipOpts, links []ipLink, args []string, object string, addrs bool) int {
	args, code, ok := ipCommand(p, args, object)
	if !ok {
		return code
	}
	dev, scope := "", ""
	kindGiven := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "up":
		case a == "type":
			if i+1 == len(args) {
				fmt.Fprintf(p.Stderr, "Command line is not complete. Try option \"help\"\n")
				return 255
			}
			i, kindGiven = i+1, true
		case (a == "dev" || a == "scope" || a == "label") && i+1 < len(args):
			i++
			if a == "dev" {
				dev = args[i]
			} else if a == "scope" {
				scope = args[i]
			}
		case dev == "" && !strings.HasPrefix(a, "-"):
			dev = a
		default:
			p.NotEmulated("ip " + object + " show " + a)
		}
	}
	if dev != "" {
		found := false
		for _, l := range links {
			if l.Name == dev {
				links, found = []ipLink{l}, true
				break
			}
		}
		if !found {
			fmt.Fprintf(p.Stderr, "Device \"%s\" does not exist.\n", dev)
			return 1
		}
	}
	// type KIND selects the links of a driver kind (bridge, veth, vlan...):
	// the host's are physical NICs and the loopback, which have none.
	if kindGiven {
		links = nil
	}
	// With a family, interfaces without an address of it are left out.
	showAddr := func(l ipLink) bool {
		return addrs && o.family != "inet6" && o.family != "link" && (scope == "" || scope == "all" || l.scope() == scope)
	}
	var shown []ipLink
	for _, l := range links {
		if addrs && o.family != "" && !showAddr(l) {
			continue
		}
		if addrs && scope != "" && !showAddr(l) {
			continue
		}
		shown = append(shown, l)
	}
	switch {
	case o.json:
		ipJSONLinks(p, shown, addrs, showAddr)
	case o.brief:
		for _, l := range shown {
			p.Printf("%-16s %-14s ", l.label(), l.operstate())
			if addrs {
				if showAddr(l) {
					p.Printf("%s ", l.Address)
				}
			} else {
				p.Printf("%s <%s> ", l.MAC, strings.Join(l.flags(), ","))
			}
			p.Printf("\n")
		}
	case addrs && o.oneline:
		for _, l := range shown {
			if showAddr(l) {
				p.Printf("%d: %s    %s\\       valid_lft forever preferred_lft forever\n", l.Index, l.Name, l.inet())
			}
		}
	default:
		for _, l := range shown {
			lines := []string{l.header(!addrs)}
			if o.family == "" || o.family == "link" || !addrs {
				lines = append(lines, "    "+l.linkLine())
			} else if !l.loopback && l.Peer > 0 {
				lines[0] += " link-netnsid 0"
			}
			if showAddr(l) {
				lines = append(lines, "    "+l.inet(), "       valid_lft forever preferred_lft forever")
			}
			if o.oneline {
				p.Printf("%s\n", strings.Join(lines, "\\"))
			} else {
				p.Printf("%s\n", strings.Join(lines, "\n"))
			}
		}
	}
	return 0
}

func (l ipLink) label() string {
	if l.Peer > 0 {
		return fmt.Sprintf("%s@if%d", l.Name, l.Peer)
	}
	return l.Name
}

func (l ipLink) operstate() string {
	if l.loopback {
		return "UNKNOWN"
	}
	return "UP"
}

func (l ipLink) flags() []string {
	if l.loopback {
		return []string{"LOOPBACK", "UP", "LOWER_UP"}
	}
	return []string{"BROADCAST", "MULTICAST", "UP", "LOWER_UP"}
}

// qdisc is the queueing discipline: none for lo and a veth, systemd's
// default fq_codel for a NIC.
func (l ipLink) qdisc() string {
	if l.loopback || l.Peer > 0 {
		return "noqueue"
	}
	return "fq_codel"
}

// txqlen is 0 (left out) for a veth.
func (l ipLink) txqlen() int {
	if l.Peer > 0 {
		return 0
	}
	return 1000
}

func (l ipLink) header(mode bool) string {
	h := fmt.Sprintf("%d: %s: <%s> mtu %d qdisc %s state %s ", l.Index, l.label(), strings.Join(l.flags(), ","), l.MTU, l.qdisc(), l.operstate())
	if mode {
		h += "mode DEFAULT "
	}
	h += "group default "
	if q := l.txqlen(); q > 0 {
		h += fmt.Sprintf("qlen %d", q)
	}
	return h
}

func (l ipLink) linkLine() string {
	if l.loopback {
		return "link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00"
	}
	s := "link/ether " + l.MAC + " brd ff:ff:ff:ff:ff:ff"
	if l.Peer > 0 {
		s += " link-netnsid 0"
	}
	return s
}

func (l ipLink) scope() string {
	if l.loopback {
		return "host"
	}
	return "global"
}

// broadcast is the network's last address.
func (l ipLink) broadcast() netip.Addr {
	pfx := l.Prefix().Masked()
	a := pfx.Addr().As4()
	host := uint32(1)<<(32-pfx.Bits()) - 1
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3]) | host
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

func (l ipLink) inet() string {
	if l.loopback {
		return fmt.Sprintf("inet %s scope host %s", l.Address, l.Name)
	}
	return fmt.Sprintf("inet %s brd %s scope global %s", l.Address, l.broadcast(), l.Name)
}

// ipJSONLinks prints links as ip -j does: one compact array, keys in
// iproute2's order.
func ipJSONLinks(p *shell.Proc, links []ipLink, addrs bool, showAddr func(ipLink) bool) {
	var out []string
	for _, l := range links {
		var b jsonObject
		b.add("ifindex", l.Index)
		if l.Peer > 0 {
			b.add("link_index", l.Peer)
		}
		b.add("ifname", l.Name)
		b.add("flags", l.flags())
		b.add("mtu", l.MTU)
		b.add("qdisc", l.qdisc())
		b.add("operstate", l.operstate())
		if !addrs {
			b.add("linkmode", "DEFAULT")
		}
		b.add("group", "default")
		if q := l.txqlen(); q > 0 {
			b.add("txqlen", q)
		}
		if l.loopback {
			b.add("link_type", "loopback")
			b.add("address", l.MAC)
			b.add("broadcast", "00:00:00:00:00:00")
		} else {
			b.add("link_type", "ether")
			b.add("address", l.MAC)
			b.add("broadcast", "ff:ff:ff:ff:ff:ff")
		}
		if l.Peer > 0 {
			b.add("link_netnsid", 0)
		}
		if addrs {
			var info []string
			if showAddr(l) {
				var a jsonObject
				a.add("family", "inet")
				a.add("local", l.Prefix().Addr().String())
				a.add("prefixlen", l.Prefix().Bits())
				if !l.loopback {
					a.add("broadcast", l.broadcast().String())
				}
				a.add("scope", l.scope())
				a.add("label", l.Name)
				a.add("valid_life_time", uint32(4294967295))
				a.add("preferred_life_time", uint32(4294967295))
				info = append(info, a.String())
			}
			b.addRaw("addr_info", "["+strings.Join(info, ",")+"]")
		}
		out = append(out, b.String())
	}
	p.Printf("[%s]\n", strings.Join(out, ","))
}

// jsonObject writes an object's members in the order they are added.
type jsonObject struct{ members []string }

func (o *jsonObject) add(key string, v any) {
	data, _ := json.Marshal(v)
	o.addRaw(key, string(data))
}

func (o *jsonObject) addRaw(key, raw string) {
	k, _ := json.Marshal(key)
	o.members = append(o.members, string(k)+":"+raw)
}

func (o *jsonObject) String() string { return "{" + strings.Join(o.members, ",") + "}" }

// ipRoute is ip route show (the main table: the default route and each
// network's link route) and ip route get.
func ipRoute(p *shell.Proc, o ipOpts, links []ipLink, args []string) int {
	args, code, ok := ipCommand(p, args, "route")
	if !ok {
		return code
	}
	if len(args) > 0 && args[0] == "get" {
		return ipRouteGet(p, o, links, args[1:])
	}
	onlyDefault, dev := false, ""
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "default":
			onlyDefault = true
		case (a == "to" || a == "exact" || a == "match" || a == "root") && i+1 < len(args) && args[i+1] == "default":
			onlyDefault = true
			i++
		case (a == "table") && i+1 < len(args) && args[i+1] == "main":
			i++
		case (a == "dev" || a == "oif") && i+1 < len(args):
			i++
			dev = args[i]
		default:
			p.NotEmulated("ip route show " + a)
		}
	}
	if dev != "" && !ipHasLink(links, dev) {
		fmt.Fprintf(p.Stderr, "Cannot find device \"%s\"\n", dev)
		return 1
	}
	type route struct{ text, json string }
	var routes []route
	if o.family != "inet6" && o.family != "link" {
		for _, l := range links[1:] {
			if gw, ok := l.GatewayAddr(); ok && (dev == "" || dev == l.Name) {
				var j jsonObject
				j.add("dst", "default")
				j.add("gateway", gw.String())
				j.add("dev", l.Name)
				j.addRaw("flags", "[]")
				routes = append(routes, route{fmt.Sprintf("default via %s dev %s ", gw, l.Name), j.String()})
			}
		}
		if !onlyDefault {
			for _, l := range links[1:] {
				if dev != "" && dev != l.Name {
					continue
				}
				var j jsonObject
				j.add("dst", l.Prefix().Masked().String())
				j.add("dev", l.Name)
				j.add("protocol", "kernel")
				j.add("scope", "link")
				j.add("prefsrc", l.Prefix().Addr().String())
				j.addRaw("flags", "[]")
				routes = append(routes, route{fmt.Sprintf("%s dev %s proto kernel scope link src %s ", l.Prefix().Masked(), l.Name, l.Prefix().Addr()), j.String()})
			}
		}
	}
	if o.json {
		var js []string
		for _, r := range routes {
			js = append(js, r.json)
		}
		p.Printf("[%s]\n", strings.Join(js, ","))
		return 0
	}
	for _, r := range routes {
		p.Printf("%s\n", r.text)
	}
	return 0
}

func ipHasLink(links []ipLink, name string) bool {
	for _, l := range links {
		if l.Name == name {
			return true
		}
	}
	return false
}

// ipRouteGet is the route the kernel picks for one address.
func ipRouteGet(p *shell.Proc, o ipOpts, links []ipLink, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(p.Stderr, "need at least a destination address")
		return 1
	}
	dst, err := netip.ParseAddr(strings.TrimPrefix(args[0], "to "))
	if err != nil || !dst.Is4() {
		fmt.Fprintf(p.Stderr, "Error: any valid prefix is expected rather than \"%s\".\n", args[0])
		return 1
	}
	if len(args) > 1 {
		p.NotEmulated("ip route get " + strings.Join(args[1:], " "))
	}
	var lines []string
	switch {
	case netip.MustParsePrefix("127.0.0.0/8").Contains(dst):
		lines = []string{fmt.Sprintf("local %s dev lo src 127.0.0.1 uid %d ", dst, p.User.UID), "    cache <local> "}
	default:
		via, out := "", links[1]
		for _, l := range links[1:] {
			if l.Prefix().Masked().Contains(dst) {
				out = l
				break
			}
		}
		if !out.Prefix().Masked().Contains(dst) {
			gw, ok := out.GatewayAddr()
			if !ok {
				fmt.Fprintln(p.Stderr, "RTNETLINK answers: Network is unreachable")
				return 2
			}
			via = "via " + gw.String() + " "
		}
		lines = []string{fmt.Sprintf("%s %sdev %s src %s uid %d ", dst, via, out.Name, out.Prefix().Addr(), p.User.UID), "    cache "}
	}
	sep := "\n"
	if o.oneline {
		sep = "\\"
	}
	p.Printf("%s\n", strings.Join(lines, sep))
	return 0
}
