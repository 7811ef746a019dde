package network

import (
	"embed"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "ss", Only: "gnu", ShortName: true, Run: ssCmd})
}

// ss's usage text of each iproute2, captured from the images (`ss --bogus`).
//
//go:embed help/ss-*.txt
var ssUsages embed.FS

// ssSocket is one socket as ss lists it.
type ssSocket struct {
	netid, state string
	recvQ, sendQ int
	local, peer  ssAddr
	pid, fd      int // the owning process and descriptor
	owner        int // its uid: only root and the owner see the process
	comm         string
}

// ssAddr is an address and port; port 0 is "*".
type ssAddr struct {
	ip   netip.Addr
	port int
}

// ssListeners are the host's listening sockets: its sshd's, on the ports and
// addresses its configuration names (port 22 on 0.0.0.0 and [::] by
// default), while a listening sshd runs. A connection's sockets are not kept.
func ssListeners(p *shell.Proc) []ssSocket {
	pid := 0
	for _, pr := range p.M.Procs.List() {
		if len(pr.Argv) > 0 && strings.Contains(pr.Argv[0], "sshd") && (pid == 0 || pr.PID < pid) {
			pid = pr.PID
		}
	}
	if pid == 0 {
		return nil
	}
	ports, addrs, family := []int(nil), []netip.Addr(nil), "any"
	files := []string{"/etc/ssh/sshd_config"}
	if names, err := p.M.FS.ReadDir(vfs.Root, "/etc/ssh/sshd_config.d"); err == nil {
		for _, n := range names {
			if strings.HasSuffix(n.Name, ".conf") {
				files = append(files, "/etc/ssh/sshd_config.d/"+n.Name)
			}
		}
	}
	for _, f := range files {
		data, err := p.M.FS.ReadFile(vfs.Root, f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			w := strings.Fields(line)
			if len(w) < 2 || strings.HasPrefix(w[0], "#") {
				continue
			}
			switch strings.ToLower(w[0]) {
			case "port":
				if n, err := strconv.Atoi(w[1]); err == nil {
					ports = append(ports, n)
				}
			case "listenaddress":
				if a, err := netip.ParseAddr(strings.Trim(w[1], "[]")); err == nil {
					addrs = append(addrs, a)
				}
			case "addressfamily":
				family = strings.ToLower(w[1])
			}
		}
	}
	if len(ports) == 0 {
		ports = []int{22}
	}
	if len(addrs) == 0 {
		switch family {
		case "inet":
			addrs = []netip.Addr{netip.IPv4Unspecified()}
		case "inet6":
			addrs = []netip.Addr{netip.IPv6Unspecified()}
		default:
			addrs = []netip.Addr{netip.IPv4Unspecified(), netip.IPv6Unspecified()}
		}
	}
	var out []ssSocket
	fd := 3
	for _, a := range addrs {
		for _, port := range ports {
			out = append(out, ssSocket{netid: "tcp", state: "LISTEN", sendQ: 128, local: ssAddr{a, port},
				peer: ssAddr{ip: unspecifiedLike(a)}, pid: pid, fd: fd, comm: "sshd"})
			fd++
		}
	}
	return out
}

func unspecifiedLike(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.IPv4Unspecified()
	}
	return netip.IPv6Unspecified()
}

// ssFail is ss's answer to a filter it cannot read: bison's complaint, the
// usage, status 255.
func ssFail(p *shell.Proc, usage string) int {
	fmt.Fprintf(p.Stderr, "ss: bison bellows (while parsing filter): \"syntax error!\" Sorry.\n%s", usage)
	return 255
}

func ssCmd(p *shell.Proc) int {
	usage, err := ssUsages.ReadFile("help/ss-" + p.M.P.Version("iproute2") + ".txt")
	if err != nil {
		p.NotEmulated("ss of iproute2 " + p.M.P.Version("iproute2"))
	}
	g := progkit.Getopt{Short: "hVnraloempTisbEZzN:460tMSudwxf:KHOA:D:F:", Long: []string{"help=h", "version=V", "numeric=n",
		"resolve=r", "all=a", "listening=l", "options=o", "extended=e", "memory=m", "processes=p", "threads=T", "info=i",
		"tipcinfo", "summary=s", "tos", "cgroup", "bpf=b", "events=E", "context=Z", "contexts=z", "net:=N", "ipv4=4",
		"ipv6=6", "packet=0", "tcp=t", "mptcp=M", "sctp=S", "udp=u", "dccp=d", "raw=w", "unix=x", "tipc", "vsock", "xdp",
		"family:=f", "kill=K", "no-header=H", "oneline=O", "inet-sockopt", "query:=A", "socket:=A", "diag:=D", "filter:=F"},
		Usage: string(usage), NoTry: true, Status: 255}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	// What ss reads of a socket beyond its addresses (inode, memory, TCP
	// internals, cgroup), the summary and the modes that act on sockets.
	for _, k := range []string{"e", "m", "i", "b", "T", "tos", "cgroup", "inet-sockopt", "s", "K", "E", "D", "F", "N"} {
		if c.Has(k) {
			p.NotEmulated("ss option " + k)
		}
	}
	switch {
	case c.Has("h"):
		p.Printf("%s", usage)
		return 0
	case c.Has("V"):
		p.Printf("ss utility, iproute2-%s\n", p.M.P.Version("iproute2"))
		return 0
	case c.Has("Z", "z"):
		return p.Fail(1, "SELinux is not enabled.")
	case c.Has("s", "K", "E", "D", "F", "N"):
		return 0
	}
	// the socket types asked for: each of -t -u -w -x -0 -A, all when none
	types := map[string]bool{}
	for _, o := range c.Opts {
		switch o.Key {
		case "t":
			types["tcp"] = true
		case "M", "S", "d":
			types[map[string]string{"M": "mptcp", "S": "sctp", "d": "dccp"}[o.Key]] = true
		case "u":
			types["udp"] = true
		case "w":
			types["raw"] = true
		case "x":
			types["unix"] = true
		case "0":
			types["packet"] = true
		case "A":
			for _, q := range strings.Split(o.Val, ",") {
				switch q {
				case "all":
					types["tcp"], types["udp"], types["raw"], types["unix"] = true, true, true, true
				case "inet":
					types["tcp"], types["udp"], types["raw"] = true, true, true
				case "unix_stream", "unix_dgram", "unix_seqpacket":
					types["unix"] = true
				default:
					types[q] = true
				}
			}
		}
	}
	if len(types) == 0 {
		types = map[string]bool{"tcp": true, "udp": true, "raw": true, "unix": true}
	}
	families := map[string]bool{"inet": !c.Has("6"), "inet6": !c.Has("4")}
	if f, ok := c.Value("f"); ok {
		families = map[string]bool{f: true}
	}
	listening, all := c.Has("l"), c.Has("a")
	f, state, fail := ssParseFilter(p, c.Operands, string(usage))
	if fail != 0 {
		return fail
	}
	if state != "" {
		listening, all = state == "listening", state == "all"
	}
	if !listening || all {
		p.NotEmulated("ss of connected sockets: the host keeps no table of its connections")
	}
	var rows []ssSocket
	if listening || all {
		for _, s := range ssListeners(p) {
			fam := "inet"
			if s.local.ip.Is6() {
				fam = "inet6"
			}
			if types[s.netid] && families[fam] && (f == nil || f(s)) {
				rows = append(rows, s)
			}
		}
	}
	// the columns: Netid when more than one kind of socket is listed, State
	// unless one state was asked for by name
	netid := len(types) > 1 || types["unix"]
	showState := state == "" || state == "all"
	ssPrint(p, c, rows, netid, showState)
	return 0
}

// ssPrint lays the table out as ss does: each column as wide as its widest
// cell (and its heading, unless -H), addresses right-aligned and ports left,
// the queues six wide, the process column right after the peer's port.
func ssPrint(p *shell.Proc, c progkit.Cmdline, rows []ssSocket, netid, showState bool) {
	header := !c.Has("H")
	services := map[int]string{}
	if !c.Has("n") {
		services = ssServices(p)
	}
	port := func(n int) string {
		if n == 0 {
			return "*"
		}
		if name, ok := services[n]; ok {
			return name
		}
		return strconv.Itoa(n)
	}
	host := func(a netip.Addr) string {
		if a.Is6() {
			return "[" + a.String() + "]"
		}
		return a.String()
	}
	type cells struct{ netid, state, lhost, lport, phost, pport, proc string }
	var lines []cells
	for _, s := range rows {
		proc := ""
		if c.Has("p") && (p.User.UID == 0 || p.User.UID == s.owner) {
			proc = fmt.Sprintf(" users:((%q,pid=%d,fd=%d))", s.comm, s.pid, s.fd) // ss prints it with a space before
		}
		lines = append(lines, cells{s.netid, s.state, host(s.local.ip), port(s.local.port), host(s.peer.ip), port(s.peer.port), proc})
	}
	width := func(head string, get func(cells) string) int {
		w := 0
		if header {
			w = len(head)
		}
		for _, l := range lines {
			w = max(w, len(get(l)))
		}
		return w
	}
	wNetid := width("Netid", func(l cells) string { return l.netid })
	wState := width("State", func(l cells) string { return l.state })
	wLHost := width("Local Address", func(l cells) string { return l.lhost })
	wLPort := width("Port", func(l cells) string { return l.lport })
	wPHost := width("Peer Address", func(l cells) string { return l.phost })
	wPPort := width("Port", func(l cells) string { return l.pport })
	wProc := width("Process", func(l cells) string { return l.proc })
	line := func(n, st, rq, sq, lh, lp, ph, pp, proc string) {
		var b strings.Builder
		if netid {
			fmt.Fprintf(&b, "%-*s ", wNetid, n)
		}
		if showState {
			fmt.Fprintf(&b, "%-*s ", wState, st)
		}
		fmt.Fprintf(&b, "%-6s %-6s %*s:%-*s %*s:%-*s%-*s\n", rq, sq, wLHost, lh, wLPort, lp, wPHost, ph, wPPort, pp, wProc, proc)
		p.Printf("%s", b.String())
	}
	if header {
		line("Netid", "State", "Recv-Q", "Send-Q", "Local Address", "Port", "Peer Address", "Port", "Process")
	}
	for i, l := range lines {
		line(l.netid, l.state, strconv.Itoa(rows[i].recvQ), strconv.Itoa(rows[i].sendQ), l.lhost, l.lport, l.phost, l.pport, l.proc)
	}
}

// ssServices are /etc/services' TCP names by port, as ss shows ports
// without -n.
func ssServices(p *shell.Proc) map[int]string {
	out := map[int]string{}
	data, err := p.M.FS.ReadFile(p.Cred(), "/etc/services")
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		num, proto, ok := strings.Cut(f[1], "/")
		n, err := strconv.Atoi(num)
		if ok && err == nil && proto == "tcp" {
			if _, seen := out[n]; !seen {
				out[n] = f[0]
			}
		}
	}
	return out
}

// ssParseFilter reads ss's FILTER: an optional "state STATE", then an
// expression of sport/dport comparisons and src/dst addresses joined by and,
// or, not and parentheses. fail is the exit status after an error.
func ssParseFilter(p *shell.Proc, args []string, usage string) (match func(ssSocket) bool, state string, fail int) {
	var toks []string
	for _, a := range args {
		a = strings.NewReplacer("(", " ( ", ")", " ) ").Replace(a)
		toks = append(toks, strings.Fields(a)...)
	}
	for len(toks) >= 2 && (toks[0] == "state" || toks[0] == "exclude") {
		if toks[0] == "state" {
			state = toks[1]
		}
		toks = toks[2:]
	}
	if len(toks) == 0 {
		return nil, state, 0
	}
	services := ssServices(p)
	pos := 0
	peek := func() string {
		if pos < len(toks) {
			return toks[pos]
		}
		return ""
	}
	var errMsg string
	syntax := false
	var expr, term, factor func() func(ssSocket) bool
	portOf := func(v string) (int, bool) {
		v = strings.TrimPrefix(v, ":")
		if n, err := strconv.Atoi(v); err == nil {
			return n, true
		}
		for n, name := range services {
			if name == v {
				return n, true
			}
		}
		errMsg = fmt.Sprintf("Error: \"%s\" does not look like a port.\n", v)
		return 0, false
	}
	factor = func() func(ssSocket) bool {
		t := peek()
		pos++
		switch t {
		case "not", "!":
			inner := factor()
			if inner == nil {
				return nil
			}
			return func(s ssSocket) bool { return !inner(s) }
		case "(":
			inner := expr()
			if inner == nil || peek() != ")" {
				syntax = true
				return nil
			}
			pos++
			return inner
		case "sport", "dport":
			op := peek()
			cmpOps := map[string]string{"=": "=", "==": "=", "eq": "=", "!=": "!", "ne": "!", "neq": "!", ">": ">", "gt": ">",
				"<": "<", "lt": "<", ">=": "G", "ge": "G", "geq": "G", "<=": "L", "le": "L", "leq": "L"}
			kind, isOp := cmpOps[op]
			if isOp {
				pos++
			} else {
				kind = "="
			}
			v := peek()
			if v == "" {
				syntax = true
				return nil
			}
			pos++
			n, ok := portOf(v)
			if !ok {
				return nil
			}
			src := t == "sport"
			return func(s ssSocket) bool {
				x := s.peer.port
				if src {
					x = s.local.port
				}
				switch kind {
				case "!":
					return x != n
				case ">":
					return x > n
				case "<":
					return x < n
				case "G":
					return x >= n
				case "L":
					return x <= n
				}
				return x == n
			}
		case "", ")", "and", "&&", "&", "or", "||", "|":
			syntax = true
			return nil
		}
		// src ADDR, dst ADDR, or an address alone (a destination)
		local := t == "src"
		v := t
		if t == "src" || t == "dst" {
			if op := peek(); op == "=" || op == "==" || op == "eq" {
				pos++
			}
			v = peek()
			if v == "" {
				syntax = true
				return nil
			}
			pos++
		}
		hostPart, portPart := v, ""
		if i := strings.LastIndex(v, ":"); i >= 0 && !strings.Contains(v[:i], ":") || strings.HasPrefix(v, "[") && strings.Contains(v, "]:") {
			hostPart, portPart = strings.Trim(v[:strings.LastIndex(v, ":")], "[]"), v[strings.LastIndex(v, ":")+1:]
		}
		var prefix netip.Prefix
		anyHost := hostPart == "" || hostPart == "*"
		if !anyHost {
			var err error
			if prefix, err = netip.ParsePrefix(hostPart); err != nil {
				a, err := netip.ParseAddr(hostPart)
				if err != nil {
					errMsg = fmt.Sprintf("Error: an inet prefix is expected rather than \"%s\".\n", hostPart)
					return nil
				}
				prefix = netip.PrefixFrom(a, a.BitLen())
			}
		}
		portN := -1
		if portPart != "" && portPart != "*" {
			n, ok := portOf(portPart)
			if !ok {
				return nil
			}
			portN = n
		}
		return func(s ssSocket) bool {
			a := s.peer
			if local {
				a = s.local
			}
			if !anyHost && !prefix.Contains(a.ip) {
				return false
			}
			return portN < 0 || a.port == portN
		}
	}
	term = func() func(ssSocket) bool {
		left := factor()
		for left != nil {
			switch peek() {
			case "and", "&&", "&":
				pos++
			case "", ")", "or", "||", "|":
				return left
			}
			right := factor()
			if right == nil {
				return nil
			}
			l := left
			left = func(s ssSocket) bool { return l(s) && right(s) }
		}
		return nil
	}
	expr = func() func(ssSocket) bool {
		left := term()
		for left != nil && slices.Contains([]string{"or", "||", "|"}, peek()) {
			pos++
			right := term()
			if right == nil {
				return nil
			}
			l := left
			left = func(s ssSocket) bool { return l(s) || right(s) }
		}
		return left
	}
	m := expr()
	switch {
	case errMsg != "":
		fmt.Fprintf(p.Stderr, "%sCannot parse dst/src address.\n", errMsg)
		return nil, "", 1
	case m == nil || syntax || pos != len(toks):
		return nil, "", ssFail(p, usage)
	}
	return m, state, 0
}
