package network

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// ss (iproute2) lists the host's sockets: monitoring checks ask it which
// ports listen ("ss -tlnH | grep :22"). The sockets the host knows are its
// sshd's listeners, from /etc/ssh/sshd_config (Port, ListenAddress,
// AddressFamily; 22 on every address by default) while the sshd listener
// runs - the file as it is now, the host's sshd being never restarted.
// Connections and unix sockets are not emulated; the -s summary counts the
// sockets listed.
func init() {
	shell.Register(shell.Command{Name: "ss", Only: "gnu", Run: ssCmd})
}

// ssSocket is one socket as ss prints it.
type ssSocket struct {
	tcp      bool
	v6       bool
	state    string // LISTEN, UNCONN, ESTAB...
	recvQ    int
	sendQ    int
	addr     string // the local address as ss shows it: 0.0.0.0, [::], 10.0.0.1
	port     int
	peer     string
	peerPort string
	pid      int
	fd       int
	comm     string
}

const ssUsage = `Usage: ss [ OPTIONS ]
       ss [ OPTIONS ] [ FILTER ]
`

func ssCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "dhHaletuwxnro460spbEf:miA:D:F:vVzZN:KSOM", Long: []string{"dccp=d", "help=h", "no-header=H",
		"all=a", "listening=l", "extended=e", "tcp=t", "udp=u", "raw=w", "unix=x", "numeric=n", "resolve=r", "options=o",
		"ipv4=4", "ipv6=6", "packet=0", "summary=s", "processes=p", "bpf=b", "events=E", "family:=f", "memory=m",
		"info=i", "query:=A", "socket:=A", "diag:=D", "filter:=F", "version=V", "context=Z", "contexts=z", "net:=N",
		"kill=K", "sctp=S", "oneline=O", "mptcp=M", "tipcinfo", "tos", "cgroup", "inet-sockopt", "tipc", "vsock", "xdp"},
		NoTry: true, NotEmulated: []string{"b", "bpf", "E", "events", "K", "kill", "D", "diag", "F", "filter", "N", "net"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		// ss follows the complaint with its usage, of which the first lines are kept
		fmt.Fprint(p.Stderr, ssUsage)
		p.NotEmulated("ss's full usage text")
		return code
	}
	if c.Has("V") {
		p.Printf("ss utility, iproute2-%s\n", p.M.P.Version("iproute2"))
		return 0
	}
	if c.Has("s") {
		return ssSummary(p)
	}
	if c.Has("e", "m", "i", "Z", "z", "tipcinfo", "tos", "cgroup", "inet-sockopt") {
		p.NotEmulated("ss's extended socket details (-e, -m, -i...)")
	}
	tcp, udp := c.Has("t"), c.Has("u")
	other := c.Has("x", "w", "0", "d", "S", "M", "tipc", "vsock", "xdp", "f", "A")
	if other {
		p.NotEmulated("ss of sockets other than TCP and UDP (the host lists none)")
	}
	if !tcp && !udp && !other {
		tcp, udp = true, true
		p.NotEmulated("ss of every socket type (unix, raw... are not listed)")
	}
	states := map[string]bool{"ESTAB": true, "SYN-SENT": true, "SYN-RECV": true, "FIN-WAIT-1": true, "FIN-WAIT-2": true,
		"TIME-WAIT": true, "CLOSE-WAIT": true, "LAST-ACK": true, "CLOSING": true}
	switch {
	case c.Has("a"):
		states["LISTEN"], states["UNCONN"] = true, true
	case c.Has("l"):
		states = map[string]bool{"LISTEN": true, "UNCONN": true}
	}
	filter, ok := ssParseFilter(p, c.Operands, &states)
	if !ok {
		return 1
	}
	if states["ESTAB"] {
		p.NotEmulated("ss of connected sockets (the host lists none)")
	}
	var rows []ssSocket
	for _, s := range ssSockets(p) {
		switch {
		case s.tcp && !tcp, !s.tcp && !udp, !states[s.state]:
			continue
		case c.Has("4") && s.v6, c.Has("6") && !s.v6:
			continue
		case filter != nil && !filter(s):
			continue
		}
		rows = append(rows, s)
	}
	numeric := c.Has("n")
	showProc := c.Has("p") && p.Cred().UID == 0
	// Columns, as ss's render() lays them out: each as wide as its widest
	// cell (the heading counted), a one-space delimiter before all but the
	// first and the ports; Netid only when more than one socket table is
	// read, State only when more than one state may show.
	type column struct {
		head  string
		right bool
		delim string
		cells []string
		width int
		on    bool
	}
	cols := []*column{
		{head: "Netid", on: tcp && udp || other}, {head: "State", delim: " ", on: len(states) > 1},
		{head: "Recv-Q", delim: " ", on: true}, {head: "Send-Q", delim: " ", on: true},
		{head: "Local Address:", right: true, delim: " ", on: true}, {head: "Port", on: true},
		{head: "Peer Address:", right: true, delim: " ", on: true}, {head: "Port", on: true},
		{head: "Process", on: true},
	}
	for _, s := range rows {
		netid := "udp"
		if s.tcp {
			netid = "tcp"
		}
		port := strconv.Itoa(s.port)
		if !numeric {
			port = ssService(p, s.port, s.tcp)
		}
		proc := ""
		if showProc && s.pid > 0 {
			proc = fmt.Sprintf("users:((\"%s\",pid=%d,fd=%d))", s.comm, s.pid, s.fd)
		}
		for i, cell := range []string{netid, s.state, fmt.Sprintf("%-6d", s.recvQ), fmt.Sprintf("%-6d", s.sendQ),
			s.addr + ":", port, s.peer + ":", s.peerPort, proc} {
			cols[i].cells = append(cols[i].cells, cell)
		}
	}
	header := !c.Has("H")
	first := true
	for _, col := range cols {
		if !col.on {
			continue
		}
		w := 0
		if header {
			w = len(col.head)
		}
		for _, cell := range col.cells {
			w = max(w, len(cell))
		}
		if w == 0 {
			col.on = false
			continue
		}
		if first {
			col.delim = ""
		}
		first = false
		col.width = w
	}
	line := func(text func(col *column) string) {
		var b strings.Builder
		for _, col := range cols {
			if !col.on {
				continue
			}
			b.WriteString(col.delim)
			if col.right {
				fmt.Fprintf(&b, "%*s", col.width, text(col))
			} else {
				fmt.Fprintf(&b, "%-*s", col.width, text(col))
			}
		}
		p.Printf("%s\n", b.String())
	}
	if header {
		line(func(col *column) string { return col.head })
	}
	for i := range rows {
		line(func(col *column) string { return col.cells[i] })
	}
	return 0
}

// ssSockets are the host's sockets: sshd's listeners while it runs.
func ssSockets(p *shell.Proc) []ssSocket {
	var sshd *machine.Proc
	for _, pr := range p.M.Procs.List() {
		if len(pr.Argv) > 0 && strings.HasPrefix(pr.Argv[0], "sshd:") && strings.Contains(strings.Join(pr.Argv, " "), "[listener]") {
			sshd = &pr
			break
		}
	}
	if sshd == nil {
		return nil
	}
	ports, addrs, family := []int{}, []string{}, "any"
	if data, err := p.M.FS.ReadFile(p.Cred(), "/etc/ssh/sshd_config"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			f := strings.Fields(l)
			if len(f) < 2 || strings.HasPrefix(f[0], "#") {
				continue
			}
			switch strings.ToLower(f[0]) {
			case "port":
				if n, err := strconv.Atoi(f[1]); err == nil {
					ports = append(ports, n)
				}
			case "listenaddress":
				addrs = append(addrs, f[1])
			case "addressfamily":
				family = strings.ToLower(f[1])
			}
		}
	}
	if len(ports) == 0 {
		ports = []int{22}
	}
	if len(addrs) == 0 {
		switch family {
		case "inet":
			addrs = []string{"0.0.0.0"}
		case "inet6":
			addrs = []string{"::"}
		default:
			addrs = []string{"0.0.0.0", "::"}
		}
	}
	var out []ssSocket
	fd := 3
	for _, a := range addrs {
		for _, port := range ports {
			v6 := strings.Contains(a, ":")
			s := ssSocket{tcp: true, v6: v6, state: "LISTEN", sendQ: 128, addr: a, port: port, peer: "0.0.0.0", peerPort: "*",
				pid: sshd.PID, fd: fd, comm: "sshd"}
			if v6 {
				s.addr, s.peer = "["+a+"]", "[::]"
			}
			out = append(out, s)
			fd++
		}
	}
	return out
}

// ssService is a port's name in /etc/services, as ss prints it without -n.
func ssService(p *shell.Proc, port int, tcp bool) string {
	proto := "/udp"
	if tcp {
		proto = "/tcp"
	}
	want := strconv.Itoa(port) + proto
	if data, err := p.M.FS.ReadFile(p.Cred(), "/etc/services"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[1] == want && !strings.HasPrefix(f[0], "#") {
				return f[0]
			}
		}
	}
	return strconv.Itoa(port)
}

// ssParseFilter reads the simple filters checks use: "state NAME",
// "sport|dport OP :PORT" (OP =, ==, eq), "src|dst [ADDR]:PORT", in
// parentheses or not, and "or" between port matches.
func ssParseFilter(p *shell.Proc, args []string, states *map[string]bool) (func(ssSocket) bool, bool) {
	var words []string
	for _, a := range args {
		a = strings.NewReplacer("(", " ( ", ")", " ) ").Replace(a)
		words = append(words, strings.Fields(a)...)
	}
	var tests []func(ssSocket) bool
	portOf := func(s string) (int, bool) {
		_, port, ok := strings.Cut(s, ":")
		if i := strings.LastIndex(s, ":"); i >= 0 {
			port, ok = s[i+1:], true
		}
		if !ok {
			return 0, false
		}
		if n, err := strconv.Atoi(port); err == nil {
			return n, true
		}
		if data, err := p.M.FS.ReadFile(p.Cred(), "/etc/services"); err == nil {
			for _, l := range strings.Split(string(data), "\n") {
				f := strings.Fields(l)
				if len(f) < 2 || f[0] != port {
					continue
				}
				num, _, _ := strings.Cut(f[1], "/")
				if n, err := strconv.Atoi(num); err == nil {
					return n, true
				}
			}
		}
		return 0, false
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch w {
		case "(", ")", "or":
			continue
		case "state":
			if i+1 == len(words) {
				break
			}
			i++
			name := map[string]string{"listening": "LISTEN", "established": "ESTAB", "all": "*", "connected": "C"}[words[i]]
			switch name {
			case "":
				p.NotEmulated("ss state " + words[i])
			case "*":
			case "C":
				*states = map[string]bool{"ESTAB": true, "SYN-SENT": true, "SYN-RECV": true, "FIN-WAIT-1": true}
			default:
				*states = map[string]bool{name: true}
			}
			continue
		case "sport", "dport", "src", "dst":
			if i+1 < len(words) && (words[i+1] == "=" || words[i+1] == "==" || words[i+1] == "eq") {
				i++
			}
			if i+1 == len(words) {
				break
			}
			i++
			port, ok := portOf(words[i])
			if !ok {
				p.NotEmulated("ss filter " + strings.Join(words, " "))
				return nil, true
			}
			local := w == "sport" || w == "src"
			tests = append(tests, func(s ssSocket) bool { return local && s.port == port })
			continue
		}
		fmt.Fprintf(p.Stderr, "Error: an inet prefix is expected rather than \"%s\".\nCannot parse dst/src address.\n", w)
		return nil, false
	}
	if len(tests) == 0 {
		return nil, true
	}
	return func(s ssSocket) bool {
		for _, t := range tests {
			if t(s) {
				return true
			}
		}
		return false
	}, true
}

// ssSummary is ss -s: the sockets the host has, by transport and family, in
// the layout of iproute2's (the same in 5.10 and 6.1).
func ssSummary(p *shell.Proc) int {
	var tcp, tcp4, tcp6, udp, udp4, udp6, estab int
	socks := ssSockets(p)
	for _, s := range socks {
		switch {
		case s.tcp && s.v6:
			tcp, tcp6 = tcp+1, tcp6+1
		case s.tcp:
			tcp, tcp4 = tcp+1, tcp4+1
		case s.v6:
			udp, udp6 = udp+1, udp6+1
		default:
			udp, udp4 = udp+1, udp4+1
		}
		if s.state == "ESTAB" {
			estab++
		}
	}
	p.Printf("Total: %d\nTCP:   %d (estab %d, closed 0, orphaned 0, timewait 0)\n\n", len(socks), tcp, estab)
	p.Printf("Transport Total     IP        IPv6\n")
	row := func(name string, total, v4, v6 int) { p.Printf("%s\t  %-9d %-9d %-9d\n", name, total, v4, v6) }
	row("RAW", 0, 0, 0)
	row("UDP", udp, udp4, udp6)
	row("TCP", tcp, tcp4, tcp6)
	row("INET", tcp+udp, tcp4+udp4, tcp6+udp6)
	row("FRAG", 0, 0, 0)
	p.Printf("\n")
	return 0
}
