// Package packages emulates the package managers' query tools over the
// captured package database: dpkg and dpkg-query, rpm, and Solaris' pkginfo.
package packages
