// Package files emulates the programs that list, read, create, copy, change
// and remove files (ls, cat, cp, mv, rm, mkdir, chmod, stat, find, du and df...)
// over the simulated filesystem, with coreutils', findutils' and Solaris'
// options, messages and statuses.
package files
