package files

import (
	"hash/fnv"
	"path"
	"strconv"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// statfsType is what statfs(2) reports for a filesystem type: the magic
// number, GNU stat's name for it, and the longest file name.
var statfsTypes = map[string]struct {
	magic  uint32
	name   string
	maxLen int
}{
	"ext4": {0xEF53, "ext2/ext3", 255}, "ext3": {0xEF53, "ext2/ext3", 255}, "ext2": {0xEF53, "ext2/ext3", 255},
	"xfs": {0x58465342, "xfs", 255}, "tmpfs": {0x01021994, "tmpfs", 255}, "nfs": {0x6969, "nfs", 255},
	"nfs4": {0x6969, "nfs", 255}, "zfs": {0x2FC12FC1, "zfs", 255}, "btrfs": {0x9123683E, "btrfs", 255},
	"vfat": {0x4d44, "msdos", 1530}, "cifs": {0xFF534D42, "cifs", 255},
}

// statFS is stat -f: the filesystem holding each operand, in GNU stat's default,
// terse or --format forms.
func statFS(p *shell.Proc, operands []string, format string, terse, newline bool) int {
	if format == "" {
		format = "  File: \"%n\"\n    ID: %-8i Namelen: %-7l Type: %T\nBlock size: %-10s Fundamental block size: %S\n" +
			"Blocks: Total: %-10b Free: %-10f Available: %a\nInodes: Total: %-10c Free: %d"
		if terse {
			format = "%n %i %l %t %s %S %b %f %a %c %d"
		}
	}
	status := 0
	for _, name := range operands {
		real, err := p.M.FS.Realpath(p.Cred(), p.Abs(name))
		if err != nil {
			p.Errorf("cannot read file system information for %s: %s", progkit.QuoteName(p, name), p.Strerror(err))
			status = 1
			continue
		}
		m := p.M.FS.MountOf(real)
		d := progkit.UsageOf(p, m)
		t, known := statfsTypes[m.FSType]
		if !known {
			p.NotEmulated("statfs of a " + m.FSType + " filesystem")
			t.name, t.maxLen = m.FSType, 255
		}
		blocks := uint64(d.Total / 4)
		free := uint64(d.Avail / 4)
		total, freeInodes, bounded := p.M.FS.Inodes(m.Path)
		inodes := uint64(total)
		used := uint64(total - freeInodes)
		if !bounded {
			used = uint64(statfsCountNodes(p, m.Path))
		}
		id := fnv.New64a()
		id.Write([]byte(m.Device))
		value := func(verb byte) (string, bool) {
			switch verb {
			case 'n':
				return name, true
			case 'i':
				return strconv.FormatUint(id.Sum64(), 16), true
			case 'l':
				return strconv.Itoa(t.maxLen), true
			case 't':
				return strconv.FormatUint(uint64(t.magic), 16), true
			case 'T':
				return t.name, true
			case 's', 'S':
				return "4096", true
			case 'b':
				return strconv.FormatUint(blocks, 10), true
			case 'f', 'a':
				return strconv.FormatUint(free, 10), true
			case 'c':
				return strconv.FormatUint(inodes, 10), true
			case 'd':
				return strconv.FormatUint(inodes-min(used, inodes), 10), true
			}
			return "", false
		}
		out := fsExpandPercent(format, "-0123456789", true, func(rest string) (string, int, bool) {
			v, ok := value(rest[0])
			return v, 1, ok
		})
		p.Printf("%s", out)
		if newline {
			p.Printf("\n")
		}
	}
	return status
}

// statfsCountNodes counts the files on the mount at root, for the inodes in use.
func statfsCountNodes(p *shell.Proc, root string) int {
	n := 1
	entries, err := p.M.FS.ReadDir(vfs.Root, root)
	if err != nil {
		return n
	}
	for _, e := range entries {
		child := path.Join(root, e.Name)
		if e.Mode.IsDir() && p.M.FS.MountOf(child).Path == p.M.FS.MountOf(root).Path {
			n += statfsCountNodes(p, child)
		} else {
			n++
		}
	}
	return n
}
