// Package privilege emulates the tools that change who runs a command: sudo
// (its sudoers policy, authentication and listing), su, and the PAM checks
// both go through.
package privilege
