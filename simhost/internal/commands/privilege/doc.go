// Package privilege emulates the tools that change who runs a command: sudo
// (its sudoers policy, authentication and listing), su, runuser, and the PAM
// checks they go through.
package privilege
