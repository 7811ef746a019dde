// Package accounts emulates the tools that create and change user accounts:
// useradd, usermod and adduser, passwd and chage, over the host's passwd,
// shadow and group files as shadow-utils and Debian's adduser write them.
package accounts
