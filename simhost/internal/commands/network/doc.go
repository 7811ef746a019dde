// Package network emulates the network and SSH tools a host offers: ip
// (addresses, links, routes of the description, their statistics), ss (its
// sockets and summary), and OpenSSH's programs as a host runs them locally:
// ssh's and sshd's version and test modes, ssh-add, and ssh-keygen reading keys.
package network
