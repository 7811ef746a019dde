// Package accounts emulates the tools that create and change user accounts
// and groups: useradd, usermod, userdel, groupadd, groupdel, adduser and
// addgroup, passwd, chpasswd, chage, gpasswd and sg, over the host's passwd,
// shadow and group files as shadow-utils and Debian's adduser write them.
package accounts
