// Package packages emulates the package managers' tools over the captured
// package database: dpkg and dpkg-query, apt, apt-get and apt-cache, rpm's
// query mode, and Solaris' pkginfo.
package packages
