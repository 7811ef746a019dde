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
// (link, address and route shown, in the plain, -o, -br, -j and -j -p forms,
// with -d's details), from the host's description of its interfaces: lo, and
// each NIC with its IPv4 address and default route. -s is not emulated: the
// host keeps no traffic counters. Changing the network needs root; as root it
// is not emulated.
func init() {
	shell.Register(shell.Command{Name: "ip", Only: "gnu", ShortName: true, Run: ipCmd})
}

// ipOpts are ip's global options that change what it prints.
type ipOpts struct {
	family               string // "", "inet" or "inet6"
	oneline, brief, json bool
	// details (-d) adds the kernel's link attributes; pretty (-p) indents
	// the JSON.
	details, pretty bool
	// stats (-s) adds each link's counters, from sysfs.
	stats bool
	// newer is iproute2 6 or later, which prints allmulti and the tso and
	// gro limits among the details (5.9 does not).
	newer bool
	cpus  int // the host's processors: a veth has a queue each
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
		case "-details":
			o.details = true
		case "-pretty":
			o.pretty = true
		case "-statistics":
			if o.stats {
				p.NotEmulated("ip -s -s (the error counters' lines)")
			}
			o.stats = true
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
	hw := p.M.Hardware()
	net := ipNetwork(hw)
	o.newer, o.cpus = p.M.P.VersionAtLeast("iproute2", "6"), hw.CPUs
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
	if o.details && !o.brief {
		for _, l := range shown {
			if !l.loopback && l.Peer == 0 {
				// A NIC's details name its driver's bus and device,
				// which no description gives.
				p.NotEmulated("ip -details of a NIC that is no veth")
				o.details = false
			}
		}
	}
	switch {
	case o.json:
		ipPrintJSON(p, o, ipJSONLinks(o, shown, addrs, showAddr))
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
			if o.linkShown(addrs) {
				lines = append(lines, "    "+l.linkLine())
				if o.details {
					lines = append(lines[:len(lines)-1], l.details(o, !addrs)...)
				}
				if o.stats {
					lines = append(lines, l.statistics(p, o.newer)...)
				}
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

// details is the link line with -d: the kernel's attributes after it, and
// a veth's kind on a line of its own; mode (link show) adds the IPv6
// address generation mode.
func (l ipLink) details(o ipOpts, mode bool) []string {
	line := "    " + l.linkLine() + " promiscuity 0 "
	if o.newer {
		line += " allmulti 0 "
	}
	queues := 1
	if l.loopback {
		line += "minmtu 0 maxmtu 0 "
	} else {
		line += "minmtu 68 maxmtu 65535 "
		queues = o.cpus
	}
	attrs := ""
	if mode {
		attrs += "addrgenmode eui64 "
	}
	attrs += fmt.Sprintf("numtxqueues %d numrxqueues %d gso_max_size 65536 gso_max_segs 65535 ", queues, queues)
	if o.newer {
		attrs += "tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 "
	}
	if l.loopback {
		return []string{line + attrs}
	}
	return []string{line, "    veth " + attrs}
}

// detailsJSON adds -d's members to a link's JSON object.
func (l ipLink) detailsJSON(b *jsonObject, o ipOpts, mode bool) {
	b.add("promiscuity", 0)
	if o.newer {
		b.add("allmulti", 0)
	}
	queues := 1
	if l.loopback {
		b.add("min_mtu", 0)
		b.add("max_mtu", 0)
	} else {
		b.add("min_mtu", 68)
		b.add("max_mtu", 65535)
		b.addRaw("linkinfo", `{"info_kind":"veth"}`)
		queues = o.cpus
	}
	if mode {
		b.add("inet6_addr_gen_mode", "eui64")
	}
	b.add("num_tx_queues", queues)
	b.add("num_rx_queues", queues)
	b.add("gso_max_size", 65536)
	b.add("gso_max_segs", 65535)
	if o.newer {
		b.add("tso_max_size", 524280)
		b.add("tso_max_segs", 65535)
		b.add("gro_max_size", 65536)
	}
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

// linkShown is whether ip prints an interface's link-layer address: not
// for ip address of one family, unless -d asks for the details.
func (o ipOpts) linkShown(addrs bool) bool {
	return o.family == "" || o.family == "link" || !addrs || o.details
}

// ipJSONLinks is links as ip -j gives them: one compact array, keys in
// iproute2's order; with -br only the names, states and addresses.
func ipJSONLinks(o ipOpts, links []ipLink, addrs bool, showAddr func(ipLink) bool) string {
	var out []string
	for _, l := range links {
		var b jsonObject
		if o.brief {
			if l.Peer > 0 {
				b.add("link_index", l.Peer)
			}
			b.add("ifname", l.Name)
			b.add("operstate", l.operstate())
			if !addrs {
				b.add("address", l.MAC)
				b.add("flags", l.flags())
			} else {
				var info []string
				if showAddr(l) {
					var a jsonObject
					a.add("local", l.Prefix().Addr().String())
					a.add("prefixlen", l.Prefix().Bits())
					info = append(info, a.String())
				}
				b.addRaw("addr_info", "["+strings.Join(info, ",")+"]")
			}
			out = append(out, b.String())
			continue
		}
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
		switch {
		case !o.linkShown(addrs):
		case l.loopback:
			b.add("link_type", "loopback")
			b.add("address", l.MAC)
			b.add("broadcast", "00:00:00:00:00:00")
		default:
			b.add("link_type", "ether")
			b.add("address", l.MAC)
			b.add("broadcast", "ff:ff:ff:ff:ff:ff")
		}
		if l.Peer > 0 {
			b.add("link_netnsid", 0)
		}
		if o.details {
			l.detailsJSON(&b, o, !addrs)
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
	return "[" + strings.Join(out, ",") + "]"
}

// ipPrintJSON prints compact JSON, or with -p as iproute2's json_writer
// indents it: four spaces a level, "[ " and " ]" around an array's items,
// which stay on one line unless they are objects.
func ipPrintJSON(p *shell.Proc, o ipOpts, compact string) {
	if !o.pretty {
		p.Printf("%s\n", compact)
		return
	}
	var b strings.Builder
	depth, sep := 0, byte(0)
	var open []byte
	eol := func() { b.WriteString("\n" + strings.Repeat("    ", depth)) }
	eor := func() {
		if sep != 0 {
			b.WriteByte(sep)
		}
		sep = ','
	}
	for i := 0; i < len(compact); {
		switch c := compact[i]; c {
		case '{', '[':
			eor()
			b.WriteByte(c)
			depth, sep, open = depth+1, 0, append(open, c)
			if c == '[' {
				b.WriteByte(' ')
			}
			i++
		case '}', ']':
			if c == ']' && sep != 0 {
				b.WriteByte(' ')
			}
			if c == ']' {
				sep = 0
			}
			depth--
			if sep != 0 {
				eol()
			}
			b.WriteByte(c)
			sep, open = ',', open[:len(open)-1]
			i++
		case ',', ':':
			i++
		default:
			j := i + 1
			if c == '"' {
				for j < len(compact) && compact[j] != '"' {
					if compact[j] == '\\' {
						j++
					}
					j++
				}
				j++
			} else {
				for j < len(compact) && !strings.ContainsRune(",}]", rune(compact[j])) {
					j++
				}
			}
			token := compact[i:j]
			if len(open) > 0 && open[len(open)-1] == '{' && j < len(compact) && compact[j] == ':' {
				eor()
				eol()
				sep = 0
				b.WriteString(token + ": ")
			} else {
				eor()
				b.WriteString(token)
			}
			i = j
		}
	}
	p.Printf("%s\n", b.String())
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
				// With -d the type and the protocol the plain form
				// leaves out: the boot-time route's.
				var j jsonObject
				text := fmt.Sprintf("default via %s dev %s ", gw, l.Name)
				if o.details {
					j.add("type", "unicast")
					text = "unicast " + text + "proto boot scope global "
				}
				j.add("dst", "default")
				j.add("gateway", gw.String())
				j.add("dev", l.Name)
				if o.details {
					j.add("protocol", "boot")
					j.add("scope", "global")
				}
				j.addRaw("flags", "[]")
				routes = append(routes, route{text, j.String()})
			}
		}
		if !onlyDefault {
			for _, l := range links[1:] {
				if dev != "" && dev != l.Name {
					continue
				}
				var j jsonObject
				kind := ""
				if o.details {
					j.add("type", "unicast")
					kind = "unicast "
				}
				j.add("dst", l.Prefix().Masked().String())
				j.add("dev", l.Name)
				j.add("protocol", "kernel")
				j.add("scope", "link")
				j.add("prefsrc", l.Prefix().Addr().String())
				j.addRaw("flags", "[]")
				routes = append(routes, route{fmt.Sprintf("%s%s dev %s proto kernel scope link src %s ", kind, l.Prefix().Masked(), l.Name, l.Prefix().Addr()), j.String()})
			}
		}
	}
	if o.json {
		var js []string
		for _, r := range routes {
			js = append(js, r.json)
		}
		ipPrintJSON(p, o, "["+strings.Join(js, ",")+"]")
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

// statistics are -s's lines: the link's receive and transmit counters as
// /sys/class/net/NAME/statistics has them, in iproute2 6's right-aligned
// columns or 5's left-aligned ones.
func (l ipLink) statistics(p *shell.Proc, newer bool) []string {
	get := func(k string) string {
		data, err := p.M.FS.ReadFile(p.Cred(), "/sys/class/net/"+l.Name+"/statistics/"+k)
		if err != nil {
			return "0"
		}
		return strings.TrimSpace(string(data))
	}
	rx := []string{get("rx_bytes"), get("rx_packets"), get("rx_errors"), get("rx_dropped"), get("rx_missed_errors"), get("multicast")}
	tx := []string{get("tx_bytes"), get("tx_packets"), get("tx_errors"), get("tx_dropped"), get("tx_carrier_errors"), get("collisions")}
	if newer {
		row := func(v []string) string {
			return fmt.Sprintf("    %10s %7s %6s %7s %7s %7s ", v[0], v[1], v[2], v[3], v[4], v[5])
		}
		return []string{"    RX:  bytes packets errors dropped  missed   mcast           ", row(rx),
			"    TX:  bytes packets errors dropped carrier collsns           ", row(tx)}
	}
	row := func(v []string) string {
		return fmt.Sprintf("    %-10s %-8s %-7s %-7s %-7s %-7s ", v[0], v[1], v[2], v[3], v[4], v[5])
	}
	return []string{"    RX: bytes  packets  errors  dropped missed  mcast   ", row(rx),
		"    TX: bytes  packets  errors  dropped carrier collsns ", row(tx)}
}
