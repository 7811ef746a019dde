package system

import (
	"fmt"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// What inventory scripts ask the kernel and the firmware: lsmod (kmod) reads
// /proc/modules, dmidecode the SMBIOS tables under /sys/firmware (or
// /dev/mem). A host whose description gives neither, like a container or a
// VM that exposes no SMBIOS, answers as those tools do without them.
func init() {
	shell.Register(shell.Command{Name: "lsmod", Only: "gnu", ShortName: true, Run: lsmodCmd})
	shell.Register(shell.Command{Name: "dmidecode", Only: "gnu", Sbin: true, ShortName: true, Run: dmidecodeCmd})
}

// kmodModuleLine is where libkmod reports a missing /proc/modules, which its
// error message names, by kmod's version.
var kmodModuleLine = map[string]string{"30": "1725", "28": "1668"}

func lsmodCmd(p *shell.Proc) int {
	data, err := p.M.FS.ReadFile(p.Cred(), "/proc/modules")
	if err != nil {
		line, ok := kmodModuleLine[progkit.ToolVersion(p, "kmod", nil)]
		if !ok {
			p.NotEmulated("lsmod's libkmod error of this kmod version")
		}
		fmt.Fprintf(p.Stderr, "libkmod: ERROR ../libkmod/libkmod-module.c:%s kmod_module_new_from_loaded: could not open /proc/modules: %s\n", line, p.Strerror(err))
		fmt.Fprintf(p.Stderr, "Error: could not get list of modules: %s\n", p.Strerror(err))
		return 1
	}
	// /proc/modules: name size refcount users, state address.
	p.Printf("Module                  Size  Used by\n")
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		users := strings.TrimSuffix(strings.TrimSuffix(f[3], ","), "-")
		p.Printf("%-19s %8s  %s", f[0], f[1], f[2])
		if users != "" {
			p.Printf(" %s", users)
		}
		p.Printf("\n")
	}
	return 0
}

func dmidecodeCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "d:hqs:t:uH:V", Long: []string{"dev-mem:=d", "help=h", "quiet=q", "string:=s", "type:=t",
		"dump=u", "dump-bin:", "from-dump:", "no-sysfs", "handle:=H", "oem-string:", "version=V"}, Status: 2}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	version := progkit.ToolVersion(p, "dmidecode", nil)
	if c.Has("V") {
		p.Printf("%s\n", version)
		return 0
	}
	for _, table := range []string{"/sys/firmware/dmi/tables/DMI", "/dev/mem"} {
		if _, err := p.M.FS.Stat(vfs.Root, table); err == nil {
			p.NotEmulated("dmidecode of a host with SMBIOS tables")
			return 0
		}
	}
	// Without the sysfs tables dmidecode scans /dev/mem, which is not there.
	_, quiet := c.Value("s")
	if !quiet && !c.Has("q") {
		p.Printf("# dmidecode %s\nScanning /dev/mem for entry point.\n", version)
	}
	fmt.Fprintf(p.Stderr, "/dev/mem: %s\n", p.Strerror(syscall.ENOENT))
	return 1
}
