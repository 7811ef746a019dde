package network

import (
	"fmt"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "ssh", Only: "gnu", ShortName: true, Run: sshClient})
}

// sshClient is OpenSSH's client as far as a host alone can answer for it:
// -V prints the release the image has (captured whole, OpenSSL's build
// included), and no destination prints the usage (8.4's ends "destination
// [command]"). Reaching another host
// would need a network the simulated host does not have: it says so and
// records it, exiting 255 as ssh does when it cannot connect.
func sshClient(p *shell.Proc) int {
	args := p.Args()
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			break
		}
		if strings.Contains(a[1:], "V") {
			fmt.Fprint(p.Stderr, p.M.P.Texts["ssh-version"])
			return 0
		}
	}
	if len(args) == 0 {
		usage := sshUsage
		if strings.HasPrefix(p.M.P.Version("openssh"), "OpenSSH_8.4") {
			usage = strings.Replace(usage, "destination [command [argument ...]]", "destination [command]", 1)
		}
		fmt.Fprint(p.Stderr, usage)
		return 255
	}
	p.NotEmulated("ssh to another host")
	p.Errorf("connecting to another host is not emulated by the simulated host")
	return 255
}

const sshUsage = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]
           [-i identity_file] [-J [user@]host[:port]] [-L address]
           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]
           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]
           [-w local_tun[:remote_tun]] destination [command [argument ...]]
`
