package vfs

import "syscall"

// capacity is what regular files under the mount may hold: its size, or its
// quota when that is smaller. df's size and what writes see are one figure.
func (m *mount) capacity() int64 {
	if m.QuotaBytes > 0 && m.QuotaBytes < m.SizeBytes {
		return m.QuotaBytes
	}
	return m.SizeBytes
}

// free is what writes may still add: the mount's size less the installed
// system's share and what its files hold, and less its quota's remainder
// when it has one.
func (m *mount) free() int64 {
	room := m.SizeBytes - m.SystemBytes - m.used
	if m.QuotaBytes > 0 {
		room = min(room, m.QuotaBytes-m.used)
	}
	return max(0, room)
}

// StatFS is statfs(2) for the mount p lies on: its size and what is free, as
// df and SFTP's statvfs report them. The interceptor sees a "statfs" op whose
// Size is the free space and may lower it (a disk-full fault), so df agrees
// with what writes meet.
func (f *FS) StatFS(c Cred, p string) (size, free int64, m Mount, err error) {
	f.mu.RLock()
	mt := f.mountOf(p)
	size, free, m = mt.capacity(), mt.free(), mt.Mount
	f.mu.RUnlock()
	if ip := f.interceptor.Load(); ip != nil {
		op := Op{Name: "statfs", Path: m.Path, Cred: c, Size: free}
		if err := (*ip)(&op); err != nil {
			return 0, 0, m, pathErr("statfs", p, syscall.EIO)
		}
		free = max(0, min(free, op.Size))
	}
	return size, free, m, nil
}
