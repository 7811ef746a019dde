package system

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "uname", Run: unameCmd})
	shell.Register(shell.Command{Name: "hostname", Run: hostnameCmd})
	shell.Register(shell.Command{Name: "arch", Run: archCmd})
}

// unameCmd is GNU uname, or Solaris uname (no -o, adds -X).
func unameCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "asnrvmpio", Long: []string{"all=a", "kernel-name=s", "sysname=s", "nodename=n",
		"kernel-release=r", "release=r", "kernel-version=v", "machine=m", "processor=p",
		"hardware-platform=i", "operating-system=o"}}
	if p.Solaris() {
		spec = progkit.Spec{Short: "amnprsviX", Usage: "usage:\tuname [-snrvmapiX]\n\tuname [-S system_name]"}
	}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	if len(operands) > 0 {
		if p.Solaris() {
			fmt.Fprintln(p.Stderr, spec.Usage)
			return 1
		}
		return progkit.SpecUsageError(p, spec, "extra operand "+progkit.QuoteC(operands[0]))
	}
	u := p.M.P.Uname
	want := map[string]bool{}
	for _, o := range opts {
		want[o.Key] = true
	}
	if want["X"] {
		p.Printf("System = %s\nNode = %s\nRelease = %s\nKernelID = %s\nMachine = %s\nBusType = <unknown>\n"+
			"Serial = <unknown>\nUsers = <unknown>\nOEM# = 0\nOrigin# = 1\nNumCPU = %d\n",
			u.Sysname, p.M.Hostname, u.Release, u.Version, u.Machine, sysCPUs(p))
		return 0
	}
	if len(want) == 0 {
		want["s"] = true
	}
	fields := []struct {
		key, value string
	}{{"s", u.Sysname}, {"n", p.M.Hostname}, {"r", u.Release}, {"v", u.Version}, {"m", u.Machine},
		{"p", u.Processor}, {"i", u.Platform}, {"o", u.OS}}
	var out []string
	for _, f := range fields {
		switch {
		case want[f.key]:
			out = append(out, f.value)
		case !want["a"], f.key == "o" && p.Solaris():
		case (f.key == "p" || f.key == "i") && f.value == "unknown":
			// GNU -a leaves out what it does not know
		default:
			out = append(out, f.value)
		}
	}
	p.Printf("%s\n", strings.Join(out, " "))
	return 0
}

// sysCPUs is how many processors the host reports.
func sysCPUs(p *shell.Proc) int {
	if p.Solaris() && p.M.Desc.Hardware.CPUs == 0 {
		return 64 // a T5220: 8 cores of 8 threads
	}
	return p.M.Hardware().CPUs
}

// hostnameCmd prints the host's name; setting it needs root.
func hostnameCmd(p *shell.Proc) int {
	spec := progkit.Spec{Short: "adfFhiIsvyAb", Long: []string{"alias=a", "domain=d", "fqdn=f", "long=f",
		"file=F", "ip-address=i", "all-ip-addresses=I", "short=s", "verbose=v", "yp=y", "nis=y",
		"all-fqdns=A", "boot=b"}}
	if p.Solaris() {
		spec = progkit.Spec{Usage: "usage: hostname [system_name]"}
	}
	opts, operands, fail := progkit.ParseSpec(p, p.Args(), spec)
	if fail != 0 {
		return fail
	}
	if len(operands) > 0 {
		switch {
		case p.User.UID == 0:
			// The name of a running host is fixed in this lab: accept it quietly.
			return 0
		case p.Solaris():
			return p.Fail(1, "error in setting name: Not owner")
		}
		return p.Fail(1, "you must be root to change the host name")
	}
	name := p.M.Hostname
	fqdn, ip := name, ""
	if data, err := p.M.FS.ReadFile(p.Cred(), "/etc/hosts"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			line, _, _ = strings.Cut(line, "#")
			f := strings.Fields(line)
			for _, alias := range f[min(1, len(f)):] {
				if alias == name || strings.HasPrefix(alias, name+".") {
					fqdn, ip = f[1], f[0]
					break
				}
			}
			if ip != "" {
				break
			}
		}
	}
	mode := ""
	for _, o := range opts {
		mode = o.Key
	}
	switch mode {
	case "s":
		name, _, _ = strings.Cut(name, ".")
	case "f", "A":
		name = fqdn
	case "d":
		_, name, _ = strings.Cut(fqdn, ".")
		if name == "" {
			return 0 // no domain: net-tools prints nothing at all
		}
	case "i":
		if ip == "" {
			return p.Fail(1, "Name or service not known")
		}
		name = ip
	case "I":
		// Every address of every interface but lo, each followed by a space.
		name = ""
		for _, n := range p.M.Hardware().NICs {
			name += n.Prefix().Addr().String() + " "
		}
	case "y", "a":
		name = ""
	}
	p.Printf("%s\n", name)
	return 0
}

// archCmd is GNU arch (uname -m) or Solaris arch (the kernel architecture family).
func archCmd(p *shell.Proc) int {
	if p.Solaris() {
		opts, _, fail := progkit.ParseSpec(p, p.Args(), progkit.Spec{Short: "k", Usage: "usage: arch [-k | archname]"})
		if fail != 0 {
			return fail
		}
		if len(opts) > 0 {
			p.Printf("%s\n", p.M.P.Uname.Machine)
			return 0
		}
		p.Printf("%s\n", strings.TrimRight(p.M.P.Uname.Machine, "uvx"))
		return 0
	}
	if status, ok := sysNoArguments(p); !ok {
		return status
	}
	p.Printf("%s\n", p.M.P.Uname.Machine)
	return 0
}
