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
	shell.Register(shell.Command{Name: "modprobe", Only: "gnu", Sbin: true, ShortName: true, Run: modprobeCmd})
	shell.Register(shell.Command{Name: "modinfo", Only: "gnu", Sbin: true, ShortName: true, Run: modinfoCmd})
}

// kmodFeatures is the second line of kmod --version, by kmod's version.
var kmodFeatures = map[string]string{"30": "+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL", "28": "-ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL"}

// moduleTree is the directory of the running kernel's modules, and whether
// the host has its index: a host (or container) without it finds no module,
// which is all kmod's tools are emulated for.
func moduleTree(p *shell.Proc) (string, bool) {
	dir := "/lib/modules/" + p.M.P.Uname.Release
	_, err := p.M.FS.Stat(p.Cred(), dir+"/modules.dep")
	return dir, err == nil
}

// kmodParse reads a kmod tool's command line; done is true, with the exit
// status, when --version, a usage error or no operand ended it.
func kmodParse(p *shell.Proc, g progkit.Getopt, missing string) (c progkit.Cmdline, code int, done bool) {
	c, code, ok := g.Parse(p, p.Args())
	switch {
	case !ok:
		return c, code, true
	case c.Has("V"):
		v := progkit.ToolVersion(p, "kmod", nil)
		p.Printf("kmod version %s\n%s\n", v, kmodFeatures[v])
		return c, 0, true
	case len(c.Operands) == 0:
		fmt.Fprintf(p.Stderr, "%s: ERROR: %s\n", p.Name(), missing)
		return c, 1, true
	}
	return c, 0, false
}

// modprobeCmd is kmod's modprobe on a host with no module index: every
// module is missing, which guides' "modprobe br_netfilter" meets in a
// container.
func modprobeCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "aCcDd:firS:qRs:vVnbh", Long: []string{"all=a", "remove=r", "show=n", "dry-run=n", "quiet=q",
		"verbose=v", "version=V", "first-time", "ignore-install=i", "ignore-remove=i", "force=f", "force-vermagic",
		"force-modversion", "set-version:=S", "config:=C", "dirname:=d", "show-depends=D", "showconfig=c",
		"show-config=c", "resolve-alias=R", "remove-dependencies", "use-blacklist=b", "syslog=s", "help=h"},
		NoTry: true, NotEmulated: []string{"c", "showconfig", "show-config", "d", "dirname", "S", "set-version", "C", "config"}}
	c, code, done := kmodParse(p, g, "missing parameters. See -h.")
	if done {
		return code
	}
	dir, indexed := moduleTree(p)
	if indexed {
		p.NotEmulated("modprobe on a host with a module index")
		return 0
	}
	quiet := c.Has("q")
	switch {
	case c.Has("r"):
		if !quiet && progkit.ToolVersion(p, "kmod", nil) != "28" {
			fmt.Fprintf(p.Stderr, "modprobe: FATAL: Module %s not found.\n", c.Operands[0])
		}
	case c.Has("a"):
		for _, name := range c.Operands {
			if !quiet {
				fmt.Fprintf(p.Stderr, "modprobe: WARNING: Module %s not found in directory %s\n", name, dir)
			}
		}
	case !quiet:
		fmt.Fprintf(p.Stderr, "modprobe: FATAL: Module %s not found in directory %s\n", c.Operands[0], dir)
	}
	return 1
}

// modinfoCmd is kmod's modinfo on a host with no module index.
func modinfoCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "adlpnF:0mk:b:Vh", Long: []string{"author=a", "description=d", "license=l", "parameters=p",
		"filename=n", "field:=F", "null=0", "set-version:=k", "basedir:=b", "version=V", "help=h"}, NoTry: true,
		NotEmulated: []string{"k", "set-version", "b", "basedir"}}
	c, code, done := kmodParse(p, g, "missing module or filename.")
	if done {
		return code
	}
	if _, indexed := moduleTree(p); indexed {
		p.NotEmulated("modinfo on a host with a module index")
		return 0
	}
	what := "Module"
	if progkit.ToolVersion(p, "kmod", nil) == "28" {
		what = "Module alias"
	}
	for _, name := range c.Operands {
		fmt.Fprintf(p.Stderr, "modinfo: ERROR: %s %s not found.\n", what, name)
	}
	return 1
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
