package progkit

import (
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// MountUsage is one filesystem with its usage in KiB.
type MountUsage struct {
	vfs.Mount
	Total, Used, Avail int64
	ITotal, IUsed      int64  // inodes, counted only when shown
	File               string // the operand that named it, or "" for all
}

// DummyFS are the kernel's filesystems, which hold no blocks.
var DummyFS = map[string]bool{"proc": true, "sysfs": true}

// UsageOf is statfs's answer for the mount, so df shows what writes see: its
// capacity, and a disk a fault has filled as full.
func UsageOf(p *shell.Proc, m vfs.Mount) MountUsage {
	size, free, _, _ := p.M.FS.StatFS(p.Cred(), m.Path)
	d := MountUsage{Mount: m, Total: size / 1024, Avail: free / 1024}
	d.Used = max(0, (size-free+1023)/1024)
	return d
}
