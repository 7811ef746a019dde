package machine

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// BlockDevice is a disk or a partition of the host, as the kernel lists it in
// /proc/partitions and lsblk shows it: the host's disk mounts imply them
// (/dev/vda1 on / is partition 1 of disk vda).
type BlockDevice struct {
	Name         string // vda, vda1, nvme0n1p1
	Major, Minor int
	SizeBytes    int64
	Type         string // disk or part
	Parent       string // a partition's disk
	MountPoint   string // where a partition is mounted
	FSType       string
}

var partitionName = regexp.MustCompile(`^/dev/((?:nvme\d+n\d+|mmcblk\d+)p|[a-z]+)(\d+)$`)

// blockMajors are the Linux block majors of the device names virtual and
// physical machines have.
var blockMajors = map[string]int{"sd": 8, "vd": 254, "xvd": 202, "hd": 3, "nvme": 259, "mmcblk": 179}

// BlockDevices are the host's disks, each followed by its partitions, in the
// order their mounts were made (parents first). A disk's size is its
// partitions'; each disk takes 16 minors, as sd and virtio disks do.
func (m *Machine) BlockDevices() []BlockDevice {
	mounts := m.FS.Mounts()
	sort.SliceStable(mounts, func(i, j int) bool { return len(mounts[i].Path) < len(mounts[j].Path) })
	type disk struct {
		BlockDevice
		parts []BlockDevice
	}
	var disks []*disk
	byName := map[string]*disk{}
	for _, mt := range mounts {
		sub := partitionName.FindStringSubmatch(mt.Device)
		if sub == nil {
			continue
		}
		name := strings.TrimSuffix(sub[1], "p") // nvme0n1p1 is a partition of nvme0n1
		if !strings.HasPrefix(sub[1], "nvme") && !strings.HasPrefix(sub[1], "mmcblk") {
			name = sub[1]
		}
		d, ok := byName[name]
		if !ok {
			major := 8
			for prefix, mj := range blockMajors {
				if strings.HasPrefix(name, prefix) {
					major = mj
				}
			}
			d = &disk{BlockDevice: BlockDevice{Name: name, Major: major, Minor: len(disks) * 16, Type: "disk"}}
			byName[name] = d
			disks = append(disks, d)
		}
		var n int
		fmt.Sscanf(sub[2], "%d", &n)
		size := mt.SizeBytes
		if size == 0 {
			size = 10 << 30
		}
		d.parts = append(d.parts, BlockDevice{Name: path.Base(mt.Device), Major: d.Major, Minor: d.Minor + n, SizeBytes: size,
			Type: "part", Parent: name, MountPoint: mt.Path, FSType: mt.FSType})
		d.SizeBytes += size
	}
	var out []BlockDevice
	for _, d := range disks {
		out = append(out, d.BlockDevice)
		out = append(out, d.parts...)
	}
	return out
}

// procPartitions is /proc/partitions: each block device's numbers and size in
// KiB.
func (m *Machine) procPartitions() string {
	var b strings.Builder
	b.WriteString("major minor  #blocks  name\n\n")
	for _, d := range m.BlockDevices() {
		fmt.Fprintf(&b, "%4d  %7d %10d %s\n", d.Major, d.Minor, d.SizeBytes>>10, d.Name)
	}
	return b.String()
}

// procDiskstats is /proc/diskstats of an idle host: every counter zero.
func (m *Machine) procDiskstats() string {
	var b strings.Builder
	for _, d := range m.BlockDevices() {
		fmt.Fprintf(&b, "%4d %7d %s%s\n", d.Major, d.Minor, d.Name, strings.Repeat(" 0", 17))
	}
	return b.String()
}
