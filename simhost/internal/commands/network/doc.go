// Package network emulates the network and SSH-agent clients a host
// offers: ip (addresses, links, routes of the description) and ssh-add.
package network
