package network

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "sshd", Sbin: true, Only: "gnu", ShortName: true, Run: sshdCmd})
}

// sshdCmd is sshd asked about itself, as hardening audits ask it: -T prints
// the effective configuration (the installed one, captured from the image,
// with the settings of /etc/ssh/sshd_config and the files it includes laid
// over it, first value first, before any Match), -t checks it, -V says the
// release (OpenSSH 9 and later). Only root can: sshd must read the host
// keys. Values are not checked as sshd checks them, and -C does not select
// Match blocks. Serving is the host's own sshd's job: running another is
// said and recorded. What sshd logs on stderr ends in "\r\n", as its log
// lines do there.
func sshdCmd(p *shell.Proc) int {
	modern := !strings.HasPrefix(p.M.P.Version("openssh"), "OpenSSH_8")
	flags := "46DdeiqTt"
	if modern {
		flags += "V"
	}
	usage := func(bad byte) int {
		fmt.Fprintf(p.Stderr, "unknown option -- %c\r\n%s", bad, p.M.P.Texts["ssh-version"])
		fmt.Fprintf(p.Stderr, "usage: sshd [-%s] [-C connection_spec] [-c host_cert_file]\n"+
			"            [-E log_file] [-f config_file] [-g login_grace_time]\n"+
			"            [-h host_key_file] [-o option] [-p port] [-u len]\n", flags)
		return 1
	}
	mode := byte(0)
	args := p.Args()
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || len(a) < 2 {
			break
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			switch {
			case strings.IndexByte("CcEfghopu", c) >= 0:
				if j == len(a)-1 {
					i++ // the option's argument
				}
				j = len(a)
			case strings.IndexByte(flags, c) < 0:
				return usage(c)
			case c == 'V':
				fmt.Fprint(p.Stderr, sshdRelease.ReplaceAllString(p.M.P.Texts["ssh-version"], "$1"))
				return 0
			case c == 'T' || c == 't':
				mode = c
			}
		}
	}
	if mode == 0 {
		p.NotEmulated("sshd: a second SSH server")
		p.Errorf("serving SSH beside the host's own sshd is not emulated by the simulated host")
		return 1
	}
	if p.User.UID != 0 {
		fmt.Fprint(p.Stderr, "sshd: no hostkeys available -- exiting.\r\n")
		return 1
	}
	if mode == 't' {
		return 0
	}
	set := sshdSettings(p)
	for _, line := range strings.SplitAfter(p.M.P.Texts["sshd-config"], "\n") {
		key, _, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		if v, ok := set[key]; ok && !sshdListKeyword[key] {
			line = key + " " + v + "\n"
			delete(set, key) // a keyword sshd -T prints once
		}
		p.Printf("%s", line)
	}
	return 0
}

// sshdRelease is the part of ssh -V's release that sshd -V leaves out:
// "OpenSSH_9.2p1 Debian-2+deb12u10," is "OpenSSH_9.2,".
var sshdRelease = regexp.MustCompile(`^(OpenSSH_[0-9.]+)p\d+ [^,]*`)

// sshdListKeyword are keywords sshd -T prints once per value: the captured
// lines stand.
var sshdListKeyword = map[string]bool{"hostkey": true, "listenaddress": true, "acceptenv": true,
	"subsystem": true, "port": true, "authorizedkeysfile": true}

// sshdSettings reads the keywords set in /etc/ssh/sshd_config and the
// files it includes, as sshd -T prints them (lower case; yes/no values and
// PermitRootLogin's in sshd's words), first value first, up to a Match.
func sshdSettings(p *shell.Proc) map[string]string {
	set := map[string]string{}
	var read func(file string, depth int) bool
	read = func(file string, depth int) bool {
		data, err := p.M.FS.ReadFile(vfs.Root, file)
		if err != nil || depth > 16 {
			return true
		}
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(strings.SplitN(line, "#", 2)[0])
			if len(f) < 2 {
				continue
			}
			key := strings.ToLower(f[0])
			switch key {
			case "match":
				return false
			case "include":
				for _, pattern := range f[1:] {
					if !path.IsAbs(pattern) {
						pattern = path.Join("/etc/ssh", pattern)
					}
					var matches []string // a glob in the last component, as Debian's Include has
					infos, _ := p.M.FS.ReadDir(vfs.Root, path.Dir(pattern))
					for _, in := range infos {
						if ok, _ := path.Match(path.Base(pattern), in.Name); ok {
							matches = append(matches, path.Join(path.Dir(pattern), in.Name))
						}
					}
					slices.Sort(matches)
					for _, m := range matches {
						if !read(m, depth+1) {
							return false
						}
					}
				}
				continue
			}
			if _, seen := set[key]; seen {
				continue
			}
			value := strings.Join(f[1:], " ")
			switch lower := strings.ToLower(value); {
			case key == "permitrootlogin" && lower == "prohibit-password":
				value = "without-password"
			case lower == "yes" || lower == "no" || key == "permitrootlogin":
				value = lower
			}
			set[key] = value
		}
		return true
	}
	read("/etc/ssh/sshd_config", 0)
	return set
}
