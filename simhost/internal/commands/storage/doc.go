// Package storage emulates the tools that describe disks and mounts: mount,
// findmnt, lsblk, mountpoint and LVM's reports.
package storage
