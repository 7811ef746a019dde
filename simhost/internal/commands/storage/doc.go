// Package storage emulates the tools that describe disks and mounts: mount,
// findmnt, lsblk, blkid, mountpoint, swapon and swapoff, fsfreeze and LVM's
// reports.
package storage
