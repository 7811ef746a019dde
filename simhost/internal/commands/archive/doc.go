// Package archive emulates the archivers: tar, and gzip with gunzip and zcat,
// reading and writing archives in the simulated filesystem only.
package archive
