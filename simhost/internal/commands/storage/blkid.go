package storage

import (
	"io/fs"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "blkid", Sbin: true, Only: "gnu", ShortName: true, Run: blkidCmd})
}

// blkidLibDates are the release dates libblkid prints with its version.
var blkidLibDates = map[string]string{"2.38.1": "04-Aug-2022", "2.36.1": "16-Nov-2020"}

// blkidCmd is util-linux blkid: the filesystems (TYPE, UUID, LABEL) of the
// block devices named, or of all that /proc/partitions lists. It reads the
// device nodes, which the host's /dev does not have (it makes null, zero and
// tty only), so it finds nothing and exits 2, as it does for a device that
// is missing or holds no filesystem; a device node a description puts in /dev
// is read as not emulated, the host keeping no filesystem identities.
func blkidCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "c:dghilL:n:ko:O:ps:S:t:u:U:w:VD", Long: []string{"cache-file:=c", "no-encoding=d", "garbage-collect=g",
		"output:=o", "list-filesystems=k", "match-tag:=s", "match-token:=t", "list-one=l", "label:=L", "uuid:=U", "probe=p",
		"info=i", "size:=S", "offset:=O", "usages:=u", "match-types:=n", "no-part-details=D", "version=V", "help=h"},
		Status: 1, NotEmulated: []string{"h", "help", "k", "list-filesystems", "i", "info"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	if c.Has("V") {
		v := p.M.P.Version("util-linux")
		p.Printf("blkid from util-linux %s  (libblkid %s, %s)\n", v, v, blkidLibDates[v])
		return 0
	}
	if c.Has("h", "k", "i") {
		return 0
	}
	if f, ok := c.Value("o"); ok {
		switch strings.ToLower(f) {
		case "value", "device", "export", "full", "udev", "list":
		default:
			p.Errorf("unsupported output format %s", f)
			return 4
		}
	}
	if c.Has("p") && len(c.Operands) == 0 {
		p.Errorf("The low-level probing mode requires a device")
		return 4
	}
	devices := c.Operands
	if len(devices) == 0 && !c.Has("L", "U") {
		// every partition the kernel lists, read through its node in /dev
		text, _ := p.M.FS.ReadFile(p.Cred(), "/proc/partitions")
		for _, line := range strings.Split(string(text), "\n")[min(2, strings.Count(string(text), "\n")):] {
			if f := strings.Fields(line); len(f) == 4 {
				devices = append(devices, "/dev/"+f[3])
			}
		}
	}
	for _, d := range devices {
		info, err := p.M.FS.Stat(p.Cred(), p.Abs(d))
		if err != nil && c.Has("p") && !p.M.P.VersionAtLeast("util-linux", "2.38") {
			// 2.36's low-level probe says so and stops; 2.38's is silent
			p.Errorf("error: %s: %s", d, p.Strerror(err))
			return 2
		}
		if err != nil || info.Mode&fs.ModeDevice == 0 || info.Mode&fs.ModeCharDevice != 0 {
			continue
		}
		p.NotEmulated("the filesystem identity of " + d)
	}
	return 2
}
